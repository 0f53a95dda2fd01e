//! Where an imported article's date comes from: `--date`, a date line in the text, a Unix
//! timestamp in an image file name, or the file's modification time — in that order.
//!
//! Everything here is pure: the caller passes the file's mtime in.

use std::fmt;
use std::time::SystemTime;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use crate::text::fold;

/// A date read from a date line: local time, with the offset when the line gave one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineDate {
    pub naive: NaiveDateTime,
    pub offset: Option<FixedOffset>,
}

impl LineDate {
    /// The instant, taking `tz` when the line named no offset.
    pub fn resolve(&self, tz: FixedOffset) -> Option<DateTime<FixedOffset>> {
        self.offset
            .unwrap_or(tz)
            .from_local_datetime(&self.naive)
            .single()
    }
}

/// Which rule gave the date; its `Display` is the note in the import report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateSource {
    Flag,
    DateLine { line: usize },
    ImageName,
    Mtime,
}

impl fmt::Display for DateSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateSource::Flag => write!(f, "date from --date"),
            DateSource::DateLine { line } => write!(f, "date from the date line (line {line})"),
            DateSource::ImageName => write!(f, "date from image file name"),
            DateSource::Mtime => write!(f, "date from file modification time"),
        }
    }
}

/// Pick the date by the documented order. `date_line` is the story's date line (its line number
/// and date), `images` its image sources in order, `mtime` the input file's modification time.
pub fn choose<'a>(
    flag: Option<DateTime<FixedOffset>>,
    date_line: Option<(usize, LineDate)>,
    images: impl IntoIterator<Item = &'a str>,
    mtime: Option<SystemTime>,
    tz: FixedOffset,
) -> Option<(DateTime<FixedOffset>, DateSource)> {
    if let Some(d) = flag {
        return Some((d, DateSource::Flag));
    }
    if let Some((line, d)) = date_line {
        if let Some(d) = d.resolve(tz) {
            return Some((d, DateSource::DateLine { line }));
        }
    }
    if let Some(d) = images.into_iter().find_map(timestamp_in_name) {
        return Some((d.with_timezone(&tz), DateSource::ImageName));
    }
    // Not `DateTime::from(SystemTime)`: it panics on times chrono cannot hold.
    let secs = match mtime?.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).ok()?,
        Err(e) => -i64::try_from(e.duration().as_secs()).ok()?,
    };
    let m = Utc.timestamp_opt(secs, 0).single()?;
    Some((m.with_timezone(&tz), DateSource::Mtime))
}

/// The value of `--date`: the front matter forms (RFC 3339, `2025-01-25`, `2025-01-25 13:53`) or
/// anything a date line may say (`25/01/2025 14:30`).
pub fn parse_flag(s: &str, tz: FixedOffset) -> Option<DateTime<FixedOffset>> {
    crate::frontmatter::parse_date(s, tz).or_else(|| parse_date_line(s)?.resolve(tz))
}

/// The first CMS upload stamp in `name`: a Unix time between 2000 and 2100 written as a
/// 10-digit piece between dashes after the name proper, where WordPress-like CMSs put it
/// (`deepseek-990x600-1737788002-7520-1737788112.png` → 2025-01-25T06:53:22Z). Other digit
/// runs are ids, not dates (`GettyImages_1180855514.0.jpg`, `1737788002.jpg`).
pub fn timestamp_in_name(name: &str) -> Option<DateTime<Utc>> {
    const MIN: i64 = 946_684_800; // 2000-01-01
    const MAX: i64 = 4_102_444_800; // 2100-01-01
    let name = name.split(['?', '#']).next().unwrap_or(name);
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    stem.split('-')
        .skip(1) // the name proper comes first
        .filter(|piece| piece.len() == 10 && piece.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|piece| piece.parse::<i64>().ok())
        .find(|t| (MIN..MAX).contains(t))
        .and_then(|t| Utc.timestamp_opt(t, 0).single())
}

