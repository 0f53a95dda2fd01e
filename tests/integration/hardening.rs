//! Hostile input: YAML bombs and wrong types, paths that try to leave the output, symlinks.
//! Each must end in a clear error (file and line) without blowing up, and nothing may be written
//! outside OUTPUT (a sentinel file beside it stays as it was).
//!
//! Time is bounded two ways that a loaded machine does not trip: every build must answer within
//! [`HANG`] (each input here takes well under a second when processed in linear time; an alias
//! bomb expanded or a 400 KB scalar handled quadratically takes many minutes), and where size is
//! the point (huge scalars) the time must grow no faster than the input, measured against a
//! quarter-size build on the same machine at the same moment.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{article, bantin, site, stderr, write};

const SITE_YAML: &str = "title: T\nbase_url: https://example.com/\n";

/// A build that has not answered by now is hung or doing super-linear work (the inputs here
/// take well under a second each in linear time, even in a debug build on a busy machine).
const HANG: Duration = Duration::from_secs(120);

/// Run bantin with `args` in `cwd`, killed and failed if it has not answered within [`HANG`];
/// its output and how long it took.
fn bantin_unhung(cwd: &Path, args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run bantin");
    // Drain both pipes while waiting, so a chatty child cannot block on a full pipe.
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut b).ok();
        b
    });
    let err_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut b).ok();
        b
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG {
            child.kill().ok();
            child.wait().ok();
            panic!("bantin {args:?} had not answered after {HANG:?}: hung, or super-linear work");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = start.elapsed();
    let o = Output {
        status,
        stdout: out_t.join().unwrap(),
        stderr: err_t.join().unwrap(),
    };
    (o, took)
}

/// Build `root` into `parent/public` beside a sentinel file; returns (exit code, stderr) and
/// checks that the build answered (see [`HANG`]) and that the sentinel and the rest of `parent`
/// are untouched.
fn build_beside_sentinel(root: &Path) -> (Option<i32>, String) {
    build_beside_sentinel_timed(root).0
}

/// [`build_beside_sentinel`] and how long the build took.
fn build_beside_sentinel_timed(root: &Path) -> ((Option<i32>, String), Duration) {
    let parent = tempfile::tempdir().unwrap();
    write(parent.path(), "sentinel.txt", "untouched");
    let before = crate::common::snapshot(parent.path());
    let out = parent.path().join("public");
    let (o, took) = bantin_unhung(root, &["build", "-o", out.to_str().unwrap()]);
    let after: Vec<_> = crate::common::snapshot(parent.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with("public/"))
        .collect();
    assert_eq!(before, after, "nothing beside OUTPUT changes");
    ((o.status.code(), stderr(&o)), took)
}

/// A content file whose front matter holds `yaml` after a valid title and date.
fn hostile_article(yaml: &str) -> tempfile::TempDir {
    site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article(&format!("title: T\ndate: 2025-01-01\n{yaml}"), "x"),
        ),
    ])
}

fn billion_laughs(key: &str) -> String {
    let mut y = format!("{key}:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        y.push_str(&format!(
            "  {n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = n;
    }
    y
}

#[test]
fn yaml_alias_bomb_in_front_matter_is_a_clear_error_in_bounded_time() {
    let dir = hostile_article(&billion_laughs("extra"));
    let (code, err) = build_beside_sentinel(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("content/a.md:"), "{err}");
    assert!(err.contains("front matter"), "{err}");
}

#[test]
fn yaml_alias_bomb_in_site_yaml_is_a_clear_error_in_bounded_time() {
    let dir = site(&[
        (
            "site.yaml",
            &format!("title: T\n{}", billion_laughs("import")),
        ),
        ("content/a.md", &article("title: T\ndate: 2025-01-01", "x")),
    ]);
    let (code, err) = build_beside_sentinel(dir.path());
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("site.yaml"), "{err}");
}

