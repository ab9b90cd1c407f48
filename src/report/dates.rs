//! Calendar dates and reporting periods: parsing `YYYY-MM-DD` (optionally followed by an ISO
//! 8601 time), finding an HTML page's publication date, and bucketing dates into days, ISO
//! weeks or months. No time zones: the date is the one the publisher wrote.

use serde::{Serialize, Serializer};
use std::fmt;

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// Checked constructor: a real day of a year from 1 to 9999.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (civil_from_days).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Monday = 0 … Sunday = 6.
    fn weekday(self) -> i64 {
        // 1970-01-01 was a Thursday (3).
        (self.days() + 3).rem_euclid(7)
    }
}

/// Parses `YYYY-MM-DD`, optionally followed by `T` or a space and a time (ISO 8601 / RFC
/// 3339, as in `2026-03-14T09:30:00+03:30`); the time is not used. The error says why.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| std::str::from_utf8(part).ok()?.parse().ok())?
    };
    let shape = b.len() >= 10 && b[4] == b'-' && b[7] == b'-';
    let (Some(y), Some(m), Some(d), true) = (digits(0..4), digits(5..7), digits(8..10), shape)
    else {
        return Err(format!("{s:?} is not a date in the form YYYY-MM-DD"));
    };
    if b.len() > 10 && !matches!(b[10], b'T' | b't' | b' ') {
        return Err(format!(
            "{s:?} is not a date in the form YYYY-MM-DD (a time may follow after T or a space)"
        ));
    }
    Date::new(y as i32, m, d).ok_or_else(|| format!("{s:?} is not a day of the calendar"))
}

/// How series are bucketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    /// ISO 8601 weeks, Monday to Sunday, named like `2026-W07`.
    Week,
    Month,
}

/// One period: its name and its first and last day.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PeriodSpan {
    pub start: Date,
    pub end: Date,
    pub name: String,
}

impl Period {
    /// The period that holds `date`.
    pub fn span(self, date: Date) -> PeriodSpan {
        match self {
            Period::Day => PeriodSpan {
                start: date,
                end: date,
                name: date.to_string(),
            },
            Period::Week => {
                let monday = date.days() - date.weekday();
                // The ISO year is the year of the week's Thursday.
                let thursday = Date::from_days(monday + 3);
                let jan1 = Date::new(thursday.year, 1, 1).map_or(0, Date::days);
                let week = (monday + 3 - jan1) / 7 + 1;
                PeriodSpan {
                    start: Date::from_days(monday),
                    end: Date::from_days(monday + 6),
                    name: format!("{:04}-W{week:02}", thursday.year),
                }
            }
            Period::Month => PeriodSpan {
                start: Date { day: 1, ..date },
                end: Date {
                    day: days_in_month(date.year, date.month),
                    ..date
                },
                name: format!("{:04}-{:02}", date.year, date.month),
            },
        }
    }
}

/// `<meta>` names and properties that carry a publication date, best first.
const META_KEYS: [&str; 8] = [
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
    "date",
];

/// The publication date an HTML page declares: a `<meta>` such as `property=
/// "article:published_time"` (see [`META_KEYS`]; the best key wins), else the first `<time
/// datetime="…">`. None when it declares none; `Err` when the value is not a date (the caller
/// reports it; the page is then undated, never given a guessed date).
pub fn html_date(html: &str) -> Option<Result<Date, String>> {
    let mut best: Option<(usize, &str)> = None;
    let mut first_time: Option<&str> = None;
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + p;
        i = lt + 1;
        let tag = |name: &str| {
            b.get(lt + 1..lt + 1 + name.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(name.as_bytes()))
                && b.get(lt + 1 + name.len())
                    .is_some_and(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')
        };
        let is_meta = tag("meta");
        let is_time = !is_meta && first_time.is_none() && tag("time");
        if !is_meta && !is_time {
            continue;
        }
        let Some(gt) = memchr::memchr(b'>', &b[lt..]).map(|g| lt + g) else {
            break;
        };
        let Some(inner) = html.get(lt + 1..gt) else {
            continue;
        };
        let attrs = attributes(inner);
        let get = |key: &str| {
            attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| *v)
        };
        if is_meta {
            let key = get("property")
                .or_else(|| get("name"))
                .or_else(|| get("itemprop"));
            let rank = key.and_then(|k| META_KEYS.iter().position(|m| k.eq_ignore_ascii_case(m)));
            if let (Some(rank), Some(content)) = (rank, get("content")) {
                if best.is_none_or(|(r, _)| rank < r) {
                    best = Some((rank, content));
                }
            }
        } else if let Some(dt) = get("datetime") {
            first_time = Some(dt);
        }
        i = gt + 1;
    }
    best.map(|(_, v)| v)
        .or(first_time)
        .map(|v| parse_date(&html_escape::decode_html_entities(v)))
}

