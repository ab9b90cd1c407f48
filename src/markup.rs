//! Escaping text from data (quotes, labels, file names) for the markup we write: HTML pages
//! and Markdown tables. The one place both escapes live, below every layer that writes them.
//!
//! The entities `&`, `<`, `>` and `"` come from the `html-escape` crate; two rules are ours:
//! an apostrophe is written `&#39;` (the crate writes `&#x27;`; our pages always used the
//! decimal form and must stay byte for byte the same), and control characters, which HTML
//! does not allow in text, are replaced.

/// Escapes text for HTML element content and quoted attribute values: `& < > " '` as
/// entities, control characters other than tab and newline as U+FFFD.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let replacement = match c {
            '\'' => "&#39;",
            c if c.is_control() && c != '\n' && c != '\t' => "\u{FFFD}",
            _ => continue,
        };
        html_escape::encode_double_quoted_attribute_to_string(&s[run..i], &mut out);
        out.push_str(replacement);
        run = i + c.len_utf8();
    }
    html_escape::encode_double_quoted_attribute_to_string(&s[run..], &mut out);
    out
}

/// Escapes text for a Markdown table cell or line: `& < >` as HTML entities (no raw HTML),
/// Markdown's marks (`\ | ` * _ [ ] #`) backslashed (no table breaks, no emphasis), control
/// characters as spaces (a cell is one line).
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let marked = matches!(c, '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '#');
        if !marked && !c.is_control() {
            continue;
        }
        html_escape::encode_text_to_string(&s[run..i], &mut out);
        if marked {
            out.push('\\');
            out.push(c);
        } else {
            out.push(' ');
        }
        run = i + c.len_utf8();
    }
    html_escape::encode_text_to_string(&s[run..], &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written escapers these replaced, kept here to hold the outputs to them:
    /// `& < >` as entities, `other` for the rest.
    fn by_hand(s: &str, other: impl Fn(char) -> Option<String>) -> String {
        s.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                c => other(c).unwrap_or_else(|| c.to_string()),
            })
            .collect()
    }

    fn html_by_hand(s: &str) -> String {
        by_hand(s, |c| match c {
            '"' => Some("&quot;".into()),
            '\'' => Some("&#39;".into()),
            c if c.is_control() && c != '\n' && c != '\t' => Some("\u{FFFD}".into()),
            _ => None,
        })
    }

    fn markdown_by_hand(s: &str) -> String {
        by_hand(s, |c| match c {
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '#' => Some(format!("\\{c}")),
            c if c.is_control() => Some(" ".into()),
            _ => None,
        })
    }

    const SAMPLES: &[&str] = &[
        "",
        "plain",
        "He said: \"<script>alert('x')</script>\" | *bold*",
        "a&b&amp;c",
        "tab\tnew\nline\r\u{1b}[31m\u{7f}\u{85}",
        "ünïcode “quoted” ‘single’ \u{202e}bidi\u{2066} 中文 🙂",
        "[link](x) `code` _em_ #h \\back/slash",
        "'''\"\"\"<<<>>>&&&",
    ];

    #[test]
    fn html_matches_the_hand_written_escaper() {
        for s in SAMPLES {
            assert_eq!(html(s), html_by_hand(s), "{s:?}");
        }
        assert_eq!(
            html("<a href=\"x\">O'Neil</a>"),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil&lt;/a&gt;"
        );
        assert_eq!(html("a\u{1}b"), "a\u{FFFD}b");
    }

    #[test]
    fn markdown_matches_the_hand_written_escaper() {
        for s in SAMPLES {
            assert_eq!(markdown(s), markdown_by_hand(s), "{s:?}");
        }
        assert_eq!(markdown("a|b <script>"), "a\\|b &lt;script&gt;");
        assert_eq!(markdown("x\ny"), "x y");
    }
}
