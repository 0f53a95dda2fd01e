//! `bantin import` of HTML pages: fixture pages written for these tests in the shapes of
//! Vietnamese and English news sites (sapo, lazy images, a related box inside the body,
//! JSON-LD with double-escaped entities, CRLF, share bars, comment forms, footers), a section
//! front, hostile markup, deep nesting and legacy encodings.

use std::fs;

use super::{error, html as md_html, import_files, ok, read_article};

fn fixture(name: &str) -> Vec<u8> {
    fs::read(crate::common::repo().join("tests/fixtures/html").join(name)).expect("fixture")
}

#[test]
fn vietnamese_news_page() {
    let page = fixture("vn-article.html");
    assert!(
        page.windows(2).any(|w| w == b"\r\n"),
        "the fixture keeps CRLF"
    );
    let (_tmp, reports) = import_files(&[("bai.html", &page)], |_| {});
    let (out, note) = ok(&reports[0]);
    assert!(
        out.ends_with("thoi-su/lao-cai-mo-tuyen-cao-toc-moi-noi-voi-ha-noi.md"),
        "{}",
        out.display()
    );
    assert!(note.contains("JSON-LD datePublished"), "{note}");
    assert!(note.contains("section \"Thời sự\""), "{note}");
    let (fm, body) = read_article(&out);
    assert_eq!(fm.title, "Lào Cai mở tuyến cao tốc mới nối với Hà Nội");
    // JSON-LD's date wins over the meta tag, with the page's own offset.
    assert_eq!(fm.date.as_deref(), Some("2025-01-25T13:53:22+07:00"));
    assert_eq!(fm.updated.as_deref(), Some("2025-01-25T15:10:00+07:00"));
    assert_eq!(fm.category.as_deref(), Some("Thời sự"));
    assert_eq!(fm.tags, ["Lào Cai", "giao thông"]);
    assert_eq!(fm.author.as_deref(), Some("Hoàng Hà"));
    assert_eq!(fm.source.as_deref(), Some("Theo TTXVN"));
    assert_eq!(
        fm.source_url.as_deref(),
        Some("https://tinsang.example.vn/thoi-su/lao-cai-mo-tuyen-cao-toc-moi-123.html")
    );
    assert!(fm
        .summary
        .as_deref()
        .is_some_and(|s| s.contains("Tuyến cao tốc dài 120 km")));
    let image = fm.image.expect("lead image");
    assert_eq!(
        image.src,
        "https://cdn.tinsang.example.vn/2025/01/cao-toc-lao-cai-990x600.jpg"
    );
    assert_eq!(
        image.caption.as_deref(),
        Some("Tuyến cao tốc qua địa phận Lào Cai. Ảnh: Hoàng Hà")
    );
    // The box in the middle of the body and the one after the article, with their links.
    let related: Vec<(&str, Option<&str>, Option<&str>)> = fm
        .related
        .iter()
        .map(|r| (r.title.as_str(), r.url.as_deref(), r.group.as_deref()))
        .collect();
    assert_eq!(
        related,
        [
            (
                "Hà Nội mở thêm tuyến buýt nhanh đến sân bay",
                Some("https://tinsang.example.vn/thoi-su/ha-noi-mo-them-tuyen-buyt-nhanh-99.html"),
                Some("Tin liên quan")
            ),
            (
                "Sa Pa đón lượng khách kỷ lục dịp cuối năm",
                Some("https://tinsang.example.vn/du-lich/sa-pa-don-luong-khach-ky-luc-98.html"),
                Some("Tin liên quan")
            ),
            (
                "Quốc hội thông qua Luật Đất đai sửa đổi",
                Some("https://tinsang.example.vn/thoi-su/quoc-hoi-thong-qua-luat-dat-dai-97.html"),
                Some("Tin cùng chuyên mục")
            ),
            (
                "Miền Bắc đón đợt rét đậm cuối tuần này",
                Some("https://tinsang.example.vn/thoi-su/mien-bac-don-dot-ret-dam-96.html"),
                Some("Tin cùng chuyên mục")
            ),
        ]
    );
    assert_eq!(
        fm.related[2].summary.as_deref(),
        Some("Luật có hiệu lực từ đầu năm sau, với nhiều điểm mới về bồi thường khi thu hồi đất.")
    );
    // The body: structure kept, the article continuing after the box, no chrome.
    assert!(body.starts_with("Sáng 25/1, tỉnh Lào Cai"), "{body}");
    assert!(
        body.contains("Theo ông **Nguyễn Văn An**, Giám đốc"),
        "{body}"
    );
    assert!(body.contains("## Kỳ vọng cho vùng Tây Bắc"), "{body}");
    assert!(
        body.contains("- Chiều dài: 120 km\n- Tổng vốn: 12.000 tỷ đồng"),
        "{body}"
    );
    assert!(
        body.contains("Du lịch được xem là ngành hưởng lợi nhiều nhất."),
        "{body}"
    );
    assert!(
        body.contains("[chuyên mục](https://tinsang.example.vn/thoi-su/)"),
        "{body}"
    );
    for chrome in [
        "Tin liên quan",
        "Sa Pa đón lượng khách",
        "Bình luận",
        "Chia sẻ",
        "Zalo",
        "Trang chủ",
        "©",
        "javascript",
        "window.ads",
        "font-weight",
        "Theo TTXVN",
        "\r",
    ] {
        assert!(!body.contains(chrome), "{chrome:?} in the body:\n{body}");
    }
}

