//! Feeds, sitemaps, robots.txt, per-page metadata and the search index of built sites: every
//! XML document parsed back with a strict parser, every JSON document with serde_json.

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

#[test]
fn rss_is_rss_2_with_full_content_enclosures_and_rfc822_dates() {
    let (_s, out) = built(YAML);
    let xml = read(&out, "rss.xml");
    let doc = Document::parse(&xml).expect("rss.xml is XML");
    let rss = doc.root_element();
    assert_eq!(rss.tag_name().name(), "rss");
    assert_eq!(rss.attribute("version"), Some("2.0"));
    let ch = el(rss, "channel");
    assert_eq!(text(ch, "title"), "Tin & Thử");
    assert_eq!(text(ch, "link"), "https://example.com/tin/");
    assert!(!text(ch, "description").is_empty());
    assert_eq!(text(ch, "language"), "vi");
    rfc822(&text(ch, "lastBuildDate"));
    let self_link = el(ch, "link");
    assert!(self_link.tag_name().namespace().is_none());
    let items = els(ch, "item");
    assert_eq!(items.len(), 3, "feeds.limit");
    let titles: Vec<String> = items.iter().map(|i| text(*i, "title")).collect();
    assert_eq!(titles, ["Bài năm", EVIL, "Bài ba"], "newest first");
    let dates: Vec<_> = items.iter().map(|i| rfc822(&text(*i, "pubDate"))).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));
    for i in &items {
        let link = text(*i, "link");
        assert!(link.starts_with("https://example.com/tin/"), "{link}");
        assert_eq!(text(*i, "guid"), link);
        let content = text(*i, "encoded");
        assert!(!content.is_empty());
        assert_absolute_html(&content);
        assert!(!els(*i, "category").is_empty());
    }
    // The hostile title and its body's `]]>` survive CDATA intact.
    assert!(text(items[1], "encoded").contains("raw ]]> and"));
    let cats: Vec<_> = els(items[2], "category")
        .iter()
        .map(|c| c.text().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        cats,
        ["Kinh tế", "Đất đai", "AI"],
        "category, then tags as written"
    );

    // The category feed holds the article with the image: an enclosure with the file's size.
    let doc_xml = read(&out, "thoi-su/rss.xml");
    let doc = Document::parse(&doc_xml).expect("category rss");
    let ch = el(doc.root_element(), "channel");
    assert_eq!(text(ch, "link"), "https://example.com/tin/thoi-su/");
    let items = els(ch, "item");
    let first = items
        .iter()
        .find(|i| text(**i, "title") == "Bài một")
        .expect("Bài một");
    let enc = el(*first, "enclosure");
    assert_eq!(
        enc.attribute("url"),
        Some("https://example.com/tin/thoi-su/bai-mot/anh-640x480.png")
    );
    assert_eq!(
        enc.attribute("length"),
        Some(IMAGE.len().to_string().as_str())
    );
    assert_eq!(enc.attribute("type"), Some("image/png"));
    let content = text(*first, "encoded");
    assert!(
        content.contains("href=\"https://example.com/tin/thoi-su/bai-hai/\""),
        "{content}"
    );
    assert!(
        content.contains("href=\"https://example.com/tin/kinh-te/\""),
        "{content}"
    );
    assert!(
        content.contains("src=\"https://example.com/tin/thoi-su/bai-mot/anh-640x480.png\""),
        "{content}"
    );
    assert_eq!(text(*first, "description"), "Tóm tắt một.");
    assert_eq!(text(*first, "creator"), "Báo A");
    // feeds.tags: true gives every tag its feeds.
    let tag = read(&out, "tags/dat-dai/rss.xml");
    let doc = Document::parse(&tag).expect("tag rss");
    assert_eq!(els(el(doc.root_element(), "channel"), "item").len(), 2);
}