#[test]
fn deep_nesting_is_a_clear_error_in_bounded_time() {
    let deep = 100_000;
    let flow = format!("extra:\n  x: {}{}", "[".repeat(deep), "]".repeat(deep));
    let (code, err) = build_beside_sentinel(hostile_article(&flow).path());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("content/a.md:"), "{err}");
    assert!(
        err.contains("content/a.md:5: front matter: nested more than 128 levels"),
        "{err}"
    );

    let block: String = (0..2_000)
        .map(|i| format!("{}k:\n", "  ".repeat(i + 1)))
        .collect();
    let (code, err) = build_beside_sentinel(hostile_article(&format!("extra:\n{block}")).path());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("content/a.md:"), "{err}");

    let dir = site(&[(
        "site.yaml",
        &format!("import: {}{}", "{a: ".repeat(deep), "}".repeat(deep)),
    )]);
    let (code, err) = build_beside_sentinel(dir.path());
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("site.yaml"), "{err}");
}

/// A site whose one article has a title of `n / 25` and a summary, source and body of `n`
/// bytes, and 20 tags (each tag page repeats the summary).
fn huge_scalar_site(n: usize) -> tempfile::TempDir {
    let unit = "Lào Cai ";
    let big = unit.repeat(n / unit.len());
    let tags: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
    let dir = hostile_article("");
    write(
        dir.path(),
        "content/a.md",
        &article(
            &format!(
                "title: \"{}\"\ndate: 2025-01-01\nsummary: \"{big}\"\nsource: \"{big}\"\ntags: [{}]",
                unit.repeat(n / 25 / unit.len()),
                tags.join(", ")
            ),
            &big,
        ),
    );
    dir
}

#[test]
fn huge_scalars_build_in_linear_time() {
    // A 16 KB title, 400 KB summary, source and body, 20 tags: accepted, and in time that grows
    // no faster than the input (the summary alone is repeated in a dozen outputs). Against a
    // quarter-size build made just before, on the same machine: linear work takes at most 4×
    // as long (less, with the fixed cost of a build), quadratic work 16×. A ratio over 8 is
    // measured again (the smaller of two tries counts), so a moment's load does not fail it.
    let ratio = || {
        let ((code, err), small) = build_beside_sentinel_timed(huge_scalar_site(100_000).path());
        assert_eq!(code, Some(0), "{err}");
        let ((code, err), full) = build_beside_sentinel_timed(huge_scalar_site(400_000).path());
        assert_eq!(code, Some(0), "{err}");
        (full.as_secs_f64() / small.as_secs_f64(), small, full)
    };
    let (mut r, mut small, mut full) = ratio();
    if r > 8.0 {
        let again = ratio();
        if again.0 < r {
            (r, small, full) = again;
        }
    }
    eprintln!("huge scalars: 100 KB in {small:?}, 400 KB in {full:?} ({r:.1}×)");
    assert!(
        r <= 8.0,
        "4× the input took {r:.1}× as long ({small:?} → {full:?}): super-linear"
    );
}

