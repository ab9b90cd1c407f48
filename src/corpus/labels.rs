//! The label set of a model or corpus, and the rules a label must follow.

/// The labels a model predicts, in a fixed order (the order of its probability columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelSet(Vec<String>);

/// The default label scheme (see data/LABELS.md).
pub const DEFAULT_LABELS: [&str; 3] = ["conciliatory", "hostile", "neutral"];

impl Default for LabelSet {
    fn default() -> Self {
        Self(DEFAULT_LABELS.iter().map(|s| s.to_string()).collect())
    }
}

/// At most this many labels in a label set, a model or a report: a confusion matrix is
/// labels × labels, and 30,000 labels once asked `evaluate` for 8 GB.
pub const MAX_LABELS: usize = 100;
/// At most this many characters in a label: labels are column heads in every table.
pub const MAX_LABEL_CHARS: usize = 64;

/// What a label may be, for messages.
pub const LABEL_RULES: &str = "a label is 1 to 64 characters, with no control characters, commas, quotes or newlines, and there are at most 100 labels";

/// A label for a message: cut to `MAX_LABEL_CHARS` and escaped for the terminal.
pub fn cut_label(label: &str) -> String {
    let s = crate::ellipsis::cut(label, MAX_LABEL_CHARS, crate::ellipsis::Ellipsis::After);
    crate::term::clean(&s).into_owned()
}

/// [`cut_label`] in double quotes.
pub fn show_label(label: &str) -> String {
    format!("\"{}\"", cut_label(label))
}

/// Why `label` breaks the label rules, if it does.
pub fn label_problem(label: &str) -> Option<String> {
    let n = label.chars().count();
    let why = if label.is_empty() {
        "is empty".to_string()
    } else if n > MAX_LABEL_CHARS {
        format!("is {n} characters long")
    } else if label.chars().any(crate::term::is_unsafe) {
        "contains a control character".to_string()
    } else if label.contains([',', '"']) {
        "contains a comma or a quote".to_string()
    } else {
        return None;
    };
    Some(format!("label {} {why}; {LABEL_RULES}", show_label(label)))
}

/// Up to ten labels for a message, then how many there are in all.
pub fn list_labels<S: AsRef<str>>(labels: &[S]) -> String {
    let mut s = labels
        .iter()
        .take(10)
        .map(|l| cut_label(l.as_ref()))
        .collect::<Vec<_>>()
        .join(", ");
    if labels.len() > 10 {
        s.push_str(&format!(", … ({} in all)", labels.len()));
    }
    s
}

/// Checks a whole label list: the count, then each label.
pub fn check_labels<'a>(labels: impl ExactSizeIterator<Item = &'a str>) -> Result<(), String> {
    let n = labels.len();
    if n > MAX_LABELS {
        return Err(format!("{n} labels; {LABEL_RULES}"));
    }
    for l in labels {
        if let Some(why) = label_problem(l) {
            return Err(why);
        }
    }
    Ok(())
}

impl LabelSet {
    /// Parses `a,b,c`: trimmed, lower-cased, at least two, no duplicates, within the label
    /// rules.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let labels: Vec<String> = spec
            .split(',')
            .map(normalise_label)
            .filter(|s| !s.is_empty())
            .collect();
        if labels.len() < 2 {
            return Err(format!(
                "--labels needs at least two comma-separated labels, got {spec:?}"
            ));
        }
        check_labels(labels.iter().map(String::as_str)).map_err(|e| format!("--labels: {e}"))?;
        for (i, l) in labels.iter().enumerate() {
            if labels[..i].contains(l) {
                return Err(format!("--labels names {l:?} twice"));
            }
        }
        Ok(Self(labels))
    }

    pub fn from_vec(labels: Vec<String>) -> Self {
        Self(labels)
    }

    pub fn names(&self) -> &[String] {
        &self.0
    }

    pub fn index(&self, label: &str) -> Option<usize> {
        self.0.iter().position(|l| l == label)
    }
}

pub(super) fn normalise_label(s: &str) -> String {
    s.trim().to_lowercase()
}
