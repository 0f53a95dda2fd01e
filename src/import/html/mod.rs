//! An HTML page → [`Story`]. Pure: no I/O, no clock.
//!
//! Three readers over the one page:
//! - [`meta`]: what the page says about itself — JSON-LD, Open Graph and article meta tags,
//!   `<time>`, the breadcrumb — for the title, dates, author, tags, section, lead image and
//!   canonical address;
//! - the body: rs-trafilatura (a port of trafilatura) picks the article's element and cleans it
//!   of ads, share bars and boxes; [`markdown`] turns what it kept into Markdown, escaping every
//!   text and keeping only absolute http(s)/mailto links and images;
//! - [`related`]: the related-story boxes ("Tin liên quan", "Related", …) inside and after the
//!   article, as data, taken out of the body.
//!
//! Hostile pages are bounded before any parser sees them: nesting deeper than
//! [`MAX_NESTING`] is refused (html5ever's tree builder and every recursive walk would
//! otherwise take minutes or overflow the stack).

pub mod markdown;
pub mod meta;
pub mod related;

use std::fmt;

use dom_query::Document;

use super::markers::Markers;
use super::parser::{Block, ImageRef, Story};
use crate::error::Located;
use crate::text::{fold, nfc, word_count};
use markdown::Piece;

/// Pages nested deeper than this many open elements are refused.
pub const MAX_NESTING: usize = 1000;

/// Fewer words than this in the body, and the page holds no article.
const MIN_BODY_WORDS: usize = 20;
/// A body more than this share of whose text is links is a list of links (a section front).
const MAX_LINK_SHARE: f64 = 0.6;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HtmlError {
    Empty,
    TooDeep { line: usize },
    NoArticle { links: usize },
    NoTitle,
}

impl HtmlError {
    /// The line the problem is on, when it is on one.
    pub fn line(&self) -> Option<usize> {
        match self {
            HtmlError::TooDeep { line } => Some(*line),
            HtmlError::Empty | HtmlError::NoArticle { .. } | HtmlError::NoTitle => None,
        }
    }

    /// What is wrong and what to do, without the line.
    pub fn what(&self) -> String {
        match self {
            HtmlError::Empty => "the page is empty".to_string(),
            HtmlError::TooDeep { .. } => format!(
                "elements nested more than {MAX_NESTING} deep; this is not a page a browser \
                 would show as an article (save the article's own page and import it)"
            ),
            HtmlError::NoArticle { links } => format!(
                "no article found (the page is a list of {links} links); import an article's \
                 own page"
            ),
            HtmlError::NoTitle => {
                "no title: the page has no headline, og:title, <h1> or <title>; add one".to_string()
            }
        }
    }

    /// This error in `file`, at its line.
    pub fn located(&self, file: &std::path::Path) -> Located {
        Located::new(file, self.line(), self.what())
    }
}

impl fmt::Display for HtmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line() {
            Some(line) => write!(f, "line {line}: {}", self.what()),
            None => f.write_str(&self.what()),
        }
    }
}

impl std::error::Error for HtmlError {}

/// Whether `bytes` (a file's start) read as an HTML page: a doctype or `<html` first, after
/// a byte-order mark, whitespace and comments.
pub fn sniff(bytes: &[u8]) -> bool {
    let mut b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    loop {
        while let [c, rest @ ..] = b {
            if c.is_ascii_whitespace() {
                b = rest;
            } else {
                break;
            }
        }
        if b.starts_with(b"<!--") {
            match memchr::memmem::find(b, b"-->") {
                Some(end) => b = &b[end + 3..],
                None => return false,
            }
            continue;
        }
        break;
    }
    let starts = |p: &[u8]| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p);
    starts(b"<!doctype html") || starts(b"<html") || starts(b"<?xml") && html_after_xml(b)
}

/// An XHTML page: `<?xml …?>` then a doctype or `<html`.
fn html_after_xml(b: &[u8]) -> bool {
    match memchr::memmem::find(b, b"?>") {
        Some(end) => sniff(&b[end + 2..]),
        None => false,
    }
}

/// The encoding a page declares in its first 4 KB (`<meta charset>` or `http-equiv`), if any.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&lower[from..], b"charset") {
        let mut i = from + at + 7;
        from = i;
        while i < lower.len() && (lower[i] == b' ' || lower[i] == b'=') {
            i += 1;
        }
        while i < lower.len() && (lower[i] == b'"' || lower[i] == b'\'') {
            i += 1;
        }
        let start = i;
        while i < lower.len() && (lower[i].is_ascii_alphanumeric() || b"-_:.".contains(&lower[i])) {
            i += 1;
        }
        if i > start {
            if let Some(enc) = encoding_rs::Encoding::for_label(&lower[start..i]) {
                // A page saved as UTF-16 says so only in its BOM, which is read first.
                return Some(enc.output_encoding());
            }
        }
    }
    None
}