#[test]
fn wrong_types_name_the_file_and_line() {
    for (yaml, line) in [
        ("tags: 5", 4),
        ("tags: {a: 1}", 4),
        ("image: [a, b]", 4),
        ("draft: maybe", 4),
        ("related: yes", 4),
        ("related:\n  - title: [x]", 5),
        ("aliases: {a: b}", 4),
        ("extra: [1, 2]", 4),
    ] {
        let dir = hostile_article(yaml);
        let (code, err) = build_beside_sentinel(dir.path());
        assert_eq!(code, Some(1), "{yaml}: {err}");
        assert!(
            err.contains(&format!("content/a.md:{line}: front matter:")),
            "{yaml}: {err}"
        );
    }
    for (yaml, needle) in [
        ("title: [x]\ndate: 2025-01-01", "content/a.md:2:"),
        ("title: T\ndate: [2025]", "content/a.md:3:"),
        (
            "title: T\ndate: 2025-01-01\n? [complex]\n: key",
            "content/a.md:",
        ),
        ("- a list\n- not a map", "content/a.md:2:"),
    ] {
        let dir = site(&[
            ("site.yaml", SITE_YAML),
            ("content/a.md", &article(yaml, "x")),
        ]);
        let (code, err) = build_beside_sentinel(dir.path());
        assert_eq!(code, Some(1), "{yaml}: {err}");
        assert!(err.contains(needle), "{yaml}: {err}");
    }
    for (yaml, line) in [
        ("paginate: lots", 2),
        ("categories: 5", 2),
        ("categories:\n  - keywords: [a]", 3),
        ("feeds: {limit: -1}", 2),
        ("minify: [true]", 2),
        ("browsers: {a: 1}", 2),
    ] {
        let dir = site(&[("site.yaml", &format!("title: T\n{yaml}\n"))]);
        let (code, err) = build_beside_sentinel(dir.path());
        assert_eq!(code, Some(2), "{yaml}: {err}");
        assert!(err.contains(&format!("site.yaml:{line}:")), "{yaml}: {err}");
    }
}

#[test]
fn slugs_and_aliases_that_leave_the_output_are_rejected_with_file_and_line() {
    for (field, value) in [
        ("slug", "\"..\""),
        ("slug", "\"../../x\""),
        ("slug", "/etc/passwd"),
        ("slug", "\"a%2fb\""),
        ("slug", "\"%2e%2e\""),
        ("slug", "\"a\\0b\""),
        ("slug", "'a\\b'"),
        ("slug", "\"C:\\\\x\""),
        ("slug", "\"./\""),
        ("aliases", "[\"../x\"]"),
        ("aliases", "[\"/a/../../x\"]"),
        ("aliases", "[\"%2e%2e/x\"]"),
        ("aliases", "[\"a%2fb\"]"),
        ("aliases", "[\"a%2F..%2Fb\"]"),
        ("aliases", "[\"a\\0b\"]"),
        ("aliases", "['a\\b']"),
        ("aliases", "['\\\\server\\share']"),
        ("aliases", "[\"https://evil.example/x\"]"),
        ("aliases", "[\"//evil.example/x\"]"),
        ("aliases", "[\"file:///etc/passwd\"]"),
        ("aliases", "[\"..\"]"),
    ] {
        let dir = hostile_article(&format!("{field}: {value}"));
        let (code, err) = build_beside_sentinel(dir.path());
        assert_eq!(code, Some(1), "{field}: {value}: {err}");
        assert!(
            err.contains(&format!(
                "content/a.md:4: {}",
                if field == "slug" { "slug" } else { "alias" }
            )),
            "{field}: {value}: {err}"
        );
    }
}

