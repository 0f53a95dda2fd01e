//! RSS, Atom and JSON Feed.

use super::*;

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
