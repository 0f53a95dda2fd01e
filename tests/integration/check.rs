//! `bantin check`: every kind of finding with file and line, the JSON shape, exit codes, and
//! that nothing is written.

use serde_json::Value;

use crate::common::{article, bantin, site, stdout};

const SITE_YAML: &str =
    "title: T\nbase_url: https://example.com/tin/\ncategories:\n  - name: Thời sự\n";

/// Run `bantin check --format json` on `root`: (exit code, parsed report).
fn check_json(root: &std::path::Path) -> (i32, Value) {
    let o = bantin(root, &["check", "--format", "json"]);
    let out = stdout(&o);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    (o.status.code().unwrap_or(-1), v)
}

/// Findings of one kind as (file, line, severity, message).
fn of_kind(v: &Value, kind: &str) -> Vec<(String, Option<u64>, String, String)> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["kind"] == kind)
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64(),
                f["severity"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn clean(title: &str, extra: &str) -> String {
    article(
        &format!("title: {title}\ndate: 2025-01-02\ncategory: Thời sự\nsummary: S\n{extra}"),
        "Body.",
    )
}

#[test]
fn a_clean_site_has_no_findings_and_exits_0() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/a.md", &clean("Một", "")),
        (
            "content/b.md",
            &article(
                "title: Hai\ndate: 2025-01-03\ncategory: Thời sự\nsummary: S",
                "[một](/thoi-su/mot/) [tag](../../tags/) [ngoài](https://other.example/x) [neo](#x)",
            ),
        ),
    ]);
    let (code, v) = check_json(dir.path());
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["findings"].as_array().map(Vec::len), Some(0), "{v:#}");
    assert_eq!(v["errors"], 0);
    assert_eq!(v["files"], 2);
    let human = bantin(dir.path(), &["check"]);
    assert_eq!(human.status.code(), Some(0));
    assert!(stdout(&human).contains("checked 2 files: 0 errors, 0 warnings"));
    assert!(
        !dir.path().join("public").exists(),
        "check writes no output"
    );
}

#[test]
fn dead_internal_links_in_bodies_and_related_stories_are_errors_with_lines() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/a.md", &clean("Một", "")),
        (
            "content/b.md",
            &article(
                "title: Hai\ndate: 2025-01-03\ncategory: Thời sự\nsummary: S\nrelated:\n  - { title: Khác hẳn, url: /tin/thoi-su/khong-co/ }\n  - { title: Ngoài, url: https://other.example/ }",
                "Dòng một.\n\nXem [bài cũ](/thoi-su/mat-tich/) và [một](../mot/).\n\n[tương đối](../khong-co-nua/) [có sẵn base](/tin/thoi-su/mot/)",
            ),
        ),
    ]);
    let (code, v) = check_json(dir.path());
    assert_eq!(code, 1, "{v:#}");
    let dead = of_kind(&v, "dead-link");
    assert_eq!(dead.len(), 4, "{dead:#?}");
    assert!(dead.iter().all(|d| d.0 == "content/b.md" && d.2 == "error"));
    // The opening `---` is line 1; the body starts at line 10.
    assert_eq!(dead[0].1, Some(7), "related url line: {dead:#?}");
    assert!(dead[0].3.contains("/tin/thoi-su/khong-co/"));
    assert_eq!(dead[1].1, Some(12), "{dead:#?}");
    assert!(dead[1].3.contains("mat-tich"));
    assert_eq!(dead[2].1, Some(14), "{dead:#?}");
    // A root-relative link is relative to the site's root: one that repeats the base path
    // points under it again, where nothing is built.
    assert_eq!(dead[3].1, Some(14), "{dead:#?}");
    assert!(
        dead[3]
            .3
            .ends_with("at /tin/thoi-su/mot/, where nothing is built"),
        "{dead:#?}"
    );
    let human = stdout(&bantin(dir.path(), &["check"]));
    assert!(
        human.contains("error: content/b.md:12: link \"/thoi-su/mat-tich/\" points inside the site, at /thoi-su/mat-tich/, where nothing is built"),
        "{human}"
    );
}