/// A date inside a byline or title line: the line itself, a piece of it between ` - `, ` | `
/// or ` · `, or its end after a name ("Reuters November 18, 2019 11:03 PM",
/// "Chris Davies - Nov 19, 2019, 10:31 pm CST"). With the date, what is left of the line
/// (trimmed of separators), which may be empty. Only with `after_name` is a date that merely
/// ends the line taken (a title that ends "… ngày 25/01/2025" keeps its date).
pub fn date_in_line(line: &str, after_name: bool) -> Option<(LineDate, String)> {
    if line.len() > 200 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(d) = parse_date_line(line) {
        return Some((d, String::new()));
    }
    let trim = |s: &str| {
        s.trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '–' | '—' | '|' | '·' | ',')
        })
        .to_string()
    };
    for sep in [" - ", " – ", " — ", " | ", " · ", " • "] {
        if let Some((a, b)) = line.rsplit_once(sep) {
            if let Some(d) = parse_date_line(b) {
                return Some((d, trim(a)));
            }
            if let Some(d) = parse_date_line(a) {
                return Some((d, trim(b)));
            }
        }
    }
    if !after_name {
        return None;
    }
    // A name, then the date: try each word start among the first eight.
    for (n, (i, _)) in line
        .char_indices()
        .filter(|&(i, c)| i > 0 && !c.is_whitespace() && line[..i].ends_with(' '))
        .enumerate()
    {
        if n >= 8 {
            break;
        }
        if let Some(d) = parse_date_line(&line[i..]) {
            return Some((d, trim(&line[..i])));
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Num(&'a str),
    Word(&'a str),
    P(char),
}

fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        let digit = c.is_ascii_digit();
        if digit || c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                let same = if digit {
                    d.is_ascii_digit()
                } else {
                    d.is_alphabetic()
                };
                if !same {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            toks.push(if digit {
                Tok::Num(&s[i..end])
            } else {
                Tok::Word(&s[i..end])
            });
        } else {
            toks.push(Tok::P(c));
        }
    }
    toks
}

/// Words a date line may hold besides the date itself (folded: tones removed, lowercase).
const FILLER: &[&str] = &[
    // Vietnamese weekdays and connectives: "Thứ Bảy", "Chủ nhật", "Ngày", "lúc", "Cập nhật".
    "thu",
    "hai",
    "ba",
    "tu",
    "nam",
    "sau",
    "bay",
    "chu",
    "nhat",
    "cn",
    "ngay",
    "luc",
    "cap",
    "dang",
    "gio",
    "t", // the T of ISO 8601
    "gmt",
    "utc",
    "ict",
    "est",
    "edt",
    "cst",
    "cdt",
    "mst",
    "mdt",
    "pst",
    "pdt",
    "et",
    "pt",
    "bst",
    "cet",
    "cest", // zone abbreviations: read as filler, the time is in site.yaml's timezone
    // English
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "updated",
    "published",
    "posted",
    "on",
    "at",
    "last",
    "modified",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_name(w: &str) -> Option<u32> {
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(w) && (w.len() == 3 || w.len() == m.len() || w == "sept"))
        .map(|i| i as u32 + 1)
}

fn num(t: Option<&Tok<'_>>) -> Option<(u32, usize)> {
    match t {
        Some(Tok::Num(s)) if s.len() <= 4 => Some((s.parse().ok()?, s.len())),
        _ => None,
    }
}

/// Whether every word of `line` (a run of letters and combining marks) folds to a word a date
/// line may hold. Checked word by word before the line is folded and tokenised whole, so a
/// title or related story is turned down at its first ordinary word (most lines near the top
/// and under the related headings are tried). Exact: a run of letters and marks folds to one
/// word of the folded line, and nothing else folds to a letter (test
/// `words_fold_to_words_and_nothing_else_does`).
fn only_date_words(line: &str) -> bool {
    line.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .all(|w| {
            let w = fold(w);
            w.is_empty() // only combining marks: no word once folded
                || FILLER.contains(&w.as_str())
                || month_name(&w).is_some()
                || matches!(w.as_str(), "thang" | "h" | "pm" | "ch" | "am" | "sa" | "z")
        })
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c)
}

