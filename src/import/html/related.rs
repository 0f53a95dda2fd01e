//! Related-story boxes of a page ("Tin liên quan", "Đọc thêm", "Related", "More from"…), as
//! data: each link's headline, absolute URL and, where the card shows one, its summary.
//!
//! A box is found by its heading (the same related headings as text import, site.yaml's
//! `import.related_headings` included) or by a class or id naming it; its stories are the links
//! of the nearest enclosing element that holds headline-like links (four words or more) and is
//! not the whole page.

use std::collections::HashSet;

use dom_query::{Document, NodeRef};
use url::Url;

use super::meta::{absolute, clean};
use crate::import::markers::Markers;
use crate::import::parser::RelatedStory;
use crate::text::{fold, word_count};

/// A headline has at least this many words (menus and tags have fewer).
const MIN_TITLE_WORDS: usize = 4;
/// An element with more links than this is the page, not a box.
const MAX_BOX_LINKS: usize = 40;
/// Stories kept per page.
const MAX_STORIES: usize = 30;

/// Class or id fragments that name a related box.
const BOX_NAMES: &[&str] = &[
    "related",
    "lien-quan",
    "lienquan",
    "lien_quan",
    "tinlienquan",
    "more-from",
    "morefrom",
    "read-more",
    "readmore",
    "doc-them",
    "xem-them",
    "xemthem",
    "cung-chuyen-muc",
    "same-category",
];

pub fn find(
    doc: &Document,
    markers: &Markers,
    base: Option<&Url>,
    title: Option<&str>,
) -> Vec<RelatedStory> {
    let mut boxes: Vec<(NodeRef, String)> = Vec::new();
    let mut seen_box: HashSet<dom_query::NodeId> = HashSet::new();

    // Boxes under a related heading.
    for h in doc
        .select("h1, h2, h3, h4, h5, h6, strong, b, span, p, div, header, li, a, label")
        .nodes()
    {
        let text = clean(&h.text());
        if text.is_empty() || word_count(&text) > 6 || text.len() > 80 {
            continue;
        }
        if !markers.is_heading(&markers.key_of(&text)) {
            continue;
        }
        if let Some(container) = enclosing_box(h) {
            if seen_box.insert(container.id) {
                boxes.push((container, heading_text(&text)));
            }
        }
    }
    // Boxes named by class or id.
    for n in doc.select("[class], [id]").nodes() {
        let names = format!(
            "{} {}",
            n.attr("class").unwrap_or_default(),
            n.attr("id").unwrap_or_default()
        )
        .to_ascii_lowercase();
        if !BOX_NAMES.iter().any(|b| names.contains(b)) {
            continue;
        }
        if n.ancestors_it(None).any(|a| seen_box.contains(&a.id)) || seen_box.contains(&n.id) {
            continue;
        }
        let links = story_links(n);
        if links.len() < 2 || links.len() > MAX_BOX_LINKS {
            continue;
        }
        let group = n
            .descendants_it()
            .find(|d| {
                d.node_name()
                    .is_some_and(|x| matches!(x.as_ref(), "h2" | "h3" | "h4" | "h5" | "h6"))
            })
            .map(|d| clean(&d.text()))
            .filter(|t| (1..=6).contains(&word_count(t)))
            .map(|t| heading_text(&t))
            .unwrap_or_else(|| "Related".to_string());
        seen_box.insert(n.id);
        boxes.push((*n, group));
    }

    let title_key = title.map(fold);
    let mut out = Vec::new();
    let mut urls = HashSet::new();
    let mut titles = HashSet::new();
    for (container, group) in boxes {
        for a in story_links(&container) {
            let Some(url) = a.attr("href").and_then(|h| absolute(base, &h)) else {
                continue;
            };
            let t = link_title(&a);
            let key = fold(&t);
            if title_key.as_ref() == Some(&key) || !urls.insert(url.clone()) || !titles.insert(key)
            {
                continue;
            }
            out.push(RelatedStory {
                summary: card_summary(&a, &t),
                title: t,
                group: group.clone(),
                url: Some(url),
            });
            if out.len() >= MAX_STORIES {
                return out;
            }
        }
    }
    out
}