#[test]
fn missing_images_are_warnings_with_lines() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("static/co.png", "x"),
        (
            "content/a.md",
            &article(
                "title: Một\ndate: 2025-01-02\ncategory: Thời sự\nsummary: S\nimage: { src: mat.png, caption: c }",
                "Đoạn.\n\n![ảnh](khong-co.jpg)\n\n![có](/co.png)",
            ),
        ),
    ]);
    let (code, v) = check_json(dir.path());
    assert_eq!(code, 0, "warnings only: {v:#}");
    let missing = of_kind(&v, "missing-image");
    assert_eq!(missing.len(), 2, "{missing:#?}");
    assert_eq!(missing[0].1, Some(6));
    assert!(missing[0].3.contains("mat.png"));
    assert_eq!(missing[1].1, Some(10));
    assert!(missing[1].3.contains("khong-co.jpg"));
    assert!(missing.iter().all(|m| m.2 == "warning"));
}

#[test]
fn duplicate_slugs_and_urls() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/a.md", &clean("Trùng tên", "")),
        ("content/b.md", &clean("Trùng tên", "")),
        (
            "content/c.md",
            &article(
                "title: Ba\ndate: 2025-01-05\ncategory: Thời sự\nsummary: S\nslug: trung-ten",
                "x",
            ),
        ),
        (
            "content/d.md",
            &clean("Bốn", "aliases:\n  - /cu/\n  - /thoi-su/\n  - /"),
        ),
        ("content/e.md", &clean("Năm", "aliases: [/cu/]")),
    ]);
    let (code, v) = check_json(dir.path());
    assert_eq!(code, 1, "{v:#}");
    let slugs = of_kind(&v, "duplicate-slug");
    assert_eq!(slugs.len(), 2, "{slugs:#?}");
    // Same title: the one built at -2 gets a warning; an explicit slug: that cannot be honoured
    // (the newer article loses the plain slug) is an error.
    assert!(slugs
        .iter()
        .any(|s| s.0.starts_with("content/") && s.2 == "warning" && s.1 == Some(2)));
    assert!(slugs
        .iter()
        .any(|s| s.0 == "content/c.md" && s.2 == "error" && s.1 == Some(6)));
    let urls = of_kind(&v, "duplicate-url");
    assert_eq!(urls.len(), 3, "{urls:#?}");
    assert!(urls
        .iter()
        .any(|u| u.0 == "content/d.md" && u.1 == Some(8) && u.3.contains("category")));
    assert!(urls
        .iter()
        .any(|u| u.0 == "content/d.md" && u.1 == Some(9) && u.3.contains("home page")));
    assert!(urls
        .iter()
        .any(|u| u.0 == "content/e.md" && u.1 == Some(6) && u.3.contains("content/d.md")));
}

#[test]
fn missing_date_is_an_error_and_missing_summary_a_warning() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article("title: Không ngày\ncategory: Thời sự\nsummary: S", "x"),
        ),
        (
            "content/b.md",
            &article("title: Không tóm tắt\ndate: 2025-01-01", "x"),
        ),
        (
            "content/c.md",
            &article(
                "title: Tóm tắt rỗng\ndate: 2025-01-01\nsummary: \"  \"",
                "x",
            ),
        ),
    ]);
    let (code, v) = check_json(dir.path());
    assert_eq!(code, 1, "{v:#}");
    let dates = of_kind(&v, "missing-date");
    assert_eq!(dates.len(), 1);
    assert_eq!(dates[0].0, "content/a.md");
    assert_eq!(dates[0].2, "error");
    let summaries = of_kind(&v, "missing-summary");
    assert_eq!(summaries.len(), 2, "{summaries:#?}");
    assert_eq!(summaries[0].0, "content/b.md");
    assert_eq!(summaries[1].1, Some(4), "{summaries:#?}");
    assert!(summaries.iter().all(|s| s.2 == "warning"));
}

#[test]
fn related_titles_that_nearly_match_an_article_are_flagged() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &clean("\"Lào Cai: Kinh tế số chiếm 9,46% GRDP\"", ""),
        ),
        (
            "content/b.md",
            &clean(
                "Bài khác hẳn",
                "related:\n  - { title: \"Lào Cai: Kinh tế số chiếm 9,46% GRPD\" }\n  - { title: \"LÀO CAI - kinh te so chiem 9,46% grdp\" }\n  - { title: \"Hà Nội mưa to\" }",
            ),
        ),
    ]);
    let (code, v) = check_json(dir.path());
    assert_eq!(code, 0, "{v:#}");
    let typos = of_kind(&v, "related-typo");
    // The second differs only in case, tones and punctuation: it already links.
    assert_eq!(typos.len(), 1, "{typos:#?}");
    assert_eq!(typos[0].1, Some(7));
    assert!(typos[0].3.contains("GRPD") && typos[0].3.contains("content/a.md"));
}

