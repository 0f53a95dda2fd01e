//! sitemap.xml (and its index past the limits), the news sitemap's window, robots.txt.

use super::*;

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
    let plan = bantin::plan::Plan::new(&site, std::iter::empty(), false, 0);
    let pages = sitemap::pages(&site, &plan);
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
