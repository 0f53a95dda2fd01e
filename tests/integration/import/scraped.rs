//! Scraped pages with their site's chrome around the article (navigation, logos, share and
//! follow lines, related boxes inside the article, bylines, photo credits), in Vietnamese and
//! English. The fixtures in tests/fixtures/scraped/ were written for these tests.

use bantin::import::parser::{Block, ImageRef};

use super::{import_one, parse, read_article};

fn fixture(name: &str) -> String {
    let path = crate::common::repo()
        .join("tests/fixtures/scraped")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn paragraphs(blocks: &[Block]) -> Vec<&str> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(t) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

fn related(s: &bantin::import::Story) -> Vec<(&str, Option<&str>, &str)> {
    s.related
        .iter()
        .map(|r| (r.title.as_str(), r.summary.as_deref(), r.group.as_str()))
        .collect()
}

#[test]
fn vietnamese_page_with_navigation_logo_byline_and_a_box_in_the_article() {
    let text = fixture("vi_nav_logo_box.txt");
    let s = parse(&text);
    assert_eq!(
        s.title,
        "Hà Nội mở thêm ba tuyến xe buýt điện nối các khu đô thị phía tây"
    );
    // The credit prefix "(Báo Mẫu) - " is not part of the summary.
    let lead = s.lead.as_deref().unwrap();
    assert!(lead.starts_with("Từ ngày 10/3, Hà Nội"), "{lead}");
    assert_eq!(
        s.image,
        Some(ImageRef {
            src: "xe-buyt-dien-990x600-1740964800-1.jpg".into(),
            caption: Some("Xe buýt điện tại điểm đầu cuối Mỹ Đình. Ảnh: Hoàng Hà".into()),
        })
    );
    let paras = paragraphs(&s.blocks);
    assert_eq!(paras.len(), 4, "{paras:#?}");
    assert!(paras[0].starts_with("Theo Sở Xây dựng Hà Nội"));
    assert!(paras[1].starts_with("Đại diện đơn vị vận hành"));
    // The article goes on after the related box in its middle.
    assert!(paras[2].starts_with("Trong năm nay"));
    assert!(paras[3].starts_with("Theo các chuyên gia"));
    assert_eq!(s.blocks.len(), 4, "no image or chrome left in the body");
    assert_eq!(s.source.as_deref(), Some("Hoàng Hà"));
    assert_eq!(
        related(&s),
        vec![
            (
                "Hà Nội thí điểm thẻ vé điện tử liên thông cho xe buýt và đường sắt đô thị",
                None,
                "Tin liên quan"
            ),
            (
                "Thêm hai tuyến xe buýt điện kết nối sân bay Nội Bài",
                None,
                "Tin liên quan"
            ),
            (
                "Khởi công cầu vượt sông Hồng thứ năm",
                Some(
                    "Cây cầu dài hơn 4 km dự kiến hoàn thành sau ba năm, giảm tải cho các cây \
                     cầu hiện có ở phía bắc thành phố."
                ),
                "Tin cùng chuyên mục"
            ),
            (
                "Mở rộng đường vành đai bốn qua ba tỉnh",
                Some("Dự án được chia làm bảy dự án thành phần, với tổng vốn đầu tư hơn 85.000 tỷ đồng."),
                "Tin cùng chuyên mục"
            ),
        ]
    );

    let (_tmp, out, note) = import_one(&text);
    assert!(note.contains("date from the date line (line 24)"), "{note}");
    let (fm, body) = read_article(&out);
    assert_eq!(fm.date.as_deref(), Some("2025-03-03T08:15:00+07:00"));
    for chrome in [
        "Bỏ qua",
        "Xu hướng",
        "Chia sẻ",
        "Theo dõi",
        "©",
        "Liên hệ",
        "fb yt",
    ] {
        assert!(
            !body.contains(chrome),
            "{chrome:?} left in the body:\n{body}"
        );
    }
}

#[test]
fn english_wire_story_with_share_lines_photo_credit_and_comments() {
    let text = fixture("en_wire_story.txt");
    let s = parse(&text);
    assert_eq!(
        s.title,
        "City council approves a new network of protected bike lanes downtown"
    );
    assert!(s
        .lead
        .as_deref()
        .unwrap()
        .starts_with("The city council voted 9 to 2 on Monday"));
    let image = s.image.as_ref().unwrap();
    assert_eq!(image.src, "GettyImages_1180855514.0.jpg");
    assert_eq!(
        image.caption.as_deref(),
        Some("Cyclists ride along a painted lane on Main Street last spring.")
    );
    let paras = paragraphs(&s.blocks);
    assert_eq!(paras.len(), 4, "{paras:#?}");
    assert!(paras[0].starts_with("The plan calls for 14 miles"));
    assert!(paras[1].starts_with("Opponents, including"));
    assert!(paras[2].starts_with("\"We listened to every side"));
    assert!(paras[3].starts_with("The city's transportation department"));
    assert_eq!(s.source.as_deref(), Some("The Associated Press"));
    assert_eq!(
        related(&s),
        vec![
            (
                "Downtown parking rates will rise for the first time in a decade",
                None,
                "Related"
            ),
            ("What the new transit budget means for your commute", None, "Related"),
            (
                "Scientists find a new species of frog in the rainforest",
                Some("A frog the size of a fingernail was found during a survey of the forest floor."),
                "More stories"
            ),
        ]
    );

    let (_tmp, out, note) = import_one(&text);
    // The Getty id in the image name is not a date; the date line is (a zone abbreviation is
    // not read: the time is taken in site.yaml's timezone).
    assert!(note.contains("date from the date line"), "{note}");
    let (fm, body) = read_article(&out);
    assert_eq!(fm.date.as_deref(), Some("2025-03-03T09:05:00+07:00"));
    for chrome in [
        "Skip to",
        "IE 11",
        "Share",
        "Sign up",
        "Photo:",
        "Great news",
        "Trending",
    ] {
        assert!(
            !body.contains(chrome),
            "{chrome:?} left in the body:\n{body}"
        );
    }
}

/// A page of prose paragraphs with the given lines around them.
fn page(top: &str, middle: &str, bottom: &str) -> String {
    let p1 = "Theo kế hoạch, thành phố sẽ hoàn thành việc cải tạo toàn bộ hệ thống chiếu sáng \
              công cộng trong năm nay, với chi phí được giữ ở mức thấp nhờ dùng đèn tiết kiệm điện.";
    let p2 = "Người dân ở các phường trung tâm cho biết đường phố đã sáng hơn và an toàn hơn vào \
              ban đêm, nhất là ở những con hẻm nhỏ mà trước đây không có đèn.";
    format!("{top}\n\n{p1}\n\n{middle}\n\n{p2}\n\n{bottom}\n")
}

#[test]
fn bylines_at_the_end_become_the_source() {
    for (line, want) in [
        ("Theo PNN", "Theo PNN"),
        ("From Times Wire Reports", "From Times Wire Reports"),
        ("/ Source: The Associated Press", "The Associated Press"),
        ("Minh Anh (TTXVN)", "Minh Anh (TTXVN)"),
    ] {
        let s = parse(&page("Thành phố thay đèn đường tiết kiệm điện", "", line));
        assert_eq!(s.source.as_deref(), Some(want), "{line}");
        assert!(paragraphs(&s.blocks).iter().all(|p| !p.contains(line)));
    }
}

#[test]
fn lead_prefixes_are_taken_off_the_summary_alike() {
    let lead = "Thành phố vừa công bố kế hoạch thay toàn bộ đèn đường bằng đèn tiết kiệm điện \
                trong năm nay.";
    for prefix in ["(HTV) - ", "(PLO)- ", "(Dân trí) – ", "(TTXVN) — "] {
        let top = format!("Thành phố thay đèn đường tiết kiệm điện\n\n{prefix}{lead}");
        let s = parse(&page(&top, "", ""));
        assert_eq!(s.lead.as_deref(), Some(lead), "{prefix}");
        let name = prefix.trim_start_matches('(').split(')').next().unwrap();
        assert_eq!(s.source.as_deref(), Some(name), "{prefix}");
    }
}

#[test]
fn a_copyright_under_a_photo_does_not_end_the_article() {
    let p3 = "Sở Xây dựng cho biết sẽ tiếp tục lắp đèn ở các phường ngoại thành trong năm sau, \
              sau khi lấy ý kiến của người dân về vị trí và độ sáng của các cột đèn.";
    let bottom =
        format!("den-duong.jpg\nĐèn mới trên phố Tràng Tiền.\n© Ảnh: Báo Mẫu\n\n{p3}\n\nChia sẻ: Facebook Zalo");
    let s = parse(&page(
        "Thành phố thay đèn đường tiết kiệm điện",
        "",
        &bottom,
    ));
    assert!(s.lead.as_deref().unwrap().starts_with("Theo kế hoạch"));
    let image = Block::Image(ImageRef {
        src: "den-duong.jpg".into(),
        caption: Some("Đèn mới trên phố Tràng Tiền.".into()),
    });
    assert_eq!(s.blocks.len(), 3, "{:#?}", s.blocks);
    assert!(paragraphs(&s.blocks)[0].starts_with("Người dân ở các phường"));
    assert_eq!(s.blocks[1], image);
    assert_eq!(s.blocks[2], Block::Paragraph(p3.into()));
}

#[test]
fn menu_headings_above_the_title_are_not_related_stories() {
    let top = "Trending\n\nGiá vàng hôm nay\n\nBão số 3\n\nMost popular\n\nThời sự\n\n\
               Thành phố thay đèn đường tiết kiệm điện";
    let s = parse(&page(top, "", ""));
    assert_eq!(s.title, "Thành phố thay đèn đường tiết kiệm điện");
    assert!(s.related.is_empty(), "{:?}", s.related);
    assert!(s.lead.as_deref().unwrap().starts_with("Theo kế hoạch"));
    let paras = paragraphs(&s.blocks);
    assert_eq!(paras.len(), 1, "{paras:#?}");
    assert!(paras[0].starts_with("Người dân ở các phường"));
}

#[test]
fn a_logo_before_a_short_article_is_not_its_title() {
    let s = parse("logo.png\n\nTiêu đề\n\nMở đầu.\n\nThân.\n");
    assert_eq!(s.title, "Tiêu đề");
    assert_eq!(s.lead.as_deref(), Some("Mở đầu."));
    assert_eq!(s.blocks, vec![Block::Paragraph("Thân.".into())]);
}