#[test]
fn atom_and_json_feed_carry_the_required_fields() {
    let (_s, out) = built(YAML);
    for dir in ["", "thoi-su/", "kinh-te/", "tags/ai/"] {
        let xml = read(&out, &format!("{dir}atom.xml"));
        let doc = Document::parse(&xml).unwrap_or_else(|e| panic!("{dir}atom.xml: {e}"));
        let feed = doc.root_element();
        assert_eq!(feed.tag_name().namespace(), Some(ATOM_NS));
        assert_eq!(feed.tag_name().name(), "feed");
        assert_eq!(
            text(feed, "id"),
            format!("https://example.com/tin/{dir}atom.xml")
        );
        assert!(!text(feed, "title").is_empty());
        rfc3339(&text(feed, "updated"));
        assert!(els(feed, "link")
            .iter()
            .any(|l| l.attribute("rel") == Some("self")));
        for e in els(feed, "entry") {
            assert!(text(e, "id").starts_with("https://example.com/tin/"));
            assert!(!text(e, "title").is_empty());
            let published = rfc3339(&text(e, "published"));
            assert!(rfc3339(&text(e, "updated")) >= published);
            assert!(!text(el(e, "author"), "name").is_empty());
            let content = el(e, "content");
            assert_eq!(content.attribute("type"), Some("html"));
            assert_absolute_html(content.text().unwrap_or(""));
            assert!(els(e, "link")
                .iter()
                .any(|l| l.attribute("rel") == Some("alternate")));
            assert!(!els(e, "category").is_empty());
        }

        let json: Value = serde_json::from_str(&read(&out, &format!("{dir}feed.json")))
            .unwrap_or_else(|e| panic!("{dir}feed.json: {e}"));
        assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(
            json["feed_url"],
            format!("https://example.com/tin/{dir}feed.json")
        );
        assert_eq!(
            json["home_page_url"],
            format!("https://example.com/tin/{dir}")
        );
        let items = json["items"].as_array().expect("items");
        assert!(!items.is_empty() && items.len() <= 3);
        for it in items {
            for key in ["id", "url", "title", "content_html"] {
                assert!(
                    it[key].as_str().is_some_and(|s| !s.is_empty()),
                    "{key}: {it}"
                );
            }
            rfc3339(it["date_published"].as_str().expect("date_published"));
            rfc3339(it["date_modified"].as_str().expect("date_modified"));
            assert_absolute_html(it["content_html"].as_str().unwrap_or(""));
            assert!(!it["tags"].as_array().expect("tags").is_empty());
        }
    }
    let atom = read(&out, "thoi-su/atom.xml");
    let doc = Document::parse(&atom).unwrap();
    let entries = els(doc.root_element(), "entry");
    let two = entries
        .iter()
        .find(|e| text(**e, "title") == "Bài hai")
        .expect("Bài hai");
    assert_eq!(text(*two, "updated"), "2025-01-03T10:00:00+07:00");
    assert_eq!(text(el(*two, "author"), "name"), "Minh Anh");
    let one = entries
        .iter()
        .find(|e| text(**e, "title") == "Bài một")
        .expect("Bài một");
    let enclosure = els(*one, "link")
        .into_iter()
        .find(|l| l.attribute("rel") == Some("enclosure"))
        .expect("enclosure link");
    assert_eq!(enclosure.attribute("type"), Some("image/png"));
    let json: Value = serde_json::from_str(&read(&out, "thoi-su/feed.json")).unwrap();
    let one = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Bài một")
        .expect("Bài một");
    assert_eq!(
        one["image"],
        "https://example.com/tin/thoi-su/bai-mot/anh-640x480.png"
    );
    assert_eq!(one["summary"], "Tóm tắt một.");
    assert_eq!(one["tags"], serde_json::json!(["Thời sự", "Đất đai"]));
}

/// `https://example.com/tin/` + the folder of every HTML page a search engine should index.
fn html_pages(out: &Path) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.ends_with(".html") || rel == "404.html" || rel == "search/index.html" {
            continue;
        }
        if read(out, &rel).contains("http-equiv") {
            continue; // an alias redirect
        }
        set.insert(format!(
            "https://example.com/tin/{}",
            rel.trim_end_matches("index.html")
        ));
    }
    set
}

