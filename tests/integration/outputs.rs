//! Feeds, sitemaps, robots.txt, per-page metadata and the search index of built sites: every
//! XML document parsed back with a strict parser, every JSON document with serde_json. This file
//! holds the shared fixture (a small news site with a hostile title) and the parsing helpers.

mod feeds;
pub(crate) mod pages;
mod sitemaps;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use bantin::build::{build, render, BuildOptions};
use bantin::output::search::Index;
use bantin::output::sitemap::{self, Limits};
use chrono::{DateTime, Duration, FixedOffset};
use roxmltree::{Document, Node};
use serde_json::Value;

use crate::common::{article, read, site};

const EVIL: &str = "A </script><script>alert(1)</script> \"q\" ]]> & 'x'";
const YAML: &str = "title: Tin & Thử\nbase_url: https://example.com/tin/\nlanguage: vi\ntimezone: \"+07:00\"\npaginate: 2\nfeeds:\n  limit: 3\n  tags: true\ncategories:\n  - name: Thời sự\n  - name: Kinh tế\n";
const IMAGE: &[u8] = b"not really a png, but 38 bytes long..";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

fn quiet(_: &str) {}

fn opts(root: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        output: Some(out.to_path_buf()),
        ..BuildOptions::new(root)
    }
}

/// Five articles over two categories; one with a co-located image and relative links, one
/// with a hostile title, one updated, one with an alias.
fn news_site(yaml: &str) -> tempfile::TempDir {
    let evil_yaml = EVIL.replace('\'', "''");
    let s = site(&[
        ("site.yaml", yaml),
        (
            "content/1.md",
            &article(
                "title: Bài một\ndate: 2025-01-01T08:00:00+07:00\ncategory: Thời sự\ntags: [Đất đai]\nsummary: Tóm tắt một.\nsource: Báo A\nimage: {src: anh-640x480.png, caption: Chú thích}",
                "Xem [bài hai](../bai-hai/) và <a href=\"/tin/kinh-te/\">KT</a>.\n\n![Ảnh](anh-640x480.png)",
            ),
        ),
        (
            "content/2.md",
            &article(
                "title: Bài hai\ndate: 2025-01-02T08:00:00+07:00\nupdated: 2025-01-03T10:00:00+07:00\ncategory: Thời sự\nauthor: Minh Anh\naliases: [/cu/bai-hai.html]",
                "Thân bài hai.",
            ),
        ),
        (
            "content/3.md",
            &article(
                "title: Bài ba\ndate: 2025-01-03T08:00:00+07:00\ncategory: Kinh tế\ntags: [Đất đai, AI]",
                "Thân bài ba.",
            ),
        ),
        (
            "content/4.md",
            &article(
                &format!("title: '{evil_yaml}'\nslug: doc-hai\ndate: 2025-01-04T08:00:00+07:00\ncategory: Kinh tế\nsummary: '{evil_yaml}'"),
                "<p>raw ]]> and </script> in HTML</p>",
            ),
        ),
        (
            "content/5.md",
            &article(
                "title: Bài năm\ndate: 2025-01-05T08:00:00+07:00\ncategory: Thời sự",
                "Thân bài năm.",
            ),
        ),
    ]);
    std::fs::write(s.path().join("content/anh-640x480.png"), IMAGE).unwrap();
    s
}

fn built(yaml: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let s = news_site(yaml);
    let out = s.path().join("out");
    build(&opts(s.path(), &out), &quiet).expect("builds");
    (s, out)
}

fn el<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Node<'a, 'i> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", n.tag_name().name()))
}

fn els<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    n.children()
        .filter(|c| c.is_element() && c.tag_name().name() == name)
        .collect()
}

fn text(n: Node, name: &str) -> String {
    el(n, name).text().unwrap_or("").to_string()
}

fn rfc822(s: &str) -> DateTime<FixedOffset> {
    let d = DateTime::parse_from_rfc2822(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
    assert!(s.ends_with("+0700"), "site timezone: {s}");
    d
}

fn rfc3339(s: &str) -> DateTime<FixedOffset> {
    let d = DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
    assert!(s.ends_with("+07:00"), "site timezone: {s}");
    d
}

fn assert_absolute_html(html: &str) {
    for bad in ["href=\"/", "src=\"/", "href=\"../", "src=\"anh"] {
        assert!(
            !html.contains(bad),
            "relative URL ({bad}) in feed HTML: {html}"
        );
    }
}

fn news_titles(out: &Path) -> Vec<String> {
    let xml = read(out, "news-sitemap.xml");
    let doc = Document::parse(&xml).expect("news sitemap is XML");
    els(doc.root_element(), "url")
        .into_iter()
        .map(|u| {
            let news = el(u, "news");
            assert_eq!(news.tag_name().namespace(), Some(NEWS_NS));
            let publication = el(news, "publication");
            assert_eq!(text(publication, "name"), "Tin & Thử");
            assert_eq!(text(publication, "language"), "vi");
            rfc3339(&text(news, "publication_date"));
            text(news, "title")
        })
        .collect()
}
