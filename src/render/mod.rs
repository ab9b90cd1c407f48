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
