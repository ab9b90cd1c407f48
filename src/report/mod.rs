//! Tone over time across a corpus: dates and periods ([`dates`]) and the series of each
//! directed pair ([`series`]). Takes labelled quotes and dates, returns data; formatting is in
//! `render::report`, reading inputs in `cli::report`.

pub mod dates;
pub mod series;

pub use dates::{html_date, parse_date, Date, Period, PeriodSpan};
pub use series::{
    build, tone_interval, Article, PairSeries, PeriodPoint, QuoteRef, ToneQuote, ToneReport,
};
