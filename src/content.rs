//! A content file → [`Source`]: front matter (serde_yaml) checked with file:line errors, and
//! the Markdown body kept for rendering once the site knows every URL (see `markdown`). Which
//! files are read, and how, is `load`'s (the one loader build, serve and check use).

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::error::Located;
use crate::frontmatter::{self, FrontMatter};

pub mod load;
pub mod markdown;

/// One article as read from disk, validated, before the site assigns URLs.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path as shown in messages (relative to the site root when possible).
    pub file: PathBuf,
    /// Folder holding the file (absolute or as given), where co-located images are looked up.
    pub dir: PathBuf,
    pub fm: FrontMatter,
    pub date: DateTime<FixedOffset>,
    pub updated: Option<DateTime<FixedOffset>>,
    pub body: String,
    /// Line of the file where the body starts (for messages about the body).
    pub body_line: usize,
    /// A hash of the file's text: two reads of the same text have the same digest, so a
    /// rebuild can tell an article that did not change (see `plan::keys`).
    pub digest: u64,
}

/// The error for an article without `date:` (`bantin check` reports it as its own kind).
pub const NO_DATE: &str =
    "no date: add `date: 2025-01-25T13:53:22+07:00` (or 2025-01-25) to the front matter";

/// Parse one content file's text. Pure: `file` and `dir` are only carried along.
pub fn parse(text: &str, file: &Path, dir: &Path, cfg: &Config) -> Result<Source, Vec<Located>> {
    let err = |line: Option<usize>, msg: String| vec![Located::new(file, line, msg)];
    let Some((yaml, body, body_line)) = frontmatter::split(text) else {
        return Err(err(
            Some(1),
            "no front matter: the file must start with a line `---`, then YAML (title:, date:, ...), then `---`".into(),
        ));
    };
    if let Err(e) = frontmatter::check_nesting(yaml) {
        // +1: the opening `---` line precedes the YAML.
        return Err(err(Some(e.line + 1), format!("front matter: {e}")));
    }
    let fm: FrontMatter = frontmatter::read(yaml).map_err(|e| {
        // +1: the opening `---` line precedes the YAML.
        let line = e.location().map(|l| l.line() + 1);
        let msg = e.to_string();
        // serde_yaml appends " at line N column M"; we already give the line up front.
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        err(line, format!("front matter: {msg}"))
    })?;
    let key_line = |key: &str| -> Option<usize> {
        yaml.lines()
            .position(|l| l.trim_start().starts_with(&format!("{key}:")))
            .map(|i| i + 2)
    };
    let mut errors = Vec::new();
    if fm.title.trim().is_empty() {
        errors.push(Located::new(
            file,
            key_line("title").or(Some(2)),
            "title is empty: every article needs a title",
        ));
    }
    let tz = cfg.tz();
    let mut parse_when = |key: &str, value: &Option<String>| match value {
        None => None,
        Some(s) => match frontmatter::parse_date(s, tz) {
            Some(d) => Some(d),
            None => {
                errors.push(Located::new(
                    file,
                    key_line(key),
                    format!(
                        "{key} \"{s}\" is not a date (expected 2025-01-25, 2025-01-25 13:53 or RFC 3339 like 2025-01-25T13:53:22+07:00)"
                    ),
                ));
                None
            }
        },
    };
    let date = parse_when("date", &fm.date);
    let updated = parse_when("updated", &fm.updated);
    if fm.date.is_none() {
        errors.push(Located::new(file, Some(2), NO_DATE));
    }
    if let Some(slug) = &fm.slug {
        if !crate::slug::is_valid(slug) {
            errors.push(Located::new(
                file,
                key_line("slug"),
                format!(
                    "slug \"{slug}\" may only hold a-z, 0-9 and single dashes (e.g. lao-cai-2025)"
                ),
            ));
        }
    }
    for alias in &fm.aliases {
        if let Err(why) = check_alias(alias) {
            errors.push(Located::new(
                file,
                key_line("aliases"),
                format!("alias \"{alias}\" {why}"),
            ));
        }
    }
    match (date, errors.is_empty()) {
        (Some(date), true) => Ok(Source {
            file: file.to_path_buf(),
            dir: dir.to_path_buf(),
            fm,
            date,
            updated,
            body: body.to_string(),
            body_line,
            digest: crate::plan::digest_of(text),
        }),
        _ => Err(errors),
    }
}

/// An alias is a site-relative URL path such as `/2019/01/old-url.html` or `old/path/`.
/// It may not climb out of the output (`..`), carry a scheme, a backslash, `%`-escapes or NUL.
pub fn check_alias(alias: &str) -> Result<(), &'static str> {
    if alias.trim().is_empty() {
        return Err("is empty");
    }
    if alias.contains("://") || alias.starts_with("//") {
        return Err("must be a path on this site, not a full URL");
    }
    if alias.contains(['\\', '\0', '%', '?', '#']) || alias.chars().any(char::is_control) {
        return Err("may not contain backslashes, %-escapes, ?, # or control characters");
    }
    if alias
        .split('/')
        .any(|seg| seg == ".." || seg == "." || seg.starts_with(".."))
    {
        return Err("may not contain . or .. segments");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Source, Vec<Located>> {
        parse(
            text,
            Path::new("content/a.md"),
            Path::new("content"),
            &Config::default(),
        )
    }

    #[test]
    fn reads_a_good_file() {
        let s = p("---\ntitle: Tin\ndate: 2025-01-25\n---\nThân bài\n").unwrap();
        assert_eq!(s.fm.title, "Tin");
        assert_eq!(s.date.to_rfc3339(), "2025-01-25T00:00:00+07:00");
        assert_eq!(s.body, "Thân bài\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn bad_date_names_file_and_line() {
        let e = p("---\ntitle: Tin\ndate: 2025-13-01\n---\n").unwrap_err();
        assert_eq!(e.len(), 1);
        let msg = e[0].to_string();
        assert!(
            msg.starts_with("content/a.md:3: date \"2025-13-01\" is not a date"),
            "{msg}"
        );
    }

    #[test]
    fn broken_yaml_names_the_line() {
        let e = p("---\ntitle: Tin\ntags: [a, b\ndate: 2025-01-01\n---\n").unwrap_err();
        let msg = e[0].to_string();
        assert!(msg.starts_with("content/a.md:"), "{msg}");
        assert!(msg.contains("front matter"), "{msg}");
        assert!(e[0].line.is_some());
    }

    #[test]
    fn missing_front_matter_is_explained() {
        let e = p("just text").unwrap_err();
        assert!(e[0].to_string().contains("must start with a line `---`"));
    }

    #[test]
    fn wrong_type_is_an_error() {
        let e = p("---\ntitle: Tin\ndate: 2025-01-01\ntags: 5\n---\n").unwrap_err();
        assert_eq!(e[0].line, Some(4), "{}", e[0]);
    }

    #[test]
    fn bad_slug_and_alias_are_rejected() {
        let e = p("---\ntitle: T\ndate: 2025-01-01\nslug: ../x\naliases: [\"/a/../../b\"]\n---\n")
            .unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].line, Some(4));
        assert_eq!(e[1].line, Some(5));
    }

    #[test]
    fn aliases() {
        assert!(check_alias("/2019/01/old.html").is_ok());
        assert!(check_alias("old/path/").is_ok());
        assert!(check_alias("../etc").is_err());
        assert!(check_alias("/a/%2e%2e/b").is_err());
        assert!(check_alias("https://evil.example/").is_err());
        assert!(check_alias("a\\b").is_err());
    }
}