#[test]
fn site_absolute_aliases_stay_inside_output() {
    // `/etc/passwd` and `/tmp/x.html` are paths on this site: their redirect pages are written
    // inside OUTPUT, and nothing at the real /etc or /tmp is touched.
    let dir = hostile_article("aliases: [/etc/passwd, /tmp/x.html]");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let o = bantin(dir.path(), &["build", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let redirect = std::fs::read_to_string(out.join("etc/passwd/index.html")).unwrap();
    // The redirect page points at the article (minified: attributes unquoted).
    assert!(
        redirect.contains("http-equiv=refresh")
            && redirect.contains("url=https://example.com/tin-tuc/t/"),
        "{redirect}"
    );
    assert!(out.join("tmp/x.html").is_file());
    // `///a` starts like a protocol-relative URL (`//host/a`): refused, with file and line.
    let dir = hostile_article("aliases: [/etc/passwd, \"///a\"]");
    let (code, err) = build_beside_sentinel(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/a.md:4: alias \"///a\" must be a path on this site, not a full URL"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_in_content_are_not_followed_and_loops_do_not_hang() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "secret.md",
        &article("title: Bí mật ngoài site\ndate: 2025-01-01", "SECRET-BODY"),
    );
    write(outside.path(), "secret.png", "SECRET-IMAGE");
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/a.md",
            &article(
                "title: Bài\ndate: 2025-01-01\nimage: {src: leak.png}",
                "![x](leak.png) ![y](out/secret.png)",
            ),
        ),
    ]);
    let content = dir.path().join("content");
    symlink(outside.path().join("secret.md"), content.join("secret.md")).unwrap();
    symlink(outside.path(), content.join("out")).unwrap();
    symlink(outside.path().join("secret.png"), content.join("leak.png")).unwrap();
    symlink(&content, content.join("loop")).unwrap();
    symlink(content.join("self"), content.join("self")).unwrap();
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    symlink(outside.path(), dir.path().join("static/out")).unwrap();
    let (code, err) = build_beside_sentinel(dir.path());
    assert_eq!(code, Some(0), "{err}");
    let parent_out = tempfile::tempdir().unwrap();
    let out = parent_out.path().join("public");
    let o = bantin(dir.path(), &["build", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (path, bytes) in crate::common::snapshot(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("SECRET") && !text.contains("Bí mật ngoài site"),
            "{path} holds a file from outside the site"
        );
    }
    let check = bantin(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

// Escaping: every text field carries `<script>`, quotes, `</script>` and `]]>`, and each output
// kind must keep it inert and give it back unchanged to a strict parser.

const EVIL: &str = "</script><script>alert(1)</script> \"q\" 'a' ]]> &amp; <b>";

/// The hostile value of one field (each field distinct, so a test can tell them apart).
fn evil(field: &str) -> String {
    format!("{field} {EVIL}")
}

/// A site where every text field of an article holds [`EVIL`], built; (site, output folder).
fn evil_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let q = |field: &str| format!("'{}'", evil(field).replace('\'', "''"));
    let front = format!(
        "title: {}\ndate: 2025-01-02T08:00:00+07:00\ncategory: {}\ntags: [{}, {}]\nsummary: {}\nsource: {}\nimage: {{src: anh-640x480.png, caption: {}}}\nrelated:\n  - {{title: {}, summary: {}}}",
        q("title"),
        q("category"),
        q("tag1"),
        q("tag2"),
        q("summary"),
        q("source"),
        q("caption"),
        q("related-title"),
        q("related-summary"),
    );
    let dir = site(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://example.com/tin/\nfeeds:\n  tags: true\n",
        ),
        (
            "content/a.md",
            &article(
                &front,
                &format!("Body {}\n\n![x](anh-640x480.png)", "&lt;script&gt;"),
            ),
        ),
        (
            "content/b.md",
            &article(
                &format!(
                    "title: Bình thường\ndate: 2025-01-01\ncategory: {}",
                    q("category")
                ),
                "x",
            ),
        ),
    ]);
    write(dir.path(), "content/anh-640x480.png", "png");
    let out = dir.path().join("out");
    let o = bantin(dir.path(), &["build", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, out)
}

fn files_with_ext(out: &Path, ext: &str) -> Vec<(String, String)> {
    crate::common::snapshot(out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(ext))
        .map(|(p, b)| (p, String::from_utf8(b).expect("UTF-8 output")))
        .collect()
}

const TEXT_FIELDS: &[&str] = &[
    "title",
    "summary",
    "caption",
    "tag1",
    "tag2",
    "category",
    "related-title",
    "related-summary",
    "source",
];

