//! Output formatting, one function per format; no computation happens here.
pub mod articles;
pub mod card;
pub mod compare;
pub mod export;
pub mod html;
pub mod metrics_table;
pub mod page;
pub mod predictions;
pub mod report;
pub mod report_html;

/// `n` and the noun, plural unless `n` is 1: "1 quote", "3 quotes".
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// A directed pair for a text line, each party cut to `max` characters on one line:
/// "United States → Iran".
pub fn pair_line(from: &str, to: &str, max: usize) -> String {
    format!(
        "{} → {}",
        predictions::one_line(from, max),
        predictions::one_line(to, max)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_pairs() {
        assert_eq!(counted(1, "quote"), "1 quote");
        assert_eq!(counted(0, "quote"), "0 quotes");
        assert_eq!(counted(12, "article"), "12 articles");
        assert_eq!(
            pair_line("Iran", "United\nStates", 80),
            "Iran → United States"
        );
    }
}
