//! UTC timestamps for the registry's files and listings.

use std::time::{Duration, UNIX_EPOCH};

/// The last second RFC 3339 can show: 9999-12-31T23:59:59Z.
const LAST_RFC3339_SECOND: u64 = 253_402_300_799;

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ`. A later time than RFC 3339 can show (a
/// clock or file date set absurdly far ahead) shows as its last second.
pub fn format_utc(unix: u64) -> String {
    let time = UNIX_EPOCH + Duration::from_secs(unix.min(LAST_RFC3339_SECOND));
    humantime::format_rfc3339_seconds(time).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_709_164_800 + 3661), "2024-02-29T01:01:01Z");
        assert_eq!(format_utc(4_102_444_799), "2099-12-31T23:59:59Z");
        assert_eq!(format_utc(u64::MAX), "9999-12-31T23:59:59Z");
    }
}
