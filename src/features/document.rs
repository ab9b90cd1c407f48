//! What the vectorizer analyses: a text; optionally its target, whose mentions are marked
//! when the model does target marking (`AnalyzerSettings::target_window`); and optionally
//! the writer's sentence that carries it, read for short quotes when the model uses context
//! (`AnalyzerSettings::context_words`).

/// A text to featurise. Plain strings have no target and no context.
pub trait Document {
    fn text(&self) -> &str;
    /// The mention text of the row's target (e.g. "President Trump"), if known.
    fn target(&self) -> Option<&str> {
        None
    }
    /// The writer's sentence that holds the text (a quote), if known.
    fn context(&self) -> Option<&str> {
        None
    }
}

impl<S: AsRef<str> + ?Sized> Document for S {
    #[inline]
    fn text(&self) -> &str {
        self.as_ref()
    }
}

/// A text with its target and context, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targeted<'a> {
    pub text: &'a str,
    pub target: Option<&'a str>,
    pub context: Option<&'a str>,
}

impl<'a> Targeted<'a> {
    /// A text and its target, without context.
    pub fn new(text: &'a str, target: Option<&'a str>) -> Self {
        Self {
            text,
            target,
            context: None,
        }
    }

    /// The text, target and context of any document.
    pub fn of<D: Document + ?Sized>(document: &'a D) -> Self {
        Self {
            text: document.text(),
            target: document.target(),
            context: document.context(),
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

    #[inline]
    fn context(&self) -> Option<&str> {
        self.context
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_have_no_target_and_targeted_texts_do() {
        assert_eq!("a".target(), None);
        assert_eq!("a".context(), None);
        assert_eq!(String::from("b").text(), "b");
        let t = Targeted {
            text: "Iran said",
            target: Some("Iran"),
            context: Some("The minister said \"Iran said\"."),
        };
        assert_eq!((t.text(), t.target()), ("Iran said", Some("Iran")));
        assert_eq!(t.context(), Some("The minister said \"Iran said\"."));
        assert_eq!(Targeted::of(&t), t);
        assert_eq!(Targeted::of("x").target, None);
        assert_eq!(Targeted::new("x", Some("y")).context, None);
    }
}