#[test]
fn sitemap_lists_every_page_with_lastmod_and_robots_names_it() {
    let (_s, out) = built(YAML);
    let xml = read(&out, "sitemap.xml");
    let doc = Document::parse(&xml).expect("sitemap.xml is XML");
    let set = doc.root_element();
    assert_eq!(set.tag_name().name(), "urlset");
    assert_eq!(
        set.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut locs = BTreeSet::new();
    for u in els(set, "url") {
        let loc = text(u, "loc");
        let lastmod = rfc3339(&text(u, "lastmod"));
        if loc.ends_with("/bai-hai/") {
            assert_eq!(
                lastmod.to_rfc3339(),
                "2025-01-03T10:00:00+07:00",
                "updated wins"
            );
        }
        assert!(locs.insert(loc), "no duplicates");
    }
    assert!(out.join("cu/bai-hai.html").is_file(), "the alias exists");
    assert_eq!(locs, html_pages(&out));
    assert!(locs.contains("https://example.com/tin/thoi-su/page/2/"));
    let robots = read(&out, "robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.com/tin/sitemap.xml\n"),
        "{robots}"
    );
    assert!(
        robots.contains("Sitemap: https://example.com/tin/news-sitemap.xml\n"),
        "{robots}"
    );
}

#[test]
fn sitemap_past_its_limit_is_an_index_over_numbered_sitemaps() {
    let s = news_site(YAML);
    let (site, _) = render(&opts(s.path(), &s.path().join("out")), &quiet).expect("renders");
    let pages = sitemap::pages(&site);
    assert_eq!(
        pages.len(),
        12,
        "home, 5 articles, 3 category pages, tags index, 2 tags"
    );
    let all: BTreeSet<String> = pages.iter().map(|p| p.loc.clone()).collect();
    for limits in [
        Limits {
            urls: 4,
            bytes: sitemap::LIMITS.bytes,
        },
        Limits {
            urls: 50_000,
            bytes: 700,
        },
    ] {
        let files = sitemap::sitemaps(&site, &pages, limits);
        let find = |name: &str| -> String {
            let bytes = &files
                .iter()
                .find(|f| f.0 == name)
                .unwrap_or_else(|| panic!("{name}"))
                .1;
            String::from_utf8(bytes.clone()).unwrap()
        };
        let index = find("sitemap.xml");
        let doc = Document::parse(&index).expect("index is XML");
        assert_eq!(doc.root_element().tag_name().name(), "sitemapindex");
        let parts = els(doc.root_element(), "sitemap");
        assert_eq!(parts.len(), files.len() - 1);
        assert!(parts.len() >= 3, "{limits:?}: {}", parts.len());
        let mut seen = BTreeSet::new();
        for (k, p) in parts.iter().enumerate() {
            let name = format!("sitemap-{}.xml", k + 1);
            assert_eq!(text(*p, "loc"), format!("https://example.com/tin/{name}"));
            rfc3339(&text(*p, "lastmod"));
            let part = find(&name);
            assert!(part.len() <= limits.bytes, "{name}: {} bytes", part.len());
            let doc = Document::parse(&part).expect("part is XML");
            let urls = els(doc.root_element(), "url");
            assert!(!urls.is_empty() && urls.len() <= limits.urls);
            seen.extend(urls.iter().map(|u| text(*u, "loc")));
        }
        assert_eq!(seen, all, "every page in exactly the parts");
    }
    assert_eq!(
        sitemap::sitemaps(&site, &pages, sitemap::LIMITS).len(),
        1,
        "under the limit: one sitemap.xml"
    );
}