/// A line that says only when the article was published: `Thứ Bảy, 25/01/2025 14:30 (GMT+7)`,
/// `17:42 Ngày 04/06/2018`, `ngày 08 tháng 12 năm 2024`, `2025-01-25T13:53:22+07:00`,
/// `January 25, 2025`. Any other word or number makes it not a date line (a title that mentions
/// a date is not one).
pub fn parse_date_line(line: &str) -> Option<LineDate> {
    if line.len() > 120 || !line.bytes().any(|b| b.is_ascii_digit()) || !only_date_words(line) {
        return None;
    }
    let folded = fold(line);
    let t = tokenize(&folded);
    let mut date: Option<NaiveDate> = None;
    let mut time: Option<NaiveTime> = None;
    let mut offset: Option<FixedOffset> = None;
    let mut zone_may_follow = false;
    let mut i = 0;
    while i < t.len() {
        let n = |k: usize| num(t.get(i + k));
        let p = |k: usize| match t.get(i + k) {
            Some(Tok::P(c)) => Some(*c),
            _ => None,
        };
        let w = |k: usize| match t.get(i + k) {
            Some(Tok::Word(s)) => Some(*s),
            _ => None,
        };
        // 25/01/2025, 25-01-2025, 25.01.2025, 2025-01-25
        if let (Some((a, al)), Some(s), Some((b, _)), Some((c, cl))) = (n(0), p(1), n(2), n(4)) {
            if matches!(s, '/' | '-' | '.') && p(3) == Some(s) {
                let ymd = match (al, cl) {
                    (4, 1..=2) => Some((a as i32, b, c)),
                    (1..=2, 4) => Some((c as i32, b, a)),
                    _ => None,
                };
                if let Some((y, m, d)) = ymd {
                    let found = NaiveDate::from_ymd_opt(y, m, d)?;
                    date.get_or_insert(found);
                    i += 5;
                    continue;
                }
            }
        }
        // ngày 08 tháng 12 năm 2024
        if w(0) == Some("ngay") && w(2) == Some("thang") && w(4) == Some("nam") {
            if let (Some((d, _)), Some((m, _)), Some((y, 4))) = (n(1), n(3), n(5)) {
                date.get_or_insert(NaiveDate::from_ymd_opt(y as i32, m, d)?);
                i += 6;
                continue;
            }
        }
        // January 25, 2025 / 25 January 2025
        if let Some(m) = w(0).and_then(month_name) {
            let comma = usize::from(p(2) == Some(','));
            if let (Some((d, 1..=2)), Some((y, 4))) = (n(1), n(2 + comma)) {
                date.get_or_insert(NaiveDate::from_ymd_opt(y as i32, m, d)?);
                i += 3 + comma;
                continue;
            }
        }
        if let (Some((d, 1..=2)), Some(m), Some((y, 4))) = (n(0), w(1).and_then(month_name), n(2)) {
            date.get_or_insert(NaiveDate::from_ymd_opt(y as i32, m, d)?);
            i += 3;
            continue;
        }
        // 14:30, 14:30:05, 14:30:05.123, 2:30 PM, 14h30
        if let Some((h, 1..=2)) = n(0) {
            let hour_word = w(1) == Some("h");
            if p(1) == Some(':') || hour_word {
                let (min, mut used) = match n(2) {
                    Some((m, 2)) => (m, 3),
                    _ if hour_word => (0, 2),
                    _ => return None,
                };
                let mut sec = 0;
                if p(used) == Some(':') {
                    if let Some((s, 2)) = n(used + 1) {
                        sec = s;
                        used += 2;
                        let fraction = matches!(t.get(i + used + 1), Some(Tok::Num(_)));
                        if p(used) == Some('.') && fraction {
                            used += 2;
                        }
                    }
                }
                let mut hour = h;
                match w(used) {
                    Some("pm" | "ch") => {
                        if hour < 12 {
                            hour += 12;
                        }
                        used += 1;
                    }
                    Some("am" | "sa") => {
                        if hour == 12 {
                            hour = 0;
                        }
                        used += 1;
                    }
                    _ => {}
                }
                if time.is_none() {
                    time = Some(NaiveTime::from_hms_opt(hour, min, sec)?);
                }
                i += used;
                zone_may_follow = true;
                continue;
            }
        }
        // +07:00, +0700, or the +7 of GMT+7: only right after a time or GMT/UTC, so the dash of
        // "08/12/2024 - 09:05" is not read as an offset.
        if let (Some(sign @ ('+' | '-')), true) = (p(0), zone_may_follow) {
            let (h, m, used) = match (n(1), p(2), n(3)) {
                (Some((h, 1..=2)), Some(':'), Some((m, 2))) => (h, m, 4),
                (Some((hm, 4)), _, _) => (hm / 100, hm % 100, 2),
                (Some((h, 1..=2)), _, _) => (h, 0, 2),
                _ => return None,
            };
            if h > 14 || m > 59 {
                return None;
            }
            let secs = (h * 3600 + m * 60) as i32;
            offset = FixedOffset::east_opt(if sign == '-' { -secs } else { secs });
            i += used;
            zone_may_follow = false;
            continue;
        }
        zone_may_follow = false;
        match t[i] {
            Tok::Word("z") if time.is_some() => offset = FixedOffset::east_opt(0),
            Tok::Word("gmt" | "utc") => {
                if offset.is_none() {
                    offset = FixedOffset::east_opt(0);
                }
                zone_may_follow = true;
            }
            Tok::Word(word) if FILLER.contains(&word) => {}
            Tok::P(',' | '(' | ')' | '|' | '-' | '–' | '—' | '/' | ':' | '.' | '[' | ']') => {}
            _ => return None,
        }
        i += 1;
    }
    let naive = date?.and_time(time.unwrap_or(NaiveTime::MIN));
    if !(1900..=2100).contains(&chrono::Datelike::year(&naive)) {
        return None;
    }
    Some(LineDate { naive, offset })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_to_words_and_nothing_else_does() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let folded = fold(&c.to_string());
            if is_word_char(c) {
                assert!(
                    folded.chars().all(char::is_alphabetic),
                    "U+{:04X} folds to {folded:?}",
                    c as u32
                );
            } else {
                assert!(
                    !folded.chars().any(char::is_alphabetic),
                    "U+{:04X} folds to {folded:?}",
                    c as u32
                );
            }
        }
        // Turned down at the first ordinary word; date lines pass.
        assert!(!only_date_words("Tin liên quan số 5 về Sa Pa"));
        assert!(only_date_words("Thứ Bảy, 25/01/2025 11:30 (GMT+7)"));
        assert!(only_date_words("ngày 08 tháng 12 năm 2024 14h30 CH"));
        assert!(only_date_words("Updated: Sept 3, 2025 2:30 PM"));
        assert!(parse_date_line("25/01/2025 \u{301}").is_some());
    }

    fn tz7() -> FixedOffset {
        FixedOffset::east_opt(7 * 3600).unwrap()
    }

    fn at(s: &str) -> String {
        parse_date_line(s)
            .and_then(|d| d.resolve(tz7()))
            .map(|d| d.to_rfc3339())
            .unwrap_or_else(|| "none".into())
    }

    #[test]
    fn vietnamese_date_lines() {
        assert_eq!(
            at("Thứ Bảy, 25/01/2025 14:30 (GMT+7)"),
            "2025-01-25T14:30:00+07:00"
        );
        assert_eq!(at("17:42 Ngày 04/06/2018"), "2018-06-04T17:42:00+07:00");
        assert_eq!(at("ngày 08 tháng 12 năm 2024"), "2024-12-08T00:00:00+07:00");
        assert_eq!(
            at("Chủ nhật, 08/12/2024 - 09:05"),
            "2024-12-08T09:05:00+07:00"
        );
        assert_eq!(
            at("Cập nhật lúc 14h30, 25/01/2025"),
            "2025-01-25T14:30:00+07:00"
        );
        assert_eq!(at("25/01/2025 02:30 CH"), "2025-01-25T14:30:00+07:00");
    }

    #[test]
    fn iso_and_english_date_lines() {
        assert_eq!(at("2025-01-25T13:53:22+07:00"), "2025-01-25T13:53:22+07:00");
        assert_eq!(at("2025-01-25T06:53:22Z"), "2025-01-25T06:53:22+00:00");
        assert_eq!(at("2025-01-25"), "2025-01-25T00:00:00+07:00");
        assert_eq!(
            at("Updated: January 25, 2025 2:30 PM GMT+1"),
            "2025-01-25T14:30:00+01:00"
        );
        assert_eq!(at("Sat 25 Jan 2025"), "2025-01-25T00:00:00+07:00");
    }

    #[test]
    fn lines_that_merely_mention_a_date_are_not_date_lines() {
        assert_eq!(at("Khai mạc hội nghị ngày 25/01/2025"), "none");
        assert_eq!(at("Sáng 29/12, tại Hà Nội"), "none");
        assert_eq!(at("Năm 2025"), "none");
        assert_eq!(at("31/02/2025"), "none");
        assert_eq!(at("10:30"), "none");
        assert_eq!(at("Báo Tin tức"), "none");
    }

    #[test]
    fn timestamp_from_the_seed_image_name() {
        let d = timestamp_in_name("deepseek-990x600-1737788002-7520-1737788112.png").unwrap();
        assert_eq!(
            d.with_timezone(&tz7()).to_rfc3339(),
            "2025-01-25T13:53:22+07:00"
        );
        // 11 digits, or out of range, do not count; the first plausible one wins.
        assert!(timestamp_in_name("a-17377880021.png").is_none());
        // Ids in other places are not upload stamps.
        assert!(timestamp_in_name("GettyImages_1180855514.0.jpg").is_none());
        assert!(timestamp_in_name("1737788002.jpg").is_none());
        assert!(timestamp_in_name("x_1737788002_y.jpg").is_none());
        assert!(timestamp_in_name("img-0000000001.jpg").is_none());
        let d = timestamp_in_name("x-9999999999-1600000000.jpg").unwrap();
        assert_eq!(d.timestamp(), 1_600_000_000);
    }

    #[test]
    fn dates_inside_bylines() {
        let f = |s: &str| {
            date_in_line(s, true).map(|(d, rest)| (d.resolve(tz7()).unwrap().to_rfc3339(), rest))
        };
        assert_eq!(
            f("Reuters November 18, 2019 11:03 PM"),
            Some(("2019-11-18T23:03:00+07:00".into(), "Reuters".into()))
        );
        assert_eq!(
            f("Chris Davies - Nov 19, 2019, 10:31 pm CST"),
            Some(("2019-11-19T22:31:00+07:00".into(), "Chris Davies".into()))
        );
        assert_eq!(
            f("Hoàng Hà | 25/01/2025 14:30"),
            Some(("2025-01-25T14:30:00+07:00".into(), "Hoàng Hà".into()))
        );
        assert_eq!(f("Sáng 29/12, tại Hà Nội, hội nghị khai mạc"), None);
    }

    #[test]
    fn order_is_flag_line_image_mtime() {
        let tz = tz7();
        let line = parse_date_line("25/01/2025").map(|d| (3, d));
        let img = ["x-1737788002.png"];
        let flag = parse_flag("2024-01-01", tz);
        let m = Some(SystemTime::UNIX_EPOCH);
        assert_eq!(choose(flag, line, img, m, tz).unwrap().1, DateSource::Flag);
        assert_eq!(
            choose(None, line, img, m, tz).unwrap().1,
            DateSource::DateLine { line: 3 }
        );
        assert_eq!(
            choose(None, None, img, m, tz).unwrap().1,
            DateSource::ImageName
        );
        let (d, s) = choose(None, None, [], m, tz).unwrap();
        assert_eq!(
            (d.to_rfc3339().as_str(), s),
            ("1970-01-01T07:00:00+07:00", DateSource::Mtime)
        );
        assert!(choose(None, None, [], None, tz).is_none());
        let far = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1 << 62);
        assert!(choose(None, None, [], Some(far), tz).is_none());
    }

    #[test]
    fn flag_accepts_front_matter_and_date_line_forms() {
        let tz = tz7();
        let f = |s| parse_flag(s, tz).map(|d| d.to_rfc3339());
        assert_eq!(f("2025-01-25 13:53").unwrap(), "2025-01-25T13:53:00+07:00");
        assert_eq!(f("25/01/2025 14:30").unwrap(), "2025-01-25T14:30:00+07:00");
        assert!(f("tomorrow").is_none());
    }
}
