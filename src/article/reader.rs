//! Turns raw article bytes (plain text or HTML) into clean text, one paragraph per block.

use std::convert::Infallible;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span, Tokenizer};

use super::work;

/// Tags that end a paragraph.
#[rustfmt::skip]
const BLOCK_TAGS: &[&str] = &[
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "blockquote", "section", "article", "header", "footer", "aside", "figure", "figcaption", "hr",
    "pre", "dd", "dt", "main", "nav", "title", "body", "html",
];

/// Decodes `bytes` (invalid UTF-8 is replaced, and reported in the second value). With
/// `is_html`, tags are stripped, `<script>`/`<style>` contents dropped, entities decoded,
/// block tags become blank-line paragraph breaks and whitespace inside a paragraph is collapsed.
/// Plain text only has `\r\n`/`\r` turned into `\n`.
pub fn read_article_bytes(bytes: &[u8], is_html: bool) -> (String, bool) {
    read_article_vec(bytes.to_vec(), is_html)
}

/// As [`read_article_bytes`], taking the bytes: valid UTF-8 without `\r` (most articles) is
/// used as it is, without a copy.
pub fn read_article_vec(bytes: Vec<u8>, is_html: bool) -> (String, bool) {
    work::add(bytes.len());
    let (text, invalid) = match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    if is_html {
        (strip_html(&text), invalid)
    } else {
        (text, invalid)
    }
}

struct Out {
    paragraphs: Vec<String>,
    current: String,
}

impl Out {
    /// Appends already-decoded text, collapsing whitespace runs to one space.
    fn text(&mut self, decoded: &str) {
        for c in decoded.chars() {
            if c.is_whitespace() {
                if !self.current.is_empty() && !self.current.ends_with(' ') {
                    self.current.push(' ');
                }
            } else {
                self.current.push(c);
            }
        }
    }
    fn brk(&mut self) {
        let p = self.current.trim();
        if !p.is_empty() {
            self.paragraphs.push(p.to_string());
        }
        self.current.clear();
    }
}

/// Raw-text elements whose contents are not article text (scripts, styles, and what a
/// browser with scripting on does not show).
const DROPPED: &[&[u8]] = &[
    b"script",
    b"style",
    b"noscript",
    b"iframe",
    b"noembed",
    b"noframes",
    b"template",
];

/// Tokenizes with html5gum, a WHATWG-conformant tokenizer: quoted attribute values may hold
/// `>`, character references follow the spec (`&#128;` is €), a CDATA section runs to its `]]>`, and unterminated markup at the end is dropped as a browser drops it. Raw-text
/// elements (script, style, title, textarea …) switch the tokenizer state as a browser's tree
/// builder would, so `<` inside a script is not read as a tag. Linear in the input.
fn strip_html(html: &str) -> String {
    let mut out = Out {
        paragraphs: Vec::new(),
        current: String::new(),
    };
    let mut tag: Vec<u8> = Vec::new();
    let mut dropping = false;
    let mut emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _span: Span<()>| {
        match event {
            CallbackEvent::OpenStartTag { name } | CallbackEvent::EndTag { name } => {
                tag.clear();
                tag.extend_from_slice(name);
                if let CallbackEvent::EndTag { .. } = event {
                    dropping = false;
                    if is_block(&tag) {
                        out.brk();
                    }
                }
            }
            CallbackEvent::CloseStartTag { .. } => {
                if DROPPED.contains(&tag.as_slice()) {
                    dropping = true;
                }
                if is_block(&tag) {
                    out.brk();
                }
            }
            CallbackEvent::String { value } if !dropping => {
                out.text(&String::from_utf8_lossy(value));
            }
            _ => {}
        }
        None::<Infallible>
    });
    emitter.naively_switch_states(true);
    // The string reader cannot fail (its error type is `Infallible`), so every item is `Ok`.
    for _ in Tokenizer::new_with_emitter(html, CdataAware(emitter)).flatten() {}
    out.brk();
    out.paragraphs.join("\n\n")
}

/// Reads `<![CDATA[…]]>` as a CDATA section (its content is text, as in XHTML and SVG/MathML)
/// rather than as a bogus comment ending at the first `>`, which would leak the rest of the
/// section, `]]>` included, into the text.
struct CdataAware<E>(E);

impl<E: Emitter> ForwardingEmitter for CdataAware<E> {
    type Token = E::Token;
    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }
    fn adjusted_current_node_present_but_not_in_html_namespace(&mut self) -> bool {
        true
    }
}

fn is_block(name: &[u8]) -> bool {
    BLOCK_TAGS.iter().any(|t| t.as_bytes() == name)
}
