//! Markdown → HTML with pulldown-cmark: tables, footnotes, strikethrough, heading ids, and
//! images resolved against the site (standalone image paragraphs become `<figure>`; a missing
//! image becomes a sized placeholder, never a broken `<img>`).

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::text::escape_html_into;

/// What the site knows about an image referenced by an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    /// URL to put in `src` (site path with base path, or an external URL).
    pub url: String,
    pub width: u32,
    pub height: u32,
    /// The file was not found: render a placeholder.
    pub missing: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Words of text (a Vietnamese syllable counts as a word).
    pub words: usize,
}

/// The Markdown extensions the build reads (the import harness renders with the same).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Render `md`; `resolve` maps an image's `src` as written to what the site has.
pub fn render(md: &str, resolve: &dyn Fn(&str) -> ImageInfo) -> Rendered {
    let events: Vec<Event> = Parser::new_ext(md, options()).collect();
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut words = 0;
    let mut used_ids: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Text(t) | Event::Code(t) => {
                words += crate::text::word_count(t);
                out.push(events[i].clone());
                i += 1;
            }
            Event::Start(Tag::Paragraph) => {
                if let Some((html, consumed)) = standalone_figure(&events[i..], resolve) {
                    words += crate::text::word_count(&plain_text(&events[i..i + consumed]));
                    out.push(Event::Html(html.into()));
                    i += consumed;
                } else {
                    out.push(events[i].clone());
                    i += 1;
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let end = find_end(&events, i, |e| matches!(e, Event::End(TagEnd::Image)));
                let alt = plain_text(&events[i + 1..end]);
                let info = resolve(dest_url);
                let mut html = String::new();
                inline_image(&info, &alt, &mut html);
                out.push(Event::InlineHtml(html.into()));
                i = end + 1;
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = find_end(&events, i, |e| matches!(e, Event::End(TagEnd::Heading(_))));
                let text = plain_text(&events[i + 1..end]);
                words += crate::text::word_count(&text);
                let id = match id {
                    Some(id) => id.to_string(),
                    None => unique_id(&text, *level, &mut used_ids),
                };
                used_ids.push(id.clone());
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                out.extend(events[i + 1..=end].iter().cloned());
                i = end + 1;
            }
            _ => {
                out.push(events[i].clone());
                i += 1;
            }
        }
    }
    let mut html = String::with_capacity(md.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    Rendered { html, words }
}

fn find_end(events: &[Event], start: usize, is_end: impl Fn(&Event) -> bool) -> usize {
    let mut depth = 0usize;
    for (j, e) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 && is_end(e) {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

fn unique_id(text: &str, level: HeadingLevel, used: &mut [String]) -> String {
    let mut base = crate::slug::slugify(text);
    if base.is_empty() {
        base = format!("h{}", level as usize);
    }
    let mut id = base.clone();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// `[Start(Paragraph), Start(Image), ..., End(Image), End(Paragraph)]` → a `<figure>`.
fn standalone_figure(
    events: &[Event],
    resolve: &dyn Fn(&str) -> ImageInfo,
) -> Option<(String, usize)> {
    let Some(Event::Start(Tag::Image {
        dest_url, title, ..
    })) = events.get(1)
    else {
        return None;
    };
    let end = find_end(events, 1, |e| matches!(e, Event::End(TagEnd::Image)));
    if !matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph))) {
        return None;
    }
    let caption = plain_text(&events[2..end]);
    let info = resolve(dest_url);
    let mut html = String::with_capacity(256);
    figure(&info, &caption, title, false, &mut html);
    Some((html, end + 2))
}

/// A `<figure>` for an image with its caption; `lead` images load eagerly with high priority.
pub fn figure(info: &ImageInfo, caption: &str, title: &str, lead: bool, out: &mut String) {
    let caption = caption.trim();
    if info.missing {
        out.push_str("<figure class=\"figure figure--missing\">");
        placeholder(info, caption, out);
    } else {
        out.push_str("<figure class=\"figure\">");
        img(info, caption, title, lead, out);
    }
    if !caption.is_empty() {
        out.push_str("<figcaption>");
        escape_html_into(caption, out);
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>\n");
}

fn inline_image(info: &ImageInfo, alt: &str, out: &mut String) {
    if info.missing {
        placeholder(info, alt, out);
    } else {
        img(info, alt, "", false, out);
    }
}

fn img(info: &ImageInfo, alt: &str, title: &str, lead: bool, out: &mut String) {
    out.push_str("<img src=\"");
    escape_html_into(&info.url, out);
    out.push_str("\" alt=\"");
    escape_html_into(alt, out);
    out.push('"');
    if !title.is_empty() {
        out.push_str(" title=\"");
        escape_html_into(title, out);
        out.push('"');
    }
    out.push_str(&format!(
        " width=\"{}\" height=\"{}\"",
        info.width, info.height
    ));
    if lead {
        out.push_str(" fetchpriority=\"high\" decoding=\"async\">");
    } else {
        out.push_str(" loading=\"lazy\" decoding=\"async\">");
    }
}

fn placeholder(info: &ImageInfo, label: &str, out: &mut String) {
    out.push_str(&format!(
        "<span class=\"img-placeholder\" role=\"img\" style=\"aspect-ratio: {} / {}\" aria-label=\"",
        info.width, info.height
    ));
    escape_html_into(if label.is_empty() { "image" } else { label }, out);
    out.push_str("\"></span>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(src: &str) -> ImageInfo {
        ImageInfo {
            url: format!("/img/{src}"),
            width: 990,
            height: 600,
            missing: src.starts_with("missing"),
        }
    }

    #[test]
    fn standalone_image_becomes_a_figure() {
        let r = render("Trước.\n\n![Biểu tượng AI](a.png)\n\nSau.\n", &found);
        assert!(r.html.contains("<figure class=\"figure\"><img src=\"/img/a.png\" alt=\"Biểu tượng AI\" width=\"990\" height=\"600\" loading=\"lazy\""), "{}", r.html);
        assert!(r
            .html
            .contains("<figcaption>Biểu tượng AI</figcaption></figure>"));
        assert!(!r.html.contains("<p><figure"));
    }

    #[test]
    fn missing_image_is_a_sized_placeholder() {
        let r = render("![Chú thích](missing.png)\n", &found);
        assert!(r.html.contains("figure--missing"));
        assert!(r.html.contains("aspect-ratio: 990 / 600"));
        assert!(!r.html.contains("<img"));
        assert!(r.html.contains("<figcaption>Chú thích</figcaption>"));
    }

    #[test]
    fn inline_image_stays_inline_and_lazy() {
        let r = render("Chữ ![x](a.png) chữ\n", &found);
        assert!(r.html.contains("<p>Chữ <img src=\"/img/a.png\" alt=\"x\""));
        assert!(r.html.contains("loading=\"lazy\""));
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = render("## Lào Cai\n\n## Lào Cai\n\n## Đất {#custom}\n", &found);
        assert!(r.html.contains("<h2 id=\"lao-cai\">"));
        assert!(r.html.contains("<h2 id=\"lao-cai-2\">"));
        assert!(r.html.contains("<h2 id=\"custom\">"));
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = render(
            "|a|b|\n|-|-|\n|1|2|\n\n~~cũ~~ mới[^1]\n\n[^1]: chú thích\n",
            &found,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>cũ</del>"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn counts_words() {
        let r = render("Hy vọng mới cho AI.\n\n## Tiêu đề\n", &found);
        assert_eq!(r.words, 7);
    }
}
