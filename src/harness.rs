//! Entry points shared by the fuzz targets (`fuzz/`, cargo-fuzz on nightly) and the corpus
//! replay test that CI runs on stable (`tests/integration/fuzz_corpus.rs`): each takes raw bytes,
//! runs them through the same code a user's file goes through, and panics only when an
//! invariant breaks (a crash is a finding). Not part of bantin's interface.

use std::path::Path;

use chrono::{FixedOffset, TimeZone};

use crate::config::Config;
use crate::content;
use crate::frontmatter::{self, FrontMatter};
use crate::import::{parser, writer, Markers};

/// Scraped text → `import::parser::parse` → the content file `import` would write; that file
/// must read back (through the build's own loader) to the same front matter.
pub fn import_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = crate::text::nfc(text);
    let Ok(story) = parser::parse(&text, &Markers::builtin()) else {
        return;
    };
    let Some(date) = FixedOffset::east_opt(7 * 3600)
        .and_then(|tz| tz.with_ymd_and_hms(2025, 1, 25, 13, 53, 22).single())
    else {
        return;
    };
    let (fm, file) = match writer::render(&story, "Thời sự", &date) {
        Ok(r) => r,
        Err(e) => panic!("import wrote no file: {e}"),
    };
    let Some((yaml, _, _)) = frontmatter::split(&file) else {
        panic!("import wrote a file without front matter:\n{file}");
    };
    let back: FrontMatter = match serde_yaml::from_str(yaml) {
        Ok(b) => b,
        Err(e) => panic!("import wrote front matter that does not read back: {e}\n{yaml}"),
    };
    assert_eq!(back, fm, "front matter changed on the way back");
    if let Err(e) = content::parse(
        &file,
        Path::new("content/a.md"),
        Path::new("content"),
        &Config::default(),
    ) {
        panic!("the build rejects what import wrote: {e:?}\n{file}");
    }
}

/// One content file: front matter checked, then its Markdown body rendered (images resolved to
/// placeholders, as when they are missing).
pub fn content_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = crate::text::nfc(text);
    let cfg = Config::default();
    let Ok(src) = content::parse(&text, Path::new("content/a.md"), Path::new("content"), &cfg)
    else {
        return;
    };
    if let Some(slug) = &src.fm.slug {
        assert!(crate::slug::is_valid(slug), "accepted slug {slug:?}");
    }
    for alias in &src.fm.aliases {
        assert!(
            content::check_alias(alias).is_ok(),
            "accepted alias {alias:?}"
        );
    }
    let _ = content::markdown::render(&src.body, &|s: &str| content::markdown::ImageInfo {
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
