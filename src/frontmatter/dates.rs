//! The dates front matter holds (`date`, `updated`).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

/// Parse a front matter date. Accepts RFC 3339, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` and
/// `YYYY-MM-DDTHH:MM[:SS]`; forms without an offset are taken in `tz`.
pub fn parse_date(s: &str, tz: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return tz.from_local_datetime(&n).single();
        }
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    tz.from_local_datetime(&d.and_hms_opt(0, 0, 0)?).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_date_forms() {
        let tz = FixedOffset::east_opt(7 * 3600).unwrap();
        let want = "2025-01-25T13:53:00+07:00";
        assert_eq!(
            parse_date("2025-01-25 13:53", tz).unwrap().to_rfc3339(),
            want
        );
        assert_eq!(parse_date(want, tz).unwrap().to_rfc3339(), want);
        assert_eq!(
            parse_date("2025-01-25", tz).unwrap().to_rfc3339(),
            "2025-01-25T00:00:00+07:00"
        );
        assert!(parse_date("2025-13-01", tz).is_none());
    }
}