#[test]
fn english_news_page() {
    let (_tmp, reports) = import_files(&[("story.htm", &fixture("en-article.html"))], |_| {});
    let (out, note) = ok(&reports[0]);
    assert!(note.contains("article:published_time"), "{note}");
    let (fm, body) = read_article(&out);
    assert_eq!(fm.title, "Council approves new bike lanes downtown");
    assert_eq!(fm.date.as_deref(), Some("2024-11-19T07:03:25+00:00"));
    assert_eq!(fm.author.as_deref(), Some("Jane Doe"));
    assert_eq!(fm.tags, ["transport", "city council", "cycling"]);
    let urls: Vec<&str> = fm.related.iter().filter_map(|r| r.url.as_deref()).collect();
    // Relative links resolve against <base href>.
    assert_eq!(
        urls,
        [
            "https://riverside.example.com/local/2024/10/budget-vote-delayed-again",
            "https://riverside.example.com/local/2024/09/new-parking-garage-plans-unveiled"
        ]
    );
    assert!(body.starts_with("The city council voted 7-2"), "{body}");
    assert!(body.contains("Construction is expected to begin"), "{body}");
    for chrome in [
        "Skip to main content",
        "IE 11",
        "Share:",
        "Facebook",
        "By Jane",
        "All rights reserved",
        "Budget vote delayed",
    ] {
        assert!(!body.contains(chrome), "{chrome:?} in the body:\n{body}");
    }
}

#[test]
fn a_page_that_is_no_article_is_refused_and_the_others_still_import() {
    let (_tmp, reports) = import_files(
        &[
            ("front.html", &fixture("section-front.html")),
            ("story.html", &fixture("en-article.html")),
        ],
        |_| {},
    );
    assert_eq!(
        error(&reports[0]),
        "no article found (the page is a list of 48 links); import an article's own page"
    );
    ok(&reports[1]);
}

#[test]
fn html_is_recognised_by_content_whatever_the_extension() {
    let (_tmp, reports) = import_files(&[("saved-page.txt", &fixture("en-article.html"))], |_| {});
    let (out, _) = ok(&reports[0]);
    let (fm, _) = read_article(&out);
    assert_eq!(fm.title, "Council approves new bike lanes downtown");
}

