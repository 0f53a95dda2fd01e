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

/// A link as written in an article → its `href`: a root-relative link (`/kinh-te/`) means the
/// site's root, so a site under a sub-path (`base_path` `/tin/`) gets `/tin/kinh-te/`. Every
/// root-relative link is prefixed, also one that already starts with the base path (`/tin/x/`
/// becomes `/tin/tin/x/`): the rule does not guess. Full URLs, protocol-relative ones (`//host`,
/// and `/\host`, which browsers read the same), relative links and fragments are kept.
pub fn site_link<'a>(dest: &'a str, base_path: &str) -> CowStr<'a> {
    match dest.strip_prefix('/') {
        Some(rest) if base_path != "/" && !rest.starts_with(['/', '\\']) => {
            format!("{base_path}{rest}").into()
        }
        _ => dest.into(),
    }
}

/// Render `md` for a site whose URL path is `base_path` (`/` or `/tin/`, see [`site_link`]);
/// `resolve` maps an image's `src` as written to what the site has.
pub fn render(md: &str, base_path: &str, resolve: &dyn Fn(&str) -> ImageInfo) -> Rendered {
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
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: site_link(dest_url, base_path).into_static(),
                    title: title.clone(),
                    id: id.clone(),
                }));
                i += 1;
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

    fn render_at_root(md: &str, resolve: &dyn Fn(&str) -> ImageInfo) -> Rendered {
        render(md, "/", resolve)
    }

    #[test]
    fn root_relative_links_get_the_base_path() {
        let md = "[a](/kinh-te/) [b](/) [c](/tin/x/#y) [d](../ban/) [e](#neo) \
                  [f](https://example.org/x) [g](//cdn.example/x) [h](mailto:a@b.vn) \
                  [i][r]\n\n[r]: /the-thao/?trang=2\n";
        let r = render(md, "/tin/", &found);
        for want in [
            "href=\"/tin/kinh-te/\"",
            "href=\"/tin/\"",
            "href=\"/tin/tin/x/#y\"",
            "href=\"../ban/\"",
            "href=\"#neo\"",
            "href=\"https://example.org/x\"",
            "href=\"//cdn.example/x\"",
            "href=\"mailto:a@b.vn\"",
            "href=\"/tin/the-thao/?trang=2\"",
        ] {
            assert!(r.html.contains(want), "{want} in {}", r.html);
        }
        // At the host's root nothing changes.
        let r = render_at_root("[a](/kinh-te/)", &found);
        assert!(r.html.contains("href=\"/kinh-te/\""), "{}", r.html);
    }

    #[test]
    fn a_backslash_after_the_slash_is_not_made_a_site_link() {
        assert_eq!(
            &*site_link("/\\evil.example/x", "/tin/"),
            "/\\evil.example/x"
        );
        assert_eq!(&*site_link("/a", "/tin/"), "/tin/a");
    }

    #[test]
    fn standalone_image_becomes_a_figure() {
        let r = render_at_root("Trước.\n\n![Biểu tượng AI](a.png)\n\nSau.\n", &found);
        assert!(r.html.contains("<figure class=\"figure\"><img src=\"/img/a.png\" alt=\"Biểu tượng AI\" width=\"990\" height=\"600\" loading=\"lazy\""), "{}", r.html);
        assert!(r
            .html
            .contains("<figcaption>Biểu tượng AI</figcaption></figure>"));
        assert!(!r.html.contains("<p><figure"));
    }

    #[test]
    fn missing_image_is_a_sized_placeholder() {
        let r = render_at_root("![Chú thích](missing.png)\n", &found);
        assert!(r.html.contains("figure--missing"));
        assert!(r.html.contains("aspect-ratio: 990 / 600"));
        assert!(!r.html.contains("<img"));
        assert!(r.html.contains("<figcaption>Chú thích</figcaption>"));
    }

    #[test]
    fn inline_image_stays_inline_and_lazy() {
        let r = render_at_root("Chữ ![x](a.png) chữ\n", &found);
        assert!(r.html.contains("<p>Chữ <img src=\"/img/a.png\" alt=\"x\""));
        assert!(r.html.contains("loading=\"lazy\""));
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = render_at_root("## Lào Cai\n\n## Lào Cai\n\n## Đất {#custom}\n", &found);
        assert!(r.html.contains("<h2 id=\"lao-cai\">"));
        assert!(r.html.contains("<h2 id=\"lao-cai-2\">"));
        assert!(r.html.contains("<h2 id=\"custom\">"));
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = render_at_root(
            "|a|b|\n|-|-|\n|1|2|\n\n~~cũ~~ mới[^1]\n\n[^1]: chú thích\n",
            &found,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>cũ</del>"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn counts_words() {
        let r = render_at_root("Hy vọng mới cho AI.\n\n## Tiêu đề\n", &found);
        assert_eq!(r.words, 7);
    }
}
