//! Which party a quote is aimed at.

/// The target party of a quote, given the speaker's party, the parties the quote names (in
/// order of first mention) and the article's principals (its two most-mentioned parties):
///
/// 1. Unknown speaker party: the principal named in the quote (the more-mentioned one when
///    both are), else none.
/// 2. A speaker from a principal party: the first party the quote names other than its own;
///    if it names none (including "you", "they", "them"), the other principal.
/// 3. A third-party speaker (neither principal): the one principal the quote names; "both"
///    when it names both principals or none; else the first other party it names.
pub(crate) fn target(
    speaker: Option<&str>,
    named: &[&str],
    principals: &[String],
) -> Option<String> {
    let is_principal = |p: &str| principals.iter().any(|x| x == p);
    let Some(own) = speaker else {
        return principals
            .iter()
            .find(|p| named.contains(&p.as_str()))
            .cloned();
    };
    let others: Vec<&str> = named.iter().copied().filter(|p| *p != own).collect();
    if is_principal(own) {
        if let Some(first) = others.first() {
            return Some(first.to_string());
        }
        return principals.iter().find(|p| p.as_str() != own).cloned();
    }
    let named_principals: Vec<&str> = others.iter().copied().filter(|p| is_principal(p)).collect();
    match named_principals.len() {
        1 => Some(named_principals[0].to_string()),
        0 if others.is_empty() => (principals.len() == 2).then(|| "both".to_string()),
        0 => Some(others[0].to_string()),
        _ => Some("both".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::target;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    /// The parties a quote names.
    fn n<'a>(v: &[&'a str]) -> Vec<&'a str> {
        v.to_vec()
    }

    #[test]
    fn rules() {
        let pr = s(&["Iran", "United States"]);
        assert_eq!(
            target(Some("Iran"), &[], &pr).as_deref(),
            Some("United States")
        );
        assert_eq!(
            target(Some("Iran"), &n(&["Iran", "Israel"]), &pr).as_deref(),
            Some("Israel")
        );
        assert_eq!(target(Some("Oman"), &[], &pr).as_deref(), Some("both"));
        assert_eq!(
            target(Some("Oman"), &n(&["Iran"]), &pr).as_deref(),
            Some("Iran")
        );
        assert_eq!(
            target(Some("Oman"), &n(&["Iran", "United States"]), &pr).as_deref(),
            Some("both")
        );
        assert_eq!(
            target(None, &n(&["United States"]), &pr).as_deref(),
            Some("United States")
        );
        assert_eq!(target(None, &[], &pr), None);
    }
}
