//! The shell both HTML pages share (the evaluation / comparison page in [`super::html`] and
//! the tone report in [`super::report_html`]): the document around the body, the start of the
//! style sheet, and the cut for text shown in a cell.

use crate::markup::html as esc;
use std::borrow::Cow;

/// The start of both style sheets (colours, fonts, page width, title); each page's own
/// rules follow it. A macro so each page's sheet stays one `&'static str` (`concat!`).
macro_rules! base_style {
    () => {
        "
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif;
  color: #1f2328; background: #fff; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
"
    };
}
pub(super) use base_style;

/// A whole self-contained page: `title` (escaped here), the inline `style`, then `body`.
pub fn page(title: &str, style: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{style}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        esc(title)
    )
}

/// `s` cut to `max` characters, the last an ellipsis (labels in charts, quotes in cells).
pub fn clip(s: &str, max: usize) -> Cow<'_, str> {
    crate::ellipsis::cut(s, max, crate::ellipsis::Ellipsis::Within)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_escaped_and_the_body_kept() {
        let p = page("a <b>", "x{}", "<p>hi</p>\n");
        assert!(p.contains("<title>a &lt;b&gt;</title>\n<style>x{}</style>"));
        assert!(p.ends_with("<main>\n<p>hi</p>\n</main>\n</body>\n</html>\n"));
        assert!(base_style!().starts_with("\n:root"));
    }
}
