//! Hosting anywhere: a base URL with a path reaches every link, asset, feed and sitemap;
//! fingerprinted asset names; pre-compressed `.gz`/`.br` files; the 404 page and alias
//! redirects in the form static hosts expect. (`scripts/nginx-check.sh` serves built sites
//! through a real nginx under a sub-path and crawls them.)

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::common::{article, bantin, read, site, snapshot, stderr, write};
use crate::serve::client::{Running, WAIT};

/// The URL the sites are built for; site.yaml says `https://example.com/`, `--base-url` wins.
const BASE: &str = "http://127.0.0.1:8080/tin/";
const ORIGIN: &str = "http://127.0.0.1:8080";
const PATH: &str = "/tin/";

const YAML: &str = "title: Bản tin\nbase_url: https://example.com/\nlanguage: vi\npaginate: 2\nfeeds:\n  tags: true\ncategories:\n  - name: Thời sự\n  - name: Kinh tế\n";

/// A PNG header of the given size (all the build reads of an image).
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    b.extend_from_slice(b"IHDR");
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

/// Seven articles over two categories (so categories and tags have several pages), one with an
/// image beside it, one with an alias.
fn news_site(extra_yaml: &str) -> tempfile::TempDir {
    let s = site(&[("site.yaml", &format!("{YAML}{extra_yaml}"))]);
    for i in 1..=7 {
        let cat = if i % 3 == 0 {
            "Kinh tế"
        } else {
            "Thời sự"
        };
        let mut front = format!(
            "title: Bài số {i}\ndate: 2025-01-{i:02}T08:00:00+07:00\ncategory: {cat}\ntags: [Đất đai, AI]\nsummary: Tóm tắt {i}."
        );
        let mut body = format!("Thân bài {i}, xem [nguồn](https://example.org/{i}).");
        if i == 1 {
            front.push_str(
                "\nimage: {src: anh.png, caption: Ảnh}\naliases: [/cu/bai-1.html, cu/thu-muc/]",
            );
            body.push_str("\n\n![Ảnh thứ hai](anh.png)");
        }
        if i == 2 {
            // Root-relative, written by hand: relative to the site's root, not the host's.
            body.push_str(
                "\n\nXem [mục Kinh tế](/kinh-te/), [trang đầu](/).\n\n![Logo](/img/logo.png)",
            );
        }
        write(
            s.path(),
            &format!("content/{i}.md"),
            &article(&front, &body),
        );
    }
    std::fs::write(s.path().join("content/anh.png"), png(640, 480)).expect("png");
    std::fs::create_dir_all(s.path().join("static/img")).expect("mkdir");
    std::fs::write(s.path().join("static/img/logo.png"), png(32, 32)).expect("png");
    s
}

fn build(root: &Path, out: &Path, extra: &[&str]) {
    let out = out.to_string_lossy();
    let mut args = vec!["build", "--base-url", BASE, "-o", &out];
    args.extend_from_slice(extra);
    let o = bantin(root, &args);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The values of attribute `name` in `html` (quoted or not, as minify-html leaves them).
fn attr_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!("{name}=");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(&needle) {
        let at = from + i;
        from = at + needle.len();
        if !html[..at].ends_with(|c: char| c.is_ascii_whitespace()) {
            continue;
        }
        let rest = &html[from..];
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest
                .split(|c: char| c.is_ascii_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        out.push(value.replace("&amp;", "&"));
    }
    out
}

/// Every URL a page links or loads: href, src, srcset, form actions, the search index.
fn page_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for name in ["href", "src", "action", "data-search-index"] {
        urls.extend(attr_values(html, name));
    }
    for set in attr_values(html, "srcset") {
        urls.extend(
            set.split(',')
                .filter_map(|p| p.split_whitespace().next())
                .map(str::to_string),
        );
    }
    // og:url, og:image and other URLs in meta content.
    urls.extend(
        attr_values(html, "content")
            .into_iter()
            .filter(|v| v.starts_with('/') || v.starts_with("http")),
    );
    urls
}

/// The output file a site URL (`/tin/a/`, `http://127.0.0.1:8080/tin/a.png#x`) names.
fn file_of(out: &Path, url: &str) -> Option<PathBuf> {
    let path = url.strip_prefix(ORIGIN).unwrap_or(url);
    let rel = path.strip_prefix(PATH)?;
    let rel = rel.split(['#', '?']).next().unwrap_or("");
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    Some(out.join(file))
}

fn files_with(out: &Path, ext: &str) -> Vec<String> {
    snapshot(out)
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| rel.ends_with(ext))
        .collect()
}