/// The deepest nesting of open elements, approximately (void elements and elements whose end
/// tag may be left out do not count), with the line where it first passes `limit`. Linear;
/// never less than what html5ever builds for elements that need an end tag.
pub fn nesting_past(html: &str, limit: usize) -> Option<usize> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt",
        "rp", "thead", "tbody", "tfoot", "colgroup", "param", "keygen", "frame",
    ];
    const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];
    let b = html.as_bytes();
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        i += off + 1;
        let Some(&c) = b.get(i) else { break };
        if c == b'!' {
            let end = if b[i..].starts_with(b"!--") {
                memchr::memmem::find(&b[i..], b"-->").map(|e| e + 3)
            } else {
                memchr::memchr(b'>', &b[i..]).map(|e| e + 1)
            };
            match end {
                Some(e) => i += e,
                None => break,
            }
            continue;
        }
        let closing = c == b'/';
        let name_start = i + usize::from(closing);
        let mut j = name_start;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
            j += 1;
        }
        if j == name_start || !b[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        let Some(gt) = memchr::memchr(b'>', &b[j..]) else {
            break;
        };
        let self_closing = gt > 0 && b[j + gt - 1] == b'/';
        i = j + gt + 1;
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        if RAW.contains(&name.as_str()) {
            // Skip to the matching end tag.
            let end = format!("</{name}");
            let lower_find = |from: usize| {
                let mut k = from;
                while let Some(o) = memchr::memmem::find(&b[k..], b"</") {
                    let at = k + o;
                    if b.len() >= at + end.len()
                        && b[at..at + end.len()].eq_ignore_ascii_case(end.as_bytes())
                    {
                        return Some(at);
                    }
                    k = at + 2;
                }
                None
            };
            match lower_find(i) {
                Some(at) => i = at,
                None => break,
            }
            continue;
        }
        if self_closing || VOID.contains(&name.as_str()) {
            continue;
        }
        depth += 1;
        if depth > limit {
            return Some(html[..i].bytes().filter(|&c| c == b'\n').count() + 1);
        }
    }
    None
}

