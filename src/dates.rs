//! Dates as readers see them: Vietnamese (`Thứ Bảy, 25/01/2025 13:53`) and English.

use chrono::{DateTime, Datelike, FixedOffset, Timelike, Weekday};

const VI_DAYS: [&str; 7] = [
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ Nhật",
];
const EN_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn weekday_index(w: Weekday) -> usize {
    w.num_days_from_monday() as usize
}

/// Full date and time: `Thứ Bảy, 25/01/2025 13:53` (vi) or `Saturday, 25 January 2025 13:53` (en).
pub fn display(d: &DateTime<FixedOffset>, language: &str) -> String {
    let wd = weekday_index(d.weekday());
    if language == "en" {
        format!(
            "{}, {} {} {} {:02}:{:02}",
            EN_DAYS[wd],
            d.day(),
            EN_MONTHS[d.month0() as usize],
            d.year(),
            d.hour(),
            d.minute()
        )
    } else {
        format!(
            "{}, {:02}/{:02}/{} {:02}:{:02}",
            VI_DAYS[wd],
            d.day(),
            d.month(),
            d.year(),
            d.hour(),
            d.minute()
        )
    }
}

/// Short date: `25/01/2025` (vi) or `25 Jan 2025` (en).
pub fn short(d: &DateTime<FixedOffset>, language: &str) -> String {
    if language == "en" {
        format!(
            "{} {} {}",
            d.day(),
            &EN_MONTHS[d.month0() as usize][..3],
            d.year()
        )
    } else {
        format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
    }
}

/// RFC 3339 with the article's own offset, seconds precision.
pub fn iso(d: &DateTime<FixedOffset>) -> String {
    d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_and_english() {
        let d = DateTime::parse_from_rfc3339("2025-01-25T13:53:22+07:00").unwrap();
        assert_eq!(display(&d, "vi"), "Thứ Bảy, 25/01/2025 13:53");
        assert_eq!(display(&d, "en"), "Saturday, 25 January 2025 13:53");
        assert_eq!(short(&d, "vi"), "25/01/2025");
        assert_eq!(short(&d, "en"), "25 Jan 2025");
        assert_eq!(iso(&d), "2025-01-25T13:53:22+07:00");
        let sun = DateTime::parse_from_rfc3339("2025-01-26T08:00:00+07:00").unwrap();
        assert!(display(&sun, "vi").starts_with("Chủ Nhật, 26/01/2025"));
    }
}
