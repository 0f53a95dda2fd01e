//! What pages carry (Open Graph, feed links, JSON-LD), hostile titles, the search index.

use super::*;

pub(crate) fn ld_json(html: &str) -> Vec<Value> {
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
pub(crate) fn start_tags(html: &str) -> Vec<(String, String)> {
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
    assert!(search.contains("<noscript>"));
    let script = search
        .split("/tin/js/search.")
        .nth(1)
        .and_then(|rest| rest.split_once(".js"))
        .map(|(hash, _)| hash)
        .expect("the search script, fingerprinted");
    assert!(
        script.len() == 8 && script.bytes().all(|b| b.is_ascii_hexdigit()),
        "{script}"
    );
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

/// Pages are minified piece by piece, each repeated piece (a section's masthead, the footer)
/// once per build (`minify::Pages`): every page must come out exactly as minifying it whole
/// would make it, and no piece marker may reach the output, minified or not.
#[test]
fn minified_in_pieces_is_minified_whole() {
    use bantin::output::minify::{html_cfg, PIECE};
    let theme =
        std::fs::read_to_string(crate::common::repo().join("themes/default/templates/base.html"))
            .unwrap();
    assert!(theme.contains(PIECE), "the default theme marks pieces");
    let news = news_site(YAML);
    for root in [news.path().to_path_buf(), crate::common::repo()] {
        let out = tempfile::tempdir().unwrap();
        let (min, plain) = (out.path().join("min"), out.path().join("plain"));
        for (dir, minify) in [(&min, true), (&plain, false)] {
            let o = BuildOptions {
                minify,
                fingerprint: false,
                ..opts(&root, dir)
            };
            build(&o, &quiet).unwrap();
        }
        let mut pages = 0;
        for e in walkdir::WalkDir::new(&plain) {
            let e = e.unwrap();
            if e.path().extension().is_none_or(|x| x != "html") {
                continue;
            }
            let rel = e.path().strip_prefix(&plain).unwrap();
            let unminified = std::fs::read(e.path()).unwrap();
            let built = std::fs::read(min.join(rel)).unwrap();
            for bytes in [&unminified, &built] {
                assert!(
                    !String::from_utf8_lossy(bytes).contains("bantin:piece"),
                    "{}",
                    rel.display()
                );
            }
            let whole = minify_html::minify(&unminified, &html_cfg());
            if whole != built {
                let at = whole.iter().zip(&built).take_while(|(a, b)| a == b).count();
                let around = |b: &[u8]| {
                    String::from_utf8_lossy(&b[at.saturating_sub(60)..(at + 60).min(b.len())])
                        .into_owned()
                };
                panic!(
                    "{} differs from the page minified whole at byte {at}:\n whole: {}\n built: {}",
                    rel.display(),
                    around(&whole),
                    around(&built)
                );
            }
            pages += 1;
        }
        assert!(pages > 5, "{pages} pages compared in {}", root.display());
    }
}