/// Extract the article of an HTML page.
pub fn extract(html: &str, markers: &Markers) -> Result<Story, HtmlError> {
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    if html.trim().is_empty() {
        return Err(HtmlError::Empty);
    }
    if let Some(line) = nesting_past(html, MAX_NESTING) {
        return Err(HtmlError::TooDeep { line });
    }
    let doc = Document::from(html);
    let m = meta::read(&doc);
    let base = m.base.clone();

    let options = rs_trafilatura::Options {
        include_links: true,
        include_images: true,
        include_tables: true,
        url: base.as_ref().map(|u| u.to_string()),
        ..rs_trafilatura::Options::default()
    };
    let extracted = rs_trafilatura::extract_with_options(html, &options).ok();
    let content_html = extracted
        .as_ref()
        .and_then(|r| r.content_html.clone())
        .unwrap_or_default();
    let related = related::find(&doc, markers, base.as_ref(), m.title.as_deref());

    let mut pieces = markdown::pieces(&content_html, base.as_ref());
    if units(&pieces) < MIN_BODY_WORDS {
        // rs-trafilatura found no article element (its fallbacks give text only): the
        // element holding the most prose of its own, read like any article element; else the
        // fallback's text lines.
        pieces = densest(&doc)
            .map(|html| markdown::pieces(&html, base.as_ref()))
            .unwrap_or_default();
        if units(&pieces) < MIN_BODY_WORDS {
            if let Some(r) = &extracted {
                pieces = markdown::text_pieces(&r.content_text);
            }
        }
    }
    if units(&pieces) < MIN_BODY_WORDS || markdown::link_share(&content_html) > MAX_LINK_SHARE {
        let links = doc.select("a[href]").length();
        return Err(HtmlError::NoArticle { links });
    }

    let title = m
        .title
        .clone()
        .or_else(|| {
            extracted
                .as_ref()
                .and_then(|r| r.metadata.title.clone())
                .map(|t| nfc(t.trim()))
        })
        .filter(|t| !t.is_empty())
        .ok_or(HtmlError::NoTitle)?;

    // The body never repeats the headline, never lists the related stories, and carries no
    // page chrome: ad labels, credit lines, a date line at its top.
    let title_key = fold(&title);
    let related_keys: std::collections::HashSet<String> =
        related.iter().map(|r| fold(&r.title)).collect();
    let caption_key = m.image_caption.as_deref().map(fold);
    let tags_key: String = fold(&m.tags.join(" "));
    pieces.retain(|p| {
        let k = fold(&p.text);
        k != title_key
            && !is_chrome(&p.text, &k)
            && caption_key.as_ref() != Some(&k)
            && (tags_key.len() <= 2 || k != tags_key)
            && !markers.is_heading(&markers.key_of(&p.text))
            && !only_related(&k, &related_keys)
    });
    while pieces
        .first()
        .is_some_and(|p| super::dates::parse_date_line(&p.text).is_some())
    {
        pieces.remove(0);
    }

    // The lead: the page's sapo element, else its description when the body starts with it.
    let mut lead = m.lead.clone();
    if lead.is_none() {
        if let (Some(d), Some(first)) = (&m.description, pieces.first()) {
            let d_key = fold(d);
            let stem = d_key.trim_end_matches(['.', '…', ' ']);
            if word_count(d) >= 8 && fold(&first.text).starts_with(stem) {
                lead = Some(d.clone());
            }
        }
    }
    if let (Some(l), Some(first)) = (&lead, pieces.first()) {
        let l_key = fold(l);
        let stem = l_key.trim_end_matches(['.', '…', ' ']);
        if fold(&first.text).starts_with(stem) {
            // The first paragraph is the lead (whole, when the description was cut short).
            lead = Some(first.text.clone());
            pieces.remove(0);
        }
    }

    // The source line: "Theo X", "Nguồn: X", "Source: X" closing the body.
    let mut source = None;
    if let Some(last) = pieces.last() {
        if matches!(last.block, Block::Markdown(_)) && is_source_line(&last.text) {
            source = Some(last.text.clone());
            pieces.pop();
        }
    }
    if source.is_none() {
        source = m.publisher.clone();
    }

    let image = m.image.clone().map(|src| ImageRef {
        caption: m.image_caption.clone(),
        src,
    });
    // The lead image is not repeated as the body's first image.
    if let (
        Some(img),
        Some(Piece {
            block: Block::Image(first),
            ..
        }),
    ) = (&image, pieces.first())
    {
        if same_image(&img.src, &first.src) {
            pieces.remove(0);
        }
    }
    let blocks = pieces.into_iter().map(|p| p.block).collect();

    Ok(Story {
        title,
        lead,
        image,
        blocks,
        source,
        date_line: None,
        related,
        meta: super::parser::StoryMeta {
            date: m.date,
            date_from: m.date_from,
            updated: m.updated,
            author: m.author,
            tags: m.tags,
            section: m.section,
            source_url: m.canonical,
        },
    })
}

/// The HTML of the element with the most prose of its own — text of its own and of its
/// paragraph children, counted only where it reads as sentences and is not link text — in the
/// manner of Readability's candidate scoring, without its many tuned weights.
fn densest(doc: &Document) -> Option<String> {
    use dom_query::NodeRef;
    fn own_prose(n: &NodeRef) -> usize {
        let mut text = String::new();
        let mut links = 0;
        for c in n.children_it(false) {
            if c.is_text() {
                text.push_str(&c.text());
            } else if c.is_element() {
                let name = c
                    .node_name()
                    .map(|x| x.to_ascii_lowercase())
                    .unwrap_or_default();
                match name.as_str() {
                    "a" => {
                        let t = c.text();
                        links += t.len();
                        text.push_str(&t);
                    }
                    "b" | "strong" | "i" | "em" | "span" | "font" | "u" | "small" | "sup"
                    | "sub" | "mark" | "q" | "cite" | "abbr" | "time" | "br" => {
                        text.push_str(&c.text())
                    }
                    _ => {}
                }
            }
        }
        let marks = text.matches(['.', ',', ';', '!', '?', '。', '、']).count();
        let len = text.trim().len().saturating_sub(links);
        if marks == 0 || len < 80 {
            0
        } else {
            len
        }
    }
    let skip = |n: &NodeRef| {
        n.ancestors_it(None).chain(std::iter::once(*n)).any(|a| {
            a.node_name().is_some_and(|x| {
                matches!(
                    x.to_ascii_lowercase().as_str(),
                    "nav"
                        | "header"
                        | "footer"
                        | "aside"
                        | "form"
                        | "script"
                        | "style"
                        | "noscript"
                )
            })
        })
    };
    let mut best: Option<(usize, NodeRef)> = None;
    for n in doc.select("body *").nodes() {
        let name = n
            .node_name()
            .map(|x| x.to_ascii_lowercase())
            .unwrap_or_default();
        if !matches!(
            name.as_str(),
            "div" | "td" | "article" | "section" | "main" | "p" | "center" | "font" | "span"
        ) {
            continue;
        }
        let mut score = own_prose(n);
        for c in n.children_it(false) {
            if c.node_name().is_some_and(|x| x.eq_ignore_ascii_case("p")) {
                score += own_prose(&c);
            }
        }
        if score > 0 && best.as_ref().is_none_or(|(b, _)| score > *b) && !skip(n) {
            best = Some((score, *n));
        }
    }
    best.map(|(_, n)| n.html().to_string())
}

