//! The front matter every article file carries: written by `import`, read by `content`.
//!
//! One struct for both directions, so what the importer writes is exactly what the build reads
//! (the round-trip test holds them together).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use serde::{Deserialize, Serialize};

/// The YAML block between the `---` fences at the top of a content file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrontMatter {
    pub title: String,
    /// RFC 3339 (`2025-01-25T13:53:22+07:00`), or `2025-01-25`, or `2025-01-25 13:53`
    /// (the site's timezone is assumed when none is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Last modification, same forms as `date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The lead (sapo) paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// The source or byline line ("Báo Tin tức", "Theo VnExpress").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Related stories kept from the scraped page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// Overrides the slug made from the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Old URLs of this article; each gets a redirect page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub draft: bool,
    /// Anything else, passed to templates as `page.extra`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub src: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Alternative text; the caption is used when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The heading it was listed under ("Tin cùng chuyên mục").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// Split a content file into its front matter text and its body.
/// Returns `(yaml, body, body_start_line)`; `None` when the file does not start with `---`.
pub fn split(text: &str) -> Option<(&str, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Some((yaml, body, body_line));
        }
        offset += line.len();
    }
    None
}

/// Deepest `[`/`{` nesting accepted in YAML. serde_yaml stops at 128 levels too, but only
/// after libyaml has scanned the whole nest, which takes time quadratic in its depth (100,000
/// levels: minutes); this check is linear and runs first.
pub const MAX_NESTING: usize = 128;

/// Refuse YAML whose flow collections nest deeper than [`MAX_NESTING`]: `Err((line, message))`
/// with the 1-based line (within `yaml`) where the limit is passed. Quoted scalars and comments
/// are skipped; a stray bracket in a plain scalar may count, which only matters past 128 of them.
pub fn check_nesting(yaml: &str) -> Result<(), (usize, String)> {
    let mut depth = 0usize;
    let mut line = 1;
    let mut quote: Option<char> = None;
    let mut prev = '\n';
    let mut chars = yaml.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        match quote {
            Some('"') => match c {
                '\\' => {
                    chars.next();
                }
                '"' => quote = None,
                _ => {}
            },
            Some(_) => {
                if c == '\'' {
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
            }
            None => match c {
                '"' | '\'' if prev.is_whitespace() || "[{,:-".contains(prev) => quote = Some(c),
                '#' if prev.is_whitespace() => {
                    for c in chars.by_ref() {
                        if c == '\n' {
                            line += 1;
                            break;
                        }
                    }
                    prev = '\n';
                    continue;
                }
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err((
                            line,
                            format!("nested more than {MAX_NESTING} levels deep; flatten it"),
                        ));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        prev = c;
    }
    Ok(())
}

/// Serialise front matter and body into a content file.
pub fn write(fm: &FrontMatter, body: &str) -> Result<String, serde_yaml::Error> {
    let yaml = serde_yaml::to_string(fm)?;
    let mut out = String::with_capacity(yaml.len() + body.len() + 16);
    out.push_str("---\n");
    out.push_str(&yaml);
    out.push_str("---\n");
    out.push_str(body);
    if !body.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

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
    fn splits_front_matter_and_reports_body_line() {
        let (yaml, body, line) = split("---\ntitle: A\ndate: x\n---\nBody\n").unwrap();
        assert_eq!(yaml, "title: A\ndate: x\n");
        assert_eq!(body, "Body\n");
        assert_eq!(line, 5);
        assert!(split("no front matter").is_none());
        assert!(split("---\ntitle: unterminated\n").is_none());
    }

    #[test]
    fn round_trips() {
        let fm = FrontMatter {
            title: "Tiêu đề: \"quoted\" # not a comment".into(),
            date: Some("2025-01-25T13:53:22+07:00".into()),
            tags: vec!["AI".into()],
            related: vec![Related {
                title: "- starts like a list".into(),
                summary: Some("a: b".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let text = write(&fm, "Body").unwrap();
        let (yaml, body, _) = split(&text).unwrap();
        let back: FrontMatter = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(back, fm);
        assert_eq!(body, "Body\n");
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("x: {}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(check_nesting(&deep).unwrap_err().0, 1);
        let deep = format!("a: 1\nx:\n  {}", "{a: ".repeat(200));
        assert_eq!(check_nesting(&deep).unwrap_err().0, 3);
        let ok = format!(
            "t: \"{0}\"\nu: '{0}'\nv: a [b # {0}\nw: [[1], {{a: [2]}}]\n",
            "[".repeat(500)
        );
        assert!(check_nesting(&ok).is_ok());
        assert!(check_nesting(&format!("x: {}", "[".repeat(MAX_NESTING))).is_ok());
    }

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
