//! What the vectorizer analyses: a text, and optionally its target, whose mentions are marked
//! when the model does target marking (`AnalyzerSettings::target_window`).

/// A text to featurise. Plain strings have no target.
pub trait Document {
    fn text(&self) -> &str;
    /// The mention text of the row's target (e.g. "President Trump"), if known.
    fn target(&self) -> Option<&str> {
        None
    }
}

impl<S: AsRef<str> + ?Sized> Document for S {
    #[inline]
    fn text(&self) -> &str {
        self.as_ref()
    }
}

/// A text and its target, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targeted<'a> {
    pub text: &'a str,
    pub target: Option<&'a str>,
}

impl<'a> Targeted<'a> {
    /// The text and target of any document.
    pub fn of<D: Document + ?Sized>(document: &'a D) -> Self {
        Self {
            text: document.text(),
            target: document.target(),
        }
    }
}

impl Document for Targeted<'_> {
    #[inline]
    fn text(&self) -> &str {
        self.text
    }

    #[inline]
    fn target(&self) -> Option<&str> {
        self.target
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_have_no_target_and_targeted_texts_do() {
        assert_eq!("a".target(), None);
        assert_eq!(String::from("b").text(), "b");
        let t = Targeted {
            text: "Iran said",
            target: Some("Iran"),
        };
        assert_eq!((t.text(), t.target()), ("Iran said", Some("Iran")));
        assert_eq!(Targeted::of(&t), t);
        assert_eq!(Targeted::of("x").target, None);
    }
}