/// How much text the pieces hold: words, and for scripts written without spaces (Chinese,
/// Japanese, Korean) one unit per two characters.
fn units(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .map(|p| {
            let cjk = p
                .text
                .chars()
                .filter(
                    |c| matches!(*c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF),
                )
                .count();
            word_count(&p.text) + cjk / 2
        })
        .sum()
}

/// Two image URLs of the same file (ignoring the query and the size suffix CMSes add).
fn same_image(a: &str, b: &str) -> bool {
    let stem = |u: &str| {
        let path = u.split(['?', '#']).next().unwrap_or(u);
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        name.split('.').next().unwrap_or("").to_string()
    };
    let (x, y) = (stem(a), stem(b));
    !x.is_empty() && (x == y || x.starts_with(&y) || y.starts_with(&x))
}

/// Whether a block holds nothing but related stories' titles (a list of them left in the body).
fn only_related(key: &str, related: &std::collections::HashSet<String>) -> bool {
    if related.is_empty() || key.is_empty() {
        return false;
    }
    let mut rest = key.to_string();
    let mut found = false;
    for r in related {
        if !r.is_empty() && rest.contains(r.as_str()) {
            rest = rest.replacen(r.as_str(), " ", 1);
            found = true;
        }
    }
    found && word_count(&rest) < 3
}

/// A paragraph that is page chrome wherever it stands: an advertisement label, a photo credit
/// (`© Name`, `Photo: Name`), a share or follow prompt. `key` is the folded text.
fn is_chrome(text: &str, key: &str) -> bool {
    const LABELS: &[&str] = &[
        "advertisement",
        "advertising",
        "sponsored",
        "quang cao",
        "scroll to continue",
        "continue reading below",
        "story continues below",
        "article continues below",
        "read more",
        "xem them",
        "doc them",
    ];
    let words = word_count(text);
    LABELS.contains(&key.trim_end_matches([':', '.', ' ']))
        || (words <= 8 && (text.starts_with('©') || key.starts_with("(c) ")))
        || (words <= 8
            && [
                "photo:",
                "photograph:",
                "credit:",
                "image:",
                "anh:",
                "nguon anh:",
            ]
            .iter()
            .any(|p| key.starts_with(p)))
}

/// A short closing line naming where the story came from.
fn is_source_line(t: &str) -> bool {
    let k = fold(t);
    word_count(t) <= 8
        && ["theo ", "nguon:", "nguon ", "source:", "(theo "]
            .iter()
            .any(|p| k.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_pages_not_text() {
        assert!(sniff(b"<!DOCTYPE html><html>"));
        assert!(sniff(b"\xEF\xBB\xBF  \n<html lang=vi>"));
        assert!(sniff(b"<!-- saved -->\n<!doctype html>"));
        assert!(sniff(b"<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"));
        assert!(!sniff(b"Hy vong moi\n<html> in a title"));
        assert!(!sniff(b"<p>a fragment</p>"));
        assert!(!sniff(b""));
    }

    #[test]
    fn charset_from_meta() {
        let page = b"<html><head><meta charset=\"windows-1258\">";
        assert_eq!(declared_charset(page).unwrap().name(), "windows-1258");
        let page = b"<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1'>";
        assert_eq!(declared_charset(page).unwrap().name(), "windows-1252");
        assert!(declared_charset(b"<html><head><title>x</title>").is_none());
    }

    #[test]
    fn nesting_is_bounded_and_counts_only_real_depth() {
        let deep = format!("<html>{}</html>", "<div>".repeat(2000));
        assert!(nesting_past(&deep, MAX_NESTING).is_some());
        // Unclosed paragraphs and list items, void elements and scripts do not nest.
        let flat = format!(
            "<html><body>{}<script>{}</script></body></html>",
            "<p>x<li>y<br><img src=a>".repeat(5000),
            "<div>".repeat(5000)
        );
        assert_eq!(nesting_past(&flat, MAX_NESTING), None);
        let closed = "<div><span>x</span></div>".repeat(10_000);
        assert_eq!(nesting_past(&closed, 3), None);
    }
}