#[test]
fn hostile_fields_are_inert_in_html() {
    let (_dir, out) = evil_site();
    let pages = files_with_ext(&out, ".html");
    assert!(pages.len() > 8);
    let mut seen = std::collections::BTreeSet::new();
    for (path, html) in &pages {
        for (name, tag) in crate::outputs::pages::start_tags(html) {
            assert!(
                !matches!(name.as_str(), "script" | "b")
                    || tag.contains("/js/")
                    || tag.contains("ld+json"),
                "{path}: an element the site did not write: {tag}"
            );
        }
        for f in TEXT_FIELDS {
            // Written as text: the markup shows as characters (`&lt;/script>`), never as tags.
            if html.contains(&format!("{f} &lt;/script>"))
                || html.contains(&format!("{f} &lt;/script&gt;"))
            {
                seen.insert(*f);
            }
        }
    }
    assert_eq!(
        seen.len(),
        TEXT_FIELDS.len(),
        "every field shows on some page: {seen:?}"
    );
}

/// Every string inside a JSON value.
fn json_strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(m) => m.values().for_each(|x| json_strings(x, out)),
        _ => {}
    }
}

#[test]
fn hostile_fields_round_trip_through_json_ld() {
    let (_dir, out) = evil_site();
    let mut checked = 0;
    for (path, html) in files_with_ext(&out, ".html") {
        for ld in crate::outputs::pages::ld_json(&html) {
            checked += 1;
            assert_eq!(ld["@context"], "https://schema.org", "{path}: {ld:#}");
            let graph = ld["@graph"].as_array().map_or(0, Vec::len);
            assert!(
                graph > 0 || ld["@type"].is_string(),
                "{path}: neither @graph items nor a @type: {ld:#}"
            );
            // Any text that carries the hostile value carries all of it, unchanged: nothing
            // half-escaped or cut.
            let mut strings = Vec::new();
            json_strings(&ld, &mut strings);
            for s in strings.iter().filter(|s| s.contains("alert(1)")) {
                assert!(
                    s.contains(EVIL),
                    "{path}: JSON-LD text {s:?} lost part of it"
                );
            }
        }
        let raw_ld = html.split("application/ld+json").skip(1);
        for block in raw_ld {
            let body = &block[..block.find("</script>").unwrap_or(block.len())];
            assert!(!body.contains('<'), "{path}: raw < inside JSON-LD");
        }
    }
    assert!(checked >= 3);
    let page = files_with_ext(&out, ".html")
        .into_iter()
        .find(|(p, _)| p.ends_with("/title-script-script-alert-1-script-q-a-amp-b/index.html"))
        .expect("the article page");
    let ld = crate::outputs::pages::ld_json(&page.1);
    let article = &ld[0]["@graph"][0];
    assert_eq!(article["headline"], evil("title"), "{article:#}");
    assert_eq!(article["description"], evil("summary"));
    assert_eq!(article["articleSection"], evil("category"));
    let keywords = article["keywords"].to_string();
    assert!(
        keywords.contains("tag1") && keywords.contains("tag2"),
        "{keywords}"
    );
    assert_eq!(article["author"][0]["name"], evil("source"), "{article:#}");
}

#[test]
fn hostile_fields_round_trip_through_feeds() {
    let (_dir, out) = evil_site();
    let mut rss = 0;
    for (path, xml) in files_with_ext(&out, ".xml") {
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{path}: {e}"));
        if doc.root_element().has_tag_name("rss") || doc.root_element().has_tag_name("feed") {
            rss += 1;
            let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
            let all = texts.concat();
            for f in ["title", "summary", "category", "tag1", "source"] {
                // Plain text fields read back as they were; RSS descriptions are HTML, where
                // the summary is escaped text.
                assert!(
                    all.contains(&evil(f))
                        || all.contains(&bantin::text::escape_html(&evil(f)))
                        || doc
                            .descendants()
                            .any(|n| n.attributes().any(|a| a.value() == evil(f))),
                    "{path}: {f} does not read back"
                );
            }
            // Item HTML (with the caption) is text to the XML parser; inside it, no script.
            for t in texts
                .iter()
                .filter(|t| t.contains("<figure") || t.contains("<p>"))
            {
                for (name, _) in crate::outputs::pages::start_tags(t) {
                    assert_ne!(name, "script", "{path}: a script in item content");
                }
            }
        }
    }
    assert!(
        rss >= 6,
        "site, category and tag feeds, RSS and Atom: {rss}"
    );
    for (path, json) in files_with_ext(&out, "feed.json") {
        let v: serde_json::Value =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{path}: {e}"));
        let item = v["items"]
            .as_array()
            .and_then(|i| i.iter().find(|i| i["title"] == evil("title")))
            .unwrap_or_else(|| panic!("{path}: {v:#}"));
        assert_eq!(item["summary"], evil("summary"));
        assert!(item["tags"].to_string().contains("tag1"));
        assert_eq!(item["authors"][0]["name"], evil("source"), "{item:#}");
    }
}