fn heading_text(t: &str) -> String {
    t.trim_end_matches([':', '：', ' ']).to_string()
}

/// The nearest ancestor of a heading holding two or more story links, but not the page.
fn enclosing_box<'a>(h: &NodeRef<'a>) -> Option<NodeRef<'a>> {
    let mut n = h.parent()?;
    for _ in 0..5 {
        let links = story_links(&n);
        if links.len() > MAX_BOX_LINKS {
            return None;
        }
        if links.len() >= 2 {
            return Some(n);
        }
        n = n.parent()?;
    }
    None
}

/// Links whose text reads as a headline.
fn story_links<'a>(n: &NodeRef<'a>) -> Vec<NodeRef<'a>> {
    n.descendants_it()
        .filter(|d| d.node_name().is_some_and(|x| x.as_ref() == "a") && d.has_attr("href"))
        .filter(|a| word_count(&link_title(a)) >= MIN_TITLE_WORDS)
        .collect()
}

fn link_title(a: &NodeRef) -> String {
    let t = clean(&a.text());
    if t.is_empty() {
        a.attr("title").map(|x| clean(&x)).unwrap_or_default()
    } else {
        t
    }
}

/// The summary shown on a story's card: the longest paragraph-like text in the link's card
/// (its nearest `li`/`article`/`div` ancestor holding only this story), if it is not the title.
fn card_summary(a: &NodeRef, title: &str) -> Option<String> {
    let mut card = a.parent()?;
    for _ in 0..3 {
        if story_links(&card).len() > 1 {
            return None;
        }
        let best = card
            .descendants_it()
            .filter(|d| {
                d.node_name()
                    .is_some_and(|x| matches!(x.as_ref(), "p" | "div" | "span"))
                    && !d.descendants_it().any(|x| x.id == a.id)
            })
            .map(|d| clean(&d.text()))
            .filter(|t| word_count(t) >= 8 && fold(t) != fold(title))
            .max_by_key(|t| t.len());
        if best.is_some() {
            return best;
        }
        card = card.parent()?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_by_heading_and_by_class() {
        let doc = Document::from(
            "<html><body><article><p>Body text.</p>\
             <div class=\"box\"><h3>Tin liên quan</h3><ul>\
             <li><a href=\"/a.html\">Giá xăng giảm mạnh từ chiều nay</a></li>\
             <li><a href=\"/b.html\">Hà Nội mở thêm tuyến buýt mới</a><p>Tuyến buýt mới nối nội thành với sân bay từ tháng sau.</p></li>\
             </ul></div></article>\
             <section id=\"more-from-section\"><a href=\"https://x.vn/c\">Another headline with enough words</a>\
             <a href=\"https://x.vn/d\">Yet another headline with words</a><a href=\"/e\">Home</a></section>\
             <nav><a href=\"/\">Trang chủ</a><a href=\"/kinh-te\">Kinh tế</a></nav></body></html>",
        );
        let base = Url::parse("https://bao.vn/x/y.html").ok();
        let r = find(&doc, &Markers::builtin(), base.as_ref(), Some("T"));
        let titles: Vec<&str> = r.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Giá xăng giảm mạnh từ chiều nay",
                "Hà Nội mở thêm tuyến buýt mới",
                "Another headline with enough words",
                "Yet another headline with words"
            ]
        );
        assert_eq!(r[0].group, "Tin liên quan");
        assert_eq!(r[0].url.as_deref(), Some("https://bao.vn/a.html"));
        assert_eq!(
            r[1].summary.as_deref(),
            Some("Tuyến buýt mới nối nội thành với sân bay từ tháng sau.")
        );
        assert_eq!(r[2].group, "Related");
    }
}
