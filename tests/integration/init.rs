//! `bantin init`: a new site that works at once, and a refusal to touch a non-empty folder.

use std::fs;

use crate::common::{bantin, stderr, stdout};

#[test]
fn init_creates_a_working_site_then_refuses_non_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let o = bantin(tmp.path(), &["init", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("created a new site"), "{}", stdout(&o));
    let site = tmp.path().join("site");
    for f in ["site.yaml", "themes/README.md"] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    assert!(site.join("content").is_dir());

    // The new site.yaml is a working config: importing files the seed by its keyword.
    let seed = crate::common::repo().join("tests/fixtures/seed.txt");
    let o = bantin(&site, &["import", &seed.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = site.join(
        "content/khoa-hoc-cong-nghe/hy-vong-moi-cho-ai-chau-au-sau-thanh-cong-cua-deepseek.md",
    );
    assert!(out.is_file(), "{}", stdout(&o));

    let before = fs::read(site.join("site.yaml")).unwrap();
    let o = bantin(tmp.path(), &["init", "site"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
    assert_eq!(fs::read(site.join("site.yaml")).unwrap(), before);
}

#[test]
fn init_with_theme_copies_the_default_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let o = bantin(tmp.path(), &["init", "--theme", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let templates = tmp.path().join("site/themes/default/templates");
    let n = fs::read_dir(&templates).map(|d| d.count()).unwrap_or(0);
    assert!(n > 0, "no templates in {}", templates.display());
}