#[test]
fn hostile_fields_round_trip_through_sitemaps() {
    let (_dir, out) = evil_site();
    let mut maps = 0;
    for (path, xml) in files_with_ext(&out, ".xml") {
        if !path.contains("sitemap") {
            continue;
        }
        maps += 1;
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{path}: {e}"));
        for loc in doc.descendants().filter(|n| n.has_tag_name("loc")) {
            let url = loc.text().unwrap_or_default();
            assert!(url.starts_with("https://example.com/tin/"), "{path}: {url}");
            assert!(!url.contains(['<', '>', '"', '\'', ' ']), "{path}: {url}");
        }
        if path.starts_with("news-sitemap") {
            let titles: Vec<&str> = doc
                .descendants()
                .filter(|n| n.tag_name().name() == "title")
                .filter_map(|n| n.text())
                .collect();
            assert!(
                titles.contains(&evil("title").as_str()),
                "{path}: {titles:?}"
            );
        }
    }
    assert_eq!(maps, 2, "sitemap.xml and news-sitemap.xml");
}

#[test]
fn hostile_fields_round_trip_through_the_search_index() {
    let (_dir, out) = evil_site();
    let files = files_with_ext(&out.join("search"), ".json");
    assert!(!files.is_empty());
    let mut found = false;
    for (path, json) in &files {
        assert!(!json.contains('<'), "{path}: raw markup in the search data");
        let v: serde_json::Value =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{path}: {e}"));
        let text = v.to_string();
        if text.contains(&serde_json::to_string(&evil("title")).unwrap()[1..]) {
            found = true;
        }
        if let Some(docs) = v.as_array() {
            for d in docs.iter().filter(|d| d["title"] == evil("title")) {
                assert_eq!(d["summary"], evil("summary"), "{d:#}");
            }
        }
    }
    assert!(found, "the title is in the search data");
}

/// Send `raw` to the server and read the status code of its answer (0 when it just closed).
fn raw_status(addr: &str, raw: &[u8]) -> u16 {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let _ = s.write_all(raw); // the server may answer and close before reading it all
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf)
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn serve_answers_oversized_and_malformed_requests_with_4xx() {
    let dir = hostile_article("summary: S");
    let (_server, addr) = crate::serve::client::serve(dir.path());
    let big_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(100_000)
    );
    assert_eq!(raw_status(&addr, big_header.as_bytes()), 431);
    let many: String = (0..500).map(|i| format!("X-{i}: y\r\n")).collect();
    assert_eq!(
        raw_status(
            &addr,
            format!("GET / HTTP/1.1\r\nHost: x\r\n{many}\r\n").as_bytes()
        ),
        431
    );
    let long_url = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(200_000));
    assert_eq!(raw_status(&addr, long_url.as_bytes()), 414);
    assert_eq!(raw_status(&addr, b"NOT HTTP AT ALL\r\n\r\n"), 400);
    assert_eq!(
        raw_status(
            &addr,
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: no\r\n\r\n"
        ),
        400
    );
    assert_eq!(
        crate::serve::client::get(&addr, "/").status,
        200,
        "still serving"
    );
}