/// The attributes of a tag's inside (`meta property="x" content='y'`), as written.
fn attributes(inner: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let s = inner;
    let b = s.as_bytes();
    // Skip the tag name.
    let mut i = b
        .iter()
        .position(|c| c.is_ascii_whitespace())
        .unwrap_or(b.len());
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let k0 = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        let key = &s[k0..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            out.push((key, ""));
            continue;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let v0 = i + 1;
                let end = b[v0..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |p| v0 + p);
                i = (end + 1).min(b.len());
                &s[v0..end]
            }
            _ => {
                let v0 = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                &s[v0..i]
            }
        };
        out.push((key, value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_refuses_bad_ones() {
        assert_eq!(
            parse_date("2026-03-14"),
            Ok(Date::new(2026, 3, 14).unwrap())
        );
        assert_eq!(
            parse_date(" 2024-02-29T23:10:00+03:30 "),
            Ok(Date::new(2024, 2, 29).unwrap())
        );
        assert_eq!(parse_date("2024-02-29 10:00").unwrap().day, 29);
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "14/03/2026",
            "2026-3-14",
            "",
            "2026-03-14x",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days(), 11_017);
        for d in [-800_000, -1, 0, 59, 10_000, 20_000, 2_900_000] {
            assert_eq!(Date::from_days(d).days(), d);
        }
    }

    #[test]
    fn iso_weeks_and_months() {
        let d = |s| parse_date(s).unwrap();
        // 2021-01-03 is a Sunday of ISO week 53 of 2020; 2024-12-30 is in week 1 of 2025.
        assert_eq!(Period::Week.span(d("2021-01-03")).name, "2020-W53");
        assert_eq!(Period::Week.span(d("2021-01-03")).start, d("2020-12-28"));
        assert_eq!(Period::Week.span(d("2024-12-30")).name, "2025-W01");
        assert_eq!(Period::Week.span(d("2026-03-14")).name, "2026-W11");
        let m = Period::Month.span(d("2024-02-10"));
        assert_eq!(
            (m.name.as_str(), m.start, m.end),
            ("2024-02", d("2024-02-01"), d("2024-02-29"))
        );
        assert_eq!(Period::Day.span(d("2026-03-14")).name, "2026-03-14");
    }

    #[test]
    fn html_publication_dates() {
        let page = r#"<html><head><meta name="date" content="2020-01-01">
            <META property='article:published_time' content="2026-03-14T08:00:00Z"></head>
            <body><time datetime="2019-05-05">May 5</time></body></html>"#;
        assert_eq!(html_date(page), Some(Ok(parse_date("2026-03-14").unwrap())));
        let time_only = "<p>Posted <time class=x datetime=2025-11-02T10:00>2 Nov</time></p>";
        assert_eq!(
            html_date(time_only),
            Some(Ok(parse_date("2025-11-02").unwrap()))
        );
        assert_eq!(html_date("<p>no date <timer> here</p>"), None);
        assert!(
            html_date(r#"<meta property="article:published_time" content="soon">"#)
                .unwrap()
                .is_err()
        );
    }
}