#[test]
fn nothing_executable_reaches_the_rendered_markdown() {
    let words = "Paragraph text long enough to be read as the article body by anyone. ".repeat(4);
    let page = format!(
        "<!doctype html><html><head><title>Hostile page title here</title>\
         <script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\
         \"headline\":\"&lt;script&gt;alert(1)&lt;/script&gt; headline\"}}</script></head><body><article>\
         <h1>Hostile page title here</h1><h2>Section {{onclick=alert(9) #x .y}}</h2>\
         <p onclick=\"steal()\">{words} <a href=\"javascript:alert(1)\">a</a> \
         <a href=\" JAVASCRIPT:alert(2)\">b</a> <a href=\"data:text/html,<script>x</script>\">c</a> \
         <a href=\"vbscript:x\">d</a> &lt;img src=x onerror=alert(3)&gt;</p>\
         <p>{words}<img src=\"javascript:alert(4)\" onerror=\"alert(5)\"></p>\
         <svg onload=\"alert(6)\"><script>alert(7)</script></svg>\
         <p>{words}<iframe src=\"https://evil.example\"></iframe><object data=\"x\"></object></p>\
         <p>{words}**not bold** [not](a-link) `tick` &amp;lt;b&amp;gt;</p>\
         <script>alert(8)</script><style>body{{}}</style></article></body></html>"
    );
    let (_tmp, reports) = import_files(&[("x.html", page.as_bytes())], |_| {});
    let (out, _) = ok(&reports[0]);
    let (fm, body) = read_article(&out);
    assert_eq!(fm.title, "<script>alert(1)</script> headline");
    // Every tag the build would emit is one Markdown makes, with no attribute but a web link:
    // the fuzz target's own check, on this page.
    bantin::harness::import_html(page.as_bytes());
    let rendered = md_html(&body);
    assert!(!rendered.contains("onclick=\""), "{rendered}");
    // The page's words stay words.
    assert!(
        rendered.contains("&lt;img src=x onerror=alert(3)&gt;"),
        "{rendered}"
    );
    assert!(
        rendered.contains("**not bold** [not](a-link) `tick`"),
        "{rendered}"
    );
}

#[test]
fn deep_nesting_is_refused_with_its_line() {
    let page = format!(
        "<!doctype html>\n<html>\n<body>\n{}<p>x</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let (_tmp, reports) = import_files(&[("deep.html", page.as_bytes())], |_| {});
    let e = error(&reports[0]);
    assert_eq!(
        e,
        "line 4: elements nested more than 1000 deep; this is not a page a browser would show \
         as an article (save the article's own page and import it)"
    );
}

#[test]
fn legacy_encodings_by_meta_and_by_flag() {
    let text = "Đà Nẵng đón khách du lịch quốc tế trở lại sau nhiều tháng";
    let para = "Thành phố biển miền Trung đón những đoàn khách quốc tế đầu tiên sau nhiều tháng vắng bóng, các khách sạn và nhà hàng đều kín chỗ. ";
    let page = format!(
        "<!doctype html><html><head><meta charset=\"windows-1258\"><title>{text}</title></head>\
         <body><article><h1>{text}</h1><p>{}</p><p>{}</p></article></body></html>",
        para.repeat(2),
        para.repeat(2)
    );
    let bytes = super::to_windows_1258(&page);
    let (_tmp, reports) = import_files(&[("dn.html", &bytes)], |_| {});
    let (out, _) = ok(&reports[0]);
    assert_eq!(read_article(&out).0.title, text);

    // Declared UTF-8 (or nothing) but not UTF-8: the error names the line and the flag.
    let undeclared = bytes
        .windows(7)
        .position(|w| w == b"charset")
        .map(|at| {
            let mut b = bytes.clone();
            b[at..at + 7].copy_from_slice(b"xharset");
            b
        })
        .expect("charset in page");
    let (_tmp, reports) = import_files(&[("dn.html", &undeclared)], |_| {});
    let e = error(&reports[0]);
    assert!(e.starts_with("line 1: byte 0x"), "{e}");
    assert!(e.contains("--encoding windows-1258"), "{e}");
    let (_tmp, reports) = import_files(&[("dn.html", &undeclared)], |o| {
        o.encoding = Some("windows-1258".into())
    });
    assert_eq!(read_article(&ok(&reports[0]).0).0.title, text);
}

#[test]
fn a_folder_of_pages_imports_html_and_text_alike() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("archive");
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join("a.html"), fixture("en-article.html")).expect("write");
    fs::write(dir.join("b.htm"), fixture("vn-article.html")).expect("write");
    fs::write(dir.join("notes.md"), "not an input").expect("write");
    let opts = bantin::import::ImportOptions {
        content_dir: tmp.path().join("content"),
        paths: vec![dir],
        ..Default::default()
    };
    let reports = bantin::import::run(&super::cfg(), &opts);
    assert_eq!(reports.len(), 2, "{reports:?}");
    reports.iter().for_each(|r| {
        ok(r);
    });
}
