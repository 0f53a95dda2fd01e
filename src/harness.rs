//! Entry points shared by the fuzz targets (`fuzz/`, cargo-fuzz on nightly) and the corpus
//! replay test that CI runs on stable (`tests/integration/fuzz_corpus.rs`): each takes raw bytes,
//! runs them through the same code a user's file goes through, and panics only when an
//! invariant breaks (a crash is a finding). Not part of bantin's interface.
//!
//! Differential where bantin has two ways to the same answer: front matter is read by
//! `frontmatter::read` (a direct reader for bantin's own layout, serde_yaml for the rest), and
//! on every input it must give what serde_yaml alone gives, the same value or an error from
//! both ([`same_reading`]).

use std::path::Path;

use chrono::{FixedOffset, TimeZone};

use crate::config::Config;
use crate::content;
use crate::frontmatter::{self, FrontMatter};
use crate::import::{parser, writer, Markers};

/// The build's front matter reader and serde_yaml agree on `yaml`: both accept it with the same
/// value, or both refuse it. Returns the reading. Panics (a finding) when they differ.
pub fn same_reading(yaml: &str) -> Option<FrontMatter> {
    let direct = frontmatter::read(yaml);
    let serde = serde_yaml::from_str::<FrontMatter>(yaml);
    match (direct, serde) {
        (Ok(a), Ok(b)) => {
            // Debug as well as ==: a `.nan` in `extra` is unequal to itself.
            assert!(
                a == b || format!("{a:?}") == format!("{b:?}"),
                "frontmatter::read and serde_yaml read different values:\n{yaml}\ndirect: {a:?}\nserde_yaml: {b:?}"
            );
            Some(a)
        }
        (Err(_), Err(_)) => None,
        (Ok(a), Err(e)) => {
            panic!("frontmatter::read accepted what serde_yaml refuses ({e}):\n{yaml}\n{a:?}")
        }
        (Err(e), Ok(b)) => {
            panic!("frontmatter::read refused what serde_yaml accepts ({e}):\n{yaml}\n{b:?}")
        }
    }
}

/// Scraped text → `import::parser::parse` → the content file `import` would write; that file
/// must read back to the same front matter through both readers ([`same_reading`]) and through
/// the build's own loader (`content::parse`: the same front matter, its date as written).
pub fn import_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = crate::text::nfc(text);
    let Ok(story) = parser::parse(&text, &Markers::builtin()) else {
        return;
    };
    written_file_loads(&story);
}

/// An HTML page → `import::html::extract` → the content file `import` would write: it loads
/// like any imported file ([`written_file_loads`]), and its body rendered as the build renders
/// Markdown holds only Markdown's own tags, with no attribute but web links — no script, event
/// handler or `javascript:` URL, whatever the page held.
pub fn import_html(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(story) = crate::import::html::extract(&text, &Markers::builtin()) else {
        return;
    };
    let file = written_file_loads(&story);
    let (_, body, _) = frontmatter::split(&file).unwrap_or(("", &file, 0));
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(body, crate::content::markdown::options()),
    );
    let mut rest = html.as_str();
    while let Some(at) = rest.find('<') {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        let name: String = tag[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        const MARKDOWN: &[&str] = &[
            "p",
            "h2",
            "h3",
            "h4",
            "a",
            "em",
            "strong",
            "del",
            "code",
            "pre",
            "ul",
            "ol",
            "li",
            "blockquote",
            "br",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "img",
            "hr",
        ];
        assert!(
            MARKDOWN.contains(&name.as_str()),
            "<{name}> in the body:\n{html}"
        );
        let lower = tag.to_ascii_lowercase();
        assert!(
            !lower.contains("javascript:") && !lower.contains(" on"),
            "{tag}"
        );
        for attr in ["href=\"", "src=\""] {
            if let Some(v) = lower.split(attr).nth(1) {
                assert!(
                    v.starts_with("https://")
                        || v.starts_with("http://")
                        || v.starts_with("mailto:"),
                    "{tag}"
                );
            }
        }
        rest = &rest[end..];
    }
}

/// The content file `import` writes for `story`: it must read back to the same front matter
/// through both readers ([`same_reading`]) and through the build's own loader
/// (`content::parse`: the same front matter, its date as written). Returns the file.
fn written_file_loads(story: &crate::import::Story) -> String {
    let Some(date) = FixedOffset::east_opt(7 * 3600)
        .and_then(|tz| tz.with_ymd_and_hms(2025, 1, 25, 13, 53, 22).single())
    else {
        panic!("the fixed date is a date");
    };
    let (fm, file) = match writer::render(story, "Thời sự", &date) {
        Ok(r) => r,
        Err(e) => panic!("import wrote no file: {e}"),
    };
    let Some((yaml, _, _)) = frontmatter::split(&file) else {
        panic!("import wrote a file without front matter:\n{file}");
    };
    let Some(back) = same_reading(yaml) else {
        panic!("import wrote front matter that does not read back:\n{yaml}");
    };
    assert_eq!(back, fm, "front matter changed on the way back");
    let cfg = Config::default();
    let src = match content::parse(&file, Path::new("content/a.md"), Path::new("content"), &cfg) {
        Ok(src) => src,
        Err(e) => panic!("the build rejects what import wrote: {e:?}\n{file}"),
    };
    assert_eq!(
        src.fm, fm,
        "the build loads other front matter than import wrote"
    );
    let written = fm
        .date
        .as_deref()
        .and_then(|d| frontmatter::parse_date(d, cfg.tz()));
    assert_eq!(
        Some(src.date),
        written,
        "the build dates the article otherwise than import wrote"
    );
    file
}

/// One content file: front matter checked, then its Markdown body rendered (images resolved to
/// placeholders, as when they are missing).
pub fn content_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = crate::text::nfc(text);
    let cfg = Config::default();
    // Differential on every front matter the build would read (deeper nesting stops earlier).
    let reading = match frontmatter::split(&text) {
        Some((yaml, _, _)) if frontmatter::check_nesting(yaml).is_ok() => Some(same_reading(yaml)),
        _ => None,
    };
    let Ok(src) = content::parse(&text, Path::new("content/a.md"), Path::new("content"), &cfg)
    else {
        return;
    };
    assert_eq!(
        reading.flatten().as_ref(),
        Some(&src.fm),
        "content::parse read other front matter"
    );
    if let Some(slug) = &src.fm.slug {
        assert!(crate::slug::is_valid(slug), "accepted slug {slug:?}");
    }
    for alias in &src.fm.aliases {
        assert!(
            content::check_alias(alias).is_ok(),
            "accepted alias {alias:?}"
        );
    }
    let _ = content::markdown::render(&src.body, "/", &|s: &str| content::markdown::ImageInfo {
        url: s.to_string(),
        width: 1,
        height: 1,
        missing: true,
    });
}

/// site.yaml text → `Config::parse`; when accepted, the values the build derives from it.
pub fn site_yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(cfg) = Config::parse(text, Path::new("site.yaml")) {
        let _ = (cfg.base(), cfg.base_path(), cfg.tz());
        let _ = Markers::with(&cfg.import);
        for c in &cfg.categories {
            let _ = c.slug();
        }
    }
}
