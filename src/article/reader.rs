//! Turns raw article bytes (plain text or HTML) into clean text, one paragraph per block.

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
    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let decoded = html_escape::decode_html_entities(raw);
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

/// Byte index of the first `>` at or after `from`, if any.
fn find_byte(s: &[u8], from: usize, b: u8) -> Option<usize> {
    s.get(from..)?
        .iter()
        .position(|&x| x == b)
        .map(|p| p + from)
}

/// Byte index of `</name` (ASCII case-insensitive) at or after `from`.
fn find_close_tag(s: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(lt) = find_byte(s, i, b'<') {
        let tail = s.get(lt + 1..)?;
        if tail.first() == Some(&b'/')
            && tail.len() > name.len()
            && tail[1..=name.len()].eq_ignore_ascii_case(name)
        {
            return Some(lt);
        }
        i = lt + 1;
    }
    None
}

fn strip_html(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = Out {
        paragraphs: Vec::new(),
        current: String::new(),
    };
    let mut i = 0; // always on a char boundary: we only stop at ASCII bytes
    let mut text_start = 0;
    while let Some(lt) = find_byte(b, i, b'<') {
        out.text(html.get(text_start..lt).unwrap_or(""));
        if b.get(lt + 1..lt + 4) == Some(b"!--") {
            // Comment: skip to "-->" (or to the end).
            let end = html
                .get(lt + 4..)
                .and_then(|r| r.find("-->"))
                .map_or(b.len(), |p| lt + 4 + p + 3);
            i = end;
            text_start = end;
            continue;
        }
        let Some(gt) = find_byte(b, lt + 1, b'>') else {
            // Broken tag: keep the rest as text.
            text_start = lt;
            break;
        };
        let inner = html.get(lt + 1..gt).unwrap_or("");
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        i = gt + 1;
        text_start = i;
        if !closing && (name == "script" || name == "style") && !inner.ends_with('/') {
            let end = find_close_tag(b, i, name.as_bytes()).unwrap_or(b.len());
            let after = find_byte(b, end, b'>').map_or(b.len(), |p| p + 1);
            i = after;
            text_start = after;
            continue;
        }
        if BLOCK_TAGS.contains(&name.as_str()) {
            out.brk();
        }
    }
    out.text(html.get(text_start..).unwrap_or(""));
    out.brk();
    out.paragraphs.join("\n\n")
}