/// `bantin build` with SOURCE_DATE_EPOCH set (or removed) for the child process.
fn build_with_epoch(root: &Path, epoch: Option<&str>) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bantin"));
    c.args(["build", "-o", "out"]).current_dir(root);
    match epoch {
        Some(e) => c.env("SOURCE_DATE_EPOCH", e),
        None => c.env_remove("SOURCE_DATE_EPOCH"),
    };
    c.output().expect("run bantin")
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

#[test]
fn news_sitemap_holds_the_48_hours_before_source_date_epoch() {
    let now = DateTime::parse_from_rfc3339("2025-03-10T12:00:00+07:00").unwrap();
    let at = |h: i64| (now + Duration::hours(h)).to_rfc3339();
    let mut files = vec![("site.yaml".to_string(), YAML.to_string())];
    for (name, hours) in [
        ("h-1", -1),
        ("h-47", -47),
        ("h-48", -48),
        ("h-49", -49),
        ("future", 1),
    ] {
        files.push((
            format!("content/{name}.md"),
            article(
                &format!("title: {name}\ndate: {}\ncategory: Thời sự", at(hours)),
                "x",
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let s = site(&refs);
    let epoch = now.timestamp().to_string();
    let o = build_with_epoch(s.path(), Some(&epoch));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(news_titles(&s.path().join("out")), ["h-1", "h-47", "h-48"]);

    // Unset: "now" is the newest article's date, so the build stays reproducible.
    let o = build_with_epoch(s.path(), None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        news_titles(&s.path().join("out")),
        ["future", "h-1", "h-47"]
    );

    let o = build_with_epoch(s.path(), Some("yesterday"));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("SOURCE_DATE_EPOCH") && err.contains("yesterday"),
        "{err}"
    );

    // At most `urls` per file: past it, an index over numbered news sitemaps.
    let (site, _) = render(&opts(s.path(), &s.path().join("out")), &quiet).unwrap();
    let files = sitemap::news(
        &site,
        now,
        Limits {
            urls: 2,
            bytes: 1 << 20,
        },
    );
    let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "news-sitemap-1.xml",
            "news-sitemap-2.xml",
            "news-sitemap.xml"
        ]
    );
    let index = String::from_utf8(files[2].1.clone()).unwrap();
    assert_eq!(
        Document::parse(&index)
            .unwrap()
            .root_element()
            .tag_name()
            .name(),
        "sitemapindex"
    );
}

fn ld_json(html: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("application/ld+json") {
        let after = &rest[i..];
        let start = after.find('>').unwrap() + 1;
        let end = after.find("</script>").unwrap();
        out.push(serde_json::from_str(&after[start..end]).expect("JSON-LD parses"));
        rest = &after[end..];
    }
    out
}

/// The elements that really start in `html`: `(name, the tag's text)`, skipping comments,
/// attribute values and the text of `<title>`, `<script>`, `<style>` and `<textarea>` (where
/// an HTML parser sees no tags either).
fn start_tags(html: &str) -> Vec<(String, String)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = html[i..].find('<') {
        let start = i + p;
        if html[start..].starts_with("<!--") {
            i = html[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        if !b.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let mut j = start + 1;
        while j < b.len() && b[j].is_ascii_alphanumeric() {
            j += 1;
        }
        let name = html[start + 1..j].to_ascii_lowercase();
        let mut quote = None;
        while j < b.len() {
            match (quote, b[j]) {
                (None, b'"' | b'\'') => quote = Some(b[j]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        out.push((name.clone(), html[start..j.min(html.len())].to_string()));
        i = (j + 1).min(html.len());
        if ["title", "script", "style", "textarea"].contains(&name.as_str()) {
            let close = format!("</{name}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| i + e);
        }
    }
    out
}

#[test]
fn hostile_titles_stay_inert_everywhere() {
    let (_s, out) = built(YAML);
    let mut pages = 0;
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        let path = e.path();
        if path.extension().is_some_and(|x| x == "html") {
            pages += 1;
            let html = std::fs::read_to_string(path).unwrap();
            for (name, tag) in start_tags(&html) {
                if name == "script" {
                    assert!(
                        tag.contains("/tin/js/") || tag.contains("application/ld+json"),
                        "{}: a script the site did not write: {tag}",
                        path.display()
                    );
                }
            }
        } else if path.extension().is_some_and(|x| x == "xml" || x == "json") {
            let body = std::fs::read_to_string(path).unwrap();
            assert!(!body.contains("<script>"), "{}: raw markup", path.display());
        }
    }
    assert!(pages > 10);
    // The tokenizer does see an injected tag: the check above can fail.
    let injected = format!("<title>x</title><p>{EVIL}</p>");
    assert!(
        start_tags(&injected)
            .iter()
            .filter(|t| t.0 == "script")
            .count()
            == 1
    );
    let page = read(&out, "kinh-te/doc-hai/index.html");
    let scripts = start_tags(&page)
        .into_iter()
        .filter(|t| t.0 == "script")
        .count();
    assert_eq!(scripts, 2, "main.js and the JSON-LD only");
    let ld = ld_json(&page);
    assert_eq!(ld.len(), 1);
    let graph = ld[0]["@graph"].as_array().expect("@graph");
    assert_eq!(graph[0]["@type"], "NewsArticle");
    assert_eq!(graph[0]["headline"], EVIL);
    assert_eq!(graph[0]["description"], EVIL);
    assert_eq!(graph[1]["@type"], "BreadcrumbList");
    assert_eq!(graph[1]["itemListElement"][2]["name"], EVIL);
    let feed: Value = serde_json::from_str(&read(&out, "feed.json")).unwrap();
    assert_eq!(feed["items"][1]["title"], EVIL);
    let atom = read(&out, "atom.xml");
    let doc = Document::parse(&atom).unwrap();
    assert_eq!(text(els(doc.root_element(), "entry")[1], "title"), EVIL);
    assert!(news_titles(&out).contains(&EVIL.to_string()));
    let docs = read(&out, "search/docs-0.json");
    assert!(!docs.contains('<'), "search data has no raw markup");
    let docs: Value = serde_json::from_str(&docs).unwrap();
    assert!(docs.as_array().unwrap().iter().any(|d| d["title"] == EVIL));
}

#[test]
fn pages_carry_open_graph_feeds_and_json_ld() {
    let s = news_site(YAML);
    let out = s.path().join("out");
    build(
        &BuildOptions {
            minify: false,
            ..opts(s.path(), &out)
        },
        &quiet,
    )
    .unwrap();
    let one = read(&out, "thoi-su/bai-mot/index.html");
    for want in [
        "<meta name=\"description\" content=\"Tóm tắt một.\">",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:image\" content=\"https://example.com/tin/thoi-su/bai-mot/anh-640x480.png\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "<meta property=\"article:published_time\" content=\"2025-01-01T08:00:00+07:00\">",
        "<meta property=\"article:modified_time\" content=\"2025-01-01T08:00:00+07:00\">",
        "<meta property=\"article:section\" content=\"Thời sự\">",
        "<meta property=\"article:tag\" content=\"Đất đai\">",
        "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Thời sự – Tin &amp; Thử (RSS)\" href=\"https://example.com/tin/thoi-su/rss.xml\">",
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Tin &amp; Thử (Atom)\" href=\"https://example.com/tin/atom.xml\">",
    ] {
        assert!(one.contains(want), "article lacks {want}");
    }
    let ld = ld_json(&one);
    let a = &ld[0]["@graph"][0];
    assert_eq!(
        a["author"][0],
        serde_json::json!({"@type": "Organization", "name": "Báo A"})
    );
    assert_eq!(
        a["image"][0]["url"],
        "https://example.com/tin/thoi-su/bai-mot/anh-640x480.png"
    );
    assert_eq!(a["inLanguage"], "vi");
    assert_eq!(
        a["mainEntityOfPage"]["@id"],
        "https://example.com/tin/thoi-su/bai-mot/"
    );
    let two = ld_json(&read(&out, "thoi-su/bai-hai/index.html"));
    assert_eq!(two[0]["@graph"][0]["author"][0]["name"], "Minh Anh");
    assert_eq!(
        two[0]["@graph"][0]["dateModified"],
        "2025-01-03T10:00:00+07:00"
    );

    let home = read(&out, "index.html");
    assert!(home.contains("<meta property=\"og:type\" content=\"website\">"));
    let w = &ld_json(&home)[0];
    assert_eq!(w["@type"], "WebSite");
    assert_eq!(
        w["potentialAction"]["target"]["urlTemplate"],
        "https://example.com/tin/search/?q={search_term_string}"
    );
    let tag = read(&out, "tags/ai/index.html");
    assert!(
        tag.contains("href=\"https://example.com/tin/tags/ai/atom.xml\""),
        "tag feed link"
    );
    let tags = read(&out, "tags/index.html");
    assert!(
        tags.contains("<meta property=\"og:title\" content=\"Tất cả chủ đề\">"),
        "translated"
    );
    let nf = read(&out, "404.html");
    assert!(nf.contains("<meta property=\"og:title\" content=\"Không tìm thấy trang\">"));
    assert!(
        home.contains("href=\"/tin/tags/\""),
        "footer links the tags index"
    );
    assert!(
        home.contains("class=\"masthead__search\" href=\"/tin/search/\""),
        "header links search"
    );
    let search = read(&out, "search/index.html");
    assert!(search.contains("method=\"get\"") && search.contains("name=\"q\""));
    assert!(search.contains("<noscript>") && search.contains("/tin/js/search.js"));
    assert!(search.contains("data-search-index=\"/tin/search/index.json\""));
}

#[test]
fn search_index_finds_toneless_queries_and_its_files_are_complete() {
    let s = site(&[
        ("site.yaml", "title: T\nbase_url: https://example.com/\ncategories:\n  - name: Khoa học - Công nghệ\n  - name: Thời sự\n"),
        ("content/a.md", &article("title: \"Mới: giá vàng hôm nay\"\ndate: 2025-02-01\ncategory: Thời sự\nsummary: Thị trường có hy vọng phục hồi.", "x")),
        ("content/b.md", &article("title: Lào Cai làm sạch dữ liệu đất đai\ndate: 2025-01-20\ncategory: Thời sự", "x")),
    ]);
    let seed = crate::common::repo().join("tests/fixtures/seed.txt");
    let o = crate::common::bantin(s.path(), &["import", seed.to_str().unwrap()]);
    assert!(o.status.success(), "{}", crate::common::stderr(&o));
    let out = s.path().join("out");
    let (site, _) = render(&opts(s.path(), &out), &quiet).unwrap();
    let ix = Index::build(&site);
    let title = |d: usize| ix.docs[d].title.as_str();
    let r = ix.search("hy vong moi");
    assert_eq!(
        title(r[0]),
        "Hy vọng mới cho AI châu Âu sau thành công của DeepSeek"
    );
    assert_eq!(r.len(), 2, "the other has the words only in its summary");
    assert_eq!(
        title(ix.search("lao cai")[0]),
        "Lào Cai làm sạch dữ liệu đất đai"
    );
    assert_eq!(
        title(ix.search("dat dai")[0]),
        "Lào Cai làm sạch dữ liệu đất đai"
    );
    build(&opts(s.path(), &out), &quiet).unwrap();
    let manifest: Value = serde_json::from_str(&read(&out, "search/index.json")).unwrap();
    assert_eq!(manifest["count"], 3);
    for f in manifest["docs"].as_array().unwrap() {
        assert!(out.join("search").join(f.as_str().unwrap()).is_file());
    }
    for sh in manifest["shards"].as_array().unwrap() {
        let f = sh[1].as_str().unwrap();
        let shard: Value = serde_json::from_str(&read(&out, &format!("search/{f}"))).unwrap();
        assert!(shard.is_object());
    }
}
