//! Golden pages: the fixture site `tests/fixtures/golden/` (5 articles in 2 categories with
//! tags, a lead image, an alias, related stories, `paginate: 2`) built with the default theme,
//! and every kind of page it makes kept as an insta snapshot in `snapshots/`. A change to the
//! theme, the model or an output shows as a reviewable diff of the page; accept it with
//! `cargo insta review` or `INSTA_UPDATE=always cargo test --test integration golden`, then
//! read `git diff` (README, Development).
//!
//! Built once per run by the binary, unminified (readable diffs) and with `SOURCE_DATE_EPOCH`
//! fixed (the news sitemap's "now"), into a folder under the target directory.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// 2025-01-10T12:00:00+07:00: two hours after the fixture's newest article.
const NOW: &str = "1736485200";

/// The fixture built (once per test run); the output folder.
fn built() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let root = crate::common::repo().join("tests/fixtures/golden");
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("golden/public");
        let o = Command::new(env!("CARGO_BIN_EXE_bantin"))
            .args(["build", "--no-minify", "-r"])
            .arg(&root)
            .arg("-o")
            .arg(&out)
            .env("SOURCE_DATE_EPOCH", NOW)
            .output()
            .expect("run bantin");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(
            String::from_utf8_lossy(&o.stderr),
            "",
            "the fixture builds without warnings"
        );
        out
    })
}

fn page(rel: &str) -> String {
    crate::common::read(built(), rel)
}

/// JSON laid out one value a line, keys in the file's order (insta diffs by line; the files
/// themselves are written on one line).
fn json_lines(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json).expect("valid JSON");
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.push(chars.next().unwrap_or_default());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out.push('\n');
    out
}

macro_rules! golden {
    ($($name:ident: $file:expr,)*) => {
        $(
            #[test]
            fn $name() {
                let file: &str = $file;
                let text = page(file);
                let text = if file.ends_with(".json") { json_lines(&text) } else { text };
                insta::assert_snapshot!(stringify!($name), text, file);
            }
        )*
    };
}

golden! {
    home: "index.html",
    article: "thoi-su/lu-lut-mien-trung-hang-nghin-ho-dan-duoc-so-tan/index.html",
    category: "thoi-su/index.html",
    category_page_2: "thoi-su/page/2/index.html",
    tag: "tags/thi-truong/index.html",
    tags_index: "tags/index.html",
    not_found: "404.html",
    search_page: "search/index.html",
    alias_redirect: "2025/01/lu-lut.html",
    atom_feed: "atom.xml",
    rss_feed: "rss.xml",
    json_feed: "feed.json",
    sitemap: "sitemap.xml",
    news_sitemap: "news-sitemap.xml",
    robots_txt: "robots.txt",
    search_manifest: "search/index.json",
}

/// Every file the build writes: a new kind of page (or one gone) shows here, and then needs
/// its own snapshot above.
#[test]
fn output_files() {
    let files: Vec<String> = crate::common::snapshot(built())
        .into_iter()
        .map(|(rel, _)| rel)
        .collect();
    insta::assert_snapshot!("output_files", files.join("\n"));
}

#[test]
fn json_lines_keeps_strings_and_order() {
    assert_eq!(
        json_lines(r#"{"b":[1,{"a":"x,{y}\"]"}],"e":{},"f":[]}"#),
        "{\n  \"b\": [\n    1,\n    {\n      \"a\": \"x,{y}\\\"]\"\n    }\n  ],\n  \"e\": {},\n  \"f\": []\n}\n"
    );
}