#[test]
fn unknown_front_matter_fields_suggest_the_nearest_known_one() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article(
                "title: Một\ndate: 2025-01-02\ncategory: Thời sự\nsumary: S\ntag: [a]\nimage: { src: https://cdn.example/a.png, captoin: c }\nrelated:\n  - title: R\n    ulr: https://x.example/\nmy_own_thing: 1\nextra: { anything: 1 }",
                "x",
            ),
        ),
    ]);
    let (code, v) = check_json(dir.path());
    assert_eq!(code, 0, "{v:#}");
    let unknown = of_kind(&v, "unknown-field");
    let got: Vec<(Option<u64>, &str)> = unknown.iter().map(|u| (u.1, u.3.as_str())).collect();
    assert_eq!(unknown.len(), 5, "{got:#?}");
    let has = |line: u64, needle: &str| {
        assert!(
            unknown
                .iter()
                .any(|u| u.1 == Some(line) && u.3.contains(needle)),
            "line {line} {needle}: {got:#?}"
        )
    };
    has(5, "`sumary` is ignored; did you mean `summary`?");
    has(6, "did you mean `tags`?");
    has(7, "`image.captoin` is ignored; did you mean `caption`?");
    has(10, "`related.ulr` is ignored; did you mean `url`?");
    has(
        11,
        "`my_own_thing` is ignored; put your own fields under `extra:`",
    );
}

#[test]
fn json_shape_is_stable_and_broken_config_exits_2() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/a.md", "no front matter"),
    ]);
    let (code, v) = check_json(dir.path());
    assert_eq!(code, 1);
    let keys: Vec<&str> = v
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(keys, ["errors", "files", "findings", "version", "warnings"]);
    assert_eq!(v["version"], 1);
    let f = &v["findings"][0];
    let keys: Vec<&str> = f
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(keys, ["file", "kind", "line", "message", "severity"]);
    assert_eq!(f["kind"], "invalid");
    assert_eq!(f["line"], 1);

    let bad = site(&[("site.yaml", "title: [unclosed\n")]);
    let o = bantin(bad.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(2));
    let o = bantin(bad.path(), &["check", "--format", "yaml"]);
    assert_eq!(o.status.code(), Some(2), "a bad flag is a usage error");
}

#[test]
fn drafts_are_checked_only_with_drafts() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/a.md", &clean("Một", "draft: true")),
        (
            "content/b.md",
            &article(
                "title: Hai\ndate: 2025-01-02\nsummary: S",
                "[x](/thoi-su/mot/)",
            ),
        ),
    ]);
    let (code, _) = check_json(dir.path());
    assert_eq!(code, 1, "the draft's page is not built without --drafts");
    let o = bantin(dir.path(), &["check", "--drafts"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_content_are_symlink_warnings() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    crate::common::write(outside.path(), "b.md", &clean("Ngoài", ""));
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/a.md", &clean("Một", "")),
    ]);
    let content = dir.path().join("content");
    symlink(outside.path().join("b.md"), content.join("b.md")).unwrap();
    std::fs::create_dir_all(content.join("thoi-su")).unwrap();
    symlink(outside.path(), content.join("thoi-su/more")).unwrap();
    // Hidden entries are skipped whatever they are, as by build.
    symlink(outside.path(), content.join(".hidden")).unwrap();
    let why = "symbolic links are not followed; copy the file in or remove the link";
    let (code, v) = check_json(dir.path());
    assert_eq!(code, 0, "warnings alone pass: {v:#}");
    assert_eq!(
        of_kind(&v, "symlink"),
        [
            ("content/b.md".into(), None, "warning".into(), why.into()),
            (
                "content/thoi-su/more".into(),
                None,
                "warning".into(),
                why.into()
            ),
        ]
    );
    assert_eq!(v["files"], 1, "the linked file is not read: {v:#}");
    assert_eq!(v["warnings"], 2, "{v:#}");
    let human = stdout(&bantin(dir.path(), &["check"]));
    assert!(
        human.contains(&format!("warning: content/b.md: {why} [symlink]\n")),
        "{human}"
    );
}