#[test]
fn a_base_url_with_a_path_reaches_every_link_asset_feed_and_sitemap() {
    let s = news_site("");
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("public");
    build(s.path(), &out, &[]);

    // Anywhere in any text file, the site's own origin is always followed by the base path,
    // and the URL from site.yaml was overridden everywhere.
    for (rel, bytes) in snapshot(&out) {
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        assert!(!text.contains("example.com"), "{rel} has site.yaml's URL");
        for (i, _) in text.match_indices(ORIGIN) {
            let after = &text[i + ORIGIN.len()..];
            assert!(
                after.starts_with(PATH),
                "{rel}: {ORIGIN}{} drops the base path",
                &after[..after.len().min(40)]
            );
        }
    }

    // Pages: every link and asset is under the base path (or elsewhere on the web), and names
    // a file of the output.
    let pages = files_with(&out, ".html");
    assert!(pages.len() > 15, "{pages:?}");
    let mut checked = 0;
    for rel in &pages {
        let html = read(&out, rel);
        for url in page_urls(&html) {
            if url.starts_with('#') || url.starts_with("data:") {
                continue;
            }
            let external = (url.starts_with("https://") || url.starts_with("http://"))
                && !url.starts_with(ORIGIN);
            if external {
                continue;
            }
            let file =
                file_of(&out, &url).unwrap_or_else(|| panic!("{rel}: {url} is not under {BASE}"));
            assert!(file.is_file(), "{rel}: {url} names no file");
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links");
    let home = read(&out, "index.html");
    for needle in [
        "/tin/thoi-su/",
        "/tin/tags/",
        "/tin/search/",
        "/tin/css/style.",
        "/tin/js/main.",
        "http://127.0.0.1:8080/tin/atom.xml",
    ] {
        assert!(home.contains(needle), "home page lacks {needle}");
    }
    let category = read(&out, "thoi-su/index.html");
    assert!(category.contains("/tin/thoi-su/page/2/"), "pagination");
    let article = read(&out, "thoi-su/bai-so-1/index.html");
    assert!(article.contains("/tin/thoi-su/bai-so-1/anh.png"), "images");
    let by_hand = read(&out, "thoi-su/bai-so-2/index.html");
    let hrefs = attr_values(&by_hand, "href");
    assert!(hrefs.iter().any(|h| h == "/tin/kinh-te/"), "{hrefs:?}");
    assert!(hrefs.iter().any(|h| h == "/tin/"), "{hrefs:?}");
    assert!(
        attr_values(&by_hand, "src")
            .iter()
            .any(|s| s == "/tin/img/logo.png"),
        "root-relative image"
    );
    assert!(
        article.contains("http://127.0.0.1:8080/tin/thoi-su/bai-so-1/"),
        "canonical and og:url"
    );

    // Feeds (RSS, Atom, JSON Feed) and sitemaps: every URL field is absolute with the path.
    let mut urls = 0;
    for rel in files_with(&out, ".xml") {
        let text = read(&out, &rel);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        for node in doc.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            let is_url_text = matches!(name, "loc" | "link" | "guid" | "id")
                && node.children().all(|c| c.is_text());
            let mut values: Vec<&str> = Vec::new();
            if is_url_text {
                values.extend(node.text().map(str::trim));
            }
            for a in node.attributes() {
                if matches!(a.name(), "href" | "url" | "src") {
                    values.push(a.value());
                }
            }
            for v in values {
                assert!(v.starts_with(BASE), "{rel}: <{name}> {v}");
                urls += 1;
            }
        }
    }
    for rel in files_with(&out, "feed.json") {
        let feed: serde_json::Value = serde_json::from_str(&read(&out, &rel)).expect("JSON Feed");
        let mut fields = vec![&feed["home_page_url"], &feed["feed_url"]];
        let items = feed["items"].as_array().expect("items");
        assert!(!items.is_empty(), "{rel}");
        for item in items {
            fields.extend([&item["id"], &item["url"]]);
            if !item["image"].is_null() {
                fields.push(&item["image"]);
            }
        }
        for f in fields {
            let v = f.as_str().unwrap_or_else(|| panic!("{rel}: {f}"));
            assert!(v.starts_with(BASE), "{rel}: {v}");
            urls += 1;
        }
    }
    assert!(
        out.join("news-sitemap.xml").is_file() && out.join("tags/ai/feed.json").is_file(),
        "news sitemap and tag feeds"
    );
    assert!(urls > 150, "only {urls} feed and sitemap URLs");
    let robots = read(&out, "robots.txt");
    assert!(robots.contains(&format!("Sitemap: {BASE}sitemap.xml")));
    assert!(robots.contains(&format!("Sitemap: {BASE}news-sitemap.xml")));

    // The search index: the page fetches it under the path, its entries link under the path.
    let search = read(&out, "search/index.html");
    assert_eq!(
        attr_values(&search, "data-search-index"),
        ["/tin/search/index.json"]
    );
    let mut docs = 0;
    for rel in files_with(&out, ".json")
        .into_iter()
        .filter(|r| r.starts_with("search/docs-"))
    {
        let list: Vec<serde_json::Value> =
            serde_json::from_str(&read(&out, &rel)).expect("docs file");
        for d in list {
            let url = d["url"].as_str().expect("url");
            assert!(url.starts_with(PATH), "{rel}: {url}");
            assert!(file_of(&out, url).is_some_and(|f| f.is_file()), "{url}");
            docs += 1;
        }
    }
    assert_eq!(docs, 7);
}

#[test]
fn the_404_page_and_alias_redirects_work_from_any_url() {
    let s = news_site("");
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("public");
    build(s.path(), &out, &[]);
    // A host shows 404.html at any depth (/tin/a/b/c/): no link in it may be relative.
    let page = read(&out, "404.html");
    let urls = page_urls(&page);
    assert!(urls.len() > 10);
    for url in urls {
        assert!(
            url.starts_with(PATH)
                || url.starts_with("http")
                || url.starts_with("data:")
                || url.starts_with('#'),
            "404.html: {url} is relative"
        );
    }
    // Aliases: a page of their own, no server rules needed.
    let target = format!("{BASE}thoi-su/bai-so-1/");
    for alias in ["cu/bai-1.html", "cu/thu-muc/index.html"] {
        let html = read(&out, alias);
        assert!(html.contains("http-equiv=refresh"), "{alias}: {html}");
        assert!(
            attr_values(&html, "content").contains(&format!("0; url={target}")),
            "{alias}: {html}"
        );
        assert!(html.contains("rel=canonical"), "{alias}: {html}");
        assert!(
            attr_values(&html, "href").iter().all(|h| *h == target),
            "{alias}: {html}"
        );
    }
}

fn gunzip(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

fn unbrotli(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(b, 4096)
        .read_to_end(&mut out)
        .expect("brotli");
    out
}

#[test]
fn compressed_files_decompress_to_the_same_bytes_in_every_build() {
    let s = news_site("compress: true\n");
    std::fs::create_dir_all(s.path().join("static")).expect("static");
    std::fs::write(s.path().join("static/data.json"), b"{\"a\": [1, 2, 3]}").expect("json");
    let dir = tempfile::tempdir().expect("temp");
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    build(s.path(), &one, &[]);
    build(s.path(), &two, &[]);
    let files = snapshot(&one);
    assert_eq!(files, snapshot(&two), "two builds are byte-identical");

    let plain: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(rel, _)| {
            [".html", ".css", ".js", ".xml", ".json"]
                .iter()
                .any(|e| rel.ends_with(e))
        })
        .collect();
    assert!(plain.len() > 40);
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    for (rel, bytes) in plain {
        let z = std::fs::read(one.join(format!("{rel}.gz")))
            .unwrap_or_else(|e| panic!("{rel}.gz: {e}"));
        let b = std::fs::read(one.join(format!("{rel}.br")))
            .unwrap_or_else(|e| panic!("{rel}.br: {e}"));
        assert!(gunzip(&z) == *bytes, "{rel}.gz");
        assert!(unbrotli(&b) == *bytes, "{rel}.br");
        assert_eq!(&z[3..8], &[0, 0, 0, 0, 0], "{rel}.gz: no name, no time");
        raw += bytes.len();
        gz += z.len();
        br += b.len();
    }
    assert!(gz < raw / 2 && br < raw / 2, "{raw} → gz {gz}, br {br}");
    assert!(one.join("data.json.gz").is_file(), "static files too");
    assert!(!one.join("thoi-su/bai-so-1/anh.png.gz").exists());
    assert!(!one.join("robots.txt.gz").exists());

    // Without the key, none.
    let plain_site = news_site("");
    let three = dir.path().join("three");
    build(plain_site.path(), &three, &[]);
    assert!(files_with(&three, ".gz").is_empty());
}

#[test]
fn fingerprinted_names_follow_the_stylesheet_and_pages_link_them() {
    let s = news_site("");
    // A template override links the stylesheet and an extra script through asset().
    write(
        s.path(),
        "templates/partials/footer.html",
        "<footer><p data-css=\"{{ asset(path='css/style.css') }}\" data-extra=\"{{ asset(path='js/extra.js') }}\" data-img=\"{{ asset(path='logo.png') }}\"></p></footer>",
    );
    write(s.path(), "static/js/extra.js", "console.log(1);\n");
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("public");
    let hashed = |out: &Path, dir: &str, stem: &str, ext: &str| -> Vec<String> {
        files_with(out, ext)
            .into_iter()
            .filter(|r| {
                r.strip_prefix(&format!("{dir}/{stem}."))
                    .and_then(|x| x.strip_suffix(ext))
                    .is_some_and(|h| h.len() == 8 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            })
            .collect()
    };
    build(s.path(), &out, &[]);
    let css = hashed(&out, "css", "style", ".css");
    assert_eq!(css.len(), 1, "{css:?}");
    let css = css[0].clone();
    assert_eq!(
        std::fs::read(out.join(&css)).expect("css"),
        std::fs::read(out.join("css/style.css")).expect("plain css"),
        "the plain name stays, same bytes"
    );
    let extra = hashed(&out, "js", "extra", ".js");
    assert_eq!(extra.len(), 1, "{extra:?}");
    let home = read(&out, "index.html");
    assert!(attr_values(&home, "href").contains(&format!("/tin/{css}")));
    assert!(attr_values(&home, "data-css").contains(&format!("/tin/{css}")));
    assert!(attr_values(&home, "data-extra").contains(&format!("/tin/{}", extra[0])));
    assert!(attr_values(&home, "data-img").contains(&"/tin/logo.png".to_string()));
    assert!(
        attr_values(&home, "src")
            .iter()
            .any(|v| v.starts_with("/tin/js/main.") && v != "/tin/js/main.js"),
        "the script too"
    );

    // The same input gives the same name; a changed stylesheet a new one, which pages link.
    build(s.path(), &out, &[]);
    assert_eq!(
        hashed(&out, "css", "style", ".css"),
        std::slice::from_ref(&css)
    );
    write(
        s.path(),
        "static/css/style.css",
        "body { color: #123456 }\n",
    );
    build(s.path(), &out, &[]);
    let now = hashed(&out, "css", "style", ".css");
    assert_eq!(now.len(), 1);
    assert_ne!(now[0], css);
    assert!(!out.join(&css).exists(), "the old name is gone");
    for rel in files_with(&out, ".html")
        .iter()
        .filter(|r| !r.starts_with("cu/"))
    {
        let html = read(&out, rel);
        assert!(html.contains(&format!("/tin/{}", now[0])), "{rel}");
        assert!(!html.contains(&css), "{rel} links the old stylesheet");
    }

    // --no-fingerprint: plain names, as bantin serve links them.
    build(s.path(), &out, &["--no-fingerprint"]);
    assert!(hashed(&out, "css", "style", ".css").is_empty());
    assert!(attr_values(&read(&out, "index.html"), "href").contains(&"/tin/css/style.css".into()));
}

#[test]
fn build_watch_keeps_compressed_files_in_step_with_the_pages() {
    let s = news_site("compress: true\n");
    let root = s.path();
    let out = root.join("public");
    let watcher = Running::start(root, &["build", "--watch", "--base-url", BASE]);
    watcher.line_with("watching for changes");
    assert!(out.join("index.html.gz").is_file());
    // An edited article, a new stylesheet (a new fingerprinted name), a deleted article.
    write(
        root,
        "content/2.md",
        &article(
            "title: Bài số 2\ndate: 2025-01-02T08:00:00+07:00\ncategory: Thời sự\ntags: [AI]",
            "Đã sửa.",
        ),
    );
    watcher.line_with("rebuilt in");
    let page = out.join("thoi-su/bai-so-2/index.html");
    let gz = std::fs::read(out.join("thoi-su/bai-so-2/index.html.gz")).expect("gz");
    assert_eq!(gunzip(&gz), std::fs::read(&page).expect("page"));
    write(root, "static/css/style.css", "body { color: #654321 }\n");
    std::fs::remove_file(root.join("content/7.md")).expect("rm");

    let clean_dir = tempfile::tempdir().expect("temp");
    let clean = clean_dir.path().join("p");
    build(root, &clean, &[]);
    let want = snapshot(&clean);
    let deadline = Instant::now() + WAIT;
    while snapshot(&out) != want {
        assert!(
            Instant::now() < deadline,
            "the watched output never matched a clean build"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(!out.join("thoi-su/bai-so-7/index.html.gz").exists());
}
