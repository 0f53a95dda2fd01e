//! [`Story`] → front matter and a Markdown body, written through `frontmatter::write` so the
//! build reads exactly what import writes.
//!
//! The body carries the source's words and nothing else: every character that Markdown or HTML
//! would read as syntax is backslash-escaped, so a scraped `<script>` or `**x**` renders as the
//! literal text.

use chrono::{DateTime, FixedOffset, SecondsFormat};

use super::parser::{Block, ImageRef, Story};
use crate::frontmatter::{self, FrontMatter, Image, Related};

/// The front matter for `story`, filed under `category` at `date`.
pub fn front_matter(story: &Story, category: &str, date: &DateTime<FixedOffset>) -> FrontMatter {
    FrontMatter {
        title: story.title.clone(),
        date: Some(date.to_rfc3339_opts(SecondsFormat::Secs, false)),
        category: Some(category.to_string()),
        updated: story
            .meta
            .updated
            .map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, false)),
        tags: story.meta.tags.clone(),
        summary: story.lead.clone(),
        image: story.image.as_ref().map(|i| Image {
            src: i.src.clone(),
            caption: i.caption.clone(),
            alt: None,
        }),
        source: story.source.clone(),
        author: story.meta.author.clone(),
        source_url: story.meta.source_url.clone(),
        related: story
            .related
            .iter()
            .map(|r| Related {
                title: r.title.clone(),
                summary: r.summary.clone(),
                url: r.url.clone(),
                group: Some(r.group.clone()),
            })
            .collect(),
        ..FrontMatter::default()
    }
}

/// The Markdown body: paragraphs and standalone `![caption](src)` images separated by blank
/// lines, consecutive list items as one `- item` list.
pub fn body(story: &Story) -> String {
    let size: usize = story
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(t) | Block::Item(t) => t.len() + 8,
            Block::Image(i) => i.src.len() + i.caption.as_ref().map_or(0, String::len) + 16,
            Block::Markdown(m) => m.len() + 2,
        })
        .sum();
    let mut out = String::with_capacity(size + size / 16);
    let mut prev_item = false;
    for b in &story.blocks {
        let item = matches!(b, Block::Item(_));
        if !out.is_empty() {
            out.push_str(if item && prev_item { "\n" } else { "\n\n" });
        }
        match b {
            Block::Paragraph(t) => escape_block(t, &mut out),
            Block::Item(t) => {
                out.push_str("- ");
                escape_block(t, &mut out);
            }
            Block::Image(i) => image(i, &mut out),
            Block::Markdown(m) => out.push_str(m),
        }
        prev_item = item;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The whole content file, and the front matter it holds.
pub fn render(
    story: &Story,
    category: &str,
    date: &DateTime<FixedOffset>,
) -> Result<(FrontMatter, String), serde_yaml::Error> {
    let fm = front_matter(story, category, date);
    let text = frontmatter::write(&fm, &body(story))?;
    Ok((fm, text))
}

pub fn image(i: &ImageRef, out: &mut String) {
    out.push_str("![");
    if let Some(c) = &i.caption {
        escape_inline(c, out);
    }
    out.push_str("](");
    encode_src(&i.src, out);
    out.push(')');
}

/// Characters escaped wherever they appear: HTML (`<`, `>`, `&` of entities), emphasis, code,
/// links and images, tables, strikethrough, and the backslash itself. All ASCII.
const SYNTAX: &[u8] = b"\\`*_[]<>&|~";

const IS_SYNTAX: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    while k < SYNTAX.len() {
        t[SYNTAX[k] as usize] = true;
        k += 1;
    }
    t
};

/// Escape text inside a line.
pub fn escape_inline(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < b.len() {
        if IS_SYNTAX[b[i] as usize] {
            // `i` is a char boundary: the byte is ASCII.
            out.push_str(&s[from..i]);
            out.push('\\');
            from = i;
        }
        i += 1;
    }
    out.push_str(&s[from..]);
}

/// Escape text that starts a line: also `#` (heading), `-`, `+`, `=` (list, rule, setext) and
/// `1.` / `1)` (ordered list).
pub fn escape_block(s: &str, out: &mut String) {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &s[digits..];
    if (1..=9).contains(&digits)
        && rest.starts_with(['.', ')'])
        && (rest.len() == 1 || rest[1..].starts_with(' '))
    {
        out.push_str(&s[..digits]);
        out.push('\\');
        escape_inline(rest, out);
        return;
    }
    if s.starts_with(['#', '-', '+', '=']) {
        out.push('\\');
    }
    escape_inline(s, out);
}

/// An image source as a Markdown link destination: spaces, brackets, quotes and backslashes
/// percent-encoded.
pub fn encode_src(src: &str, out: &mut String) {
    for c in src.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '"' => out.push_str("%22"),
            '\\' => out.push_str("%5C"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            '`' => out.push_str("%60"),
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parser::RelatedStory;

    fn md(blocks: Vec<Block>) -> String {
        body(&Story {
            title: "T".into(),
            lead: None,
            image: None,
            blocks,
            source: None,
            date_line: None,
            related: vec![],
            meta: Default::default(),
        })
    }

    fn html(markdown: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(markdown));
        out
    }

    /// The text pulldown-cmark sees in `markdown` (all text and inline-HTML events).
    fn text_of(markdown: &str) -> String {
        use pulldown_cmark::Event;
        let mut out = String::new();
        for e in pulldown_cmark::Parser::new(markdown) {
            match e {
                Event::Text(t) | Event::Code(t) => out.push_str(&t),
                Event::Html(t) | Event::InlineHtml(t) => {
                    out.push_str("<<HTML:");
                    out.push_str(&t);
                    out.push_str(">>");
                }
                Event::End(_) => out.push('|'),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn syntax_is_literal_text() {
        let hostile = [
            "<script>alert(1)</script>",
            "**đậm** _nghiêng_ `mã` ~~gạch~~",
            "[liên kết](javascript:alert(1)) ![ảnh](x.png)",
            "# Không phải tiêu đề",
            "- không phải danh sách",
            "1. không phải danh sách",
            "2025) cũng không",
            "> không phải trích dẫn",
            "---",
            "===",
            "| a | b |",
            "&lt;b&gt; &amp; &#60;",
            "dòng kết thúc bằng \\",
            "<!-- chú thích -->",
            "<https://example.com>",
        ];
        for h in hostile {
            let m = md(vec![Block::Paragraph(h.into())]);
            assert_eq!(text_of(&m), format!("{h}|"), "{h:?} → {m:?}");
            assert!(!html(&m).contains("<script"), "{m}");
        }
    }

    #[test]
    fn plain_text_is_left_alone() {
        let s = "Năm 2025, tỷ trọng đạt 9,46% GRDP (tăng 2.5 lần) - rất tốt: \"AI\" và 5G!";
        let m = md(vec![Block::Paragraph(s.into())]);
        assert_eq!(m, format!("{s}\n"));
    }

    #[test]
    fn lists_and_images() {
        let m = md(vec![
            Block::Paragraph("Mở.".into()),
            Block::Item("một".into()),
            Block::Item("# hai".into()),
            Block::Image(ImageRef {
                src: "a b(1).jpg".into(),
                caption: Some("Ảnh *minh họa*]".into()),
            }),
            Block::Image(ImageRef {
                src: "c.png".into(),
                caption: None,
            }),
        ]);
        assert_eq!(
            m,
            "Mở.\n\n- một\n- \\# hai\n\n![Ảnh \\*minh họa\\*\\]](a%20b%281%29.jpg)\n\n![](c.png)\n"
        );
        let h = html(&m);
        assert!(
            h.contains("<li>một</li>") && h.contains("<li># hai</li>"),
            "{h}"
        );
        assert!(
            h.contains(r#"<img src="a%20b%281%29.jpg" alt="Ảnh *minh họa*]" />"#),
            "{h}"
        );
    }

    #[test]
    fn front_matter_fields() {
        let story = Story {
            title: "T".into(),
            lead: Some("L".into()),
            image: Some(ImageRef {
                src: "a.png".into(),
                caption: Some("C".into()),
            }),
            blocks: vec![],
            source: Some("Báo X".into()),
            date_line: None,
            related: vec![RelatedStory {
                title: "R".into(),
                summary: None,
                group: "Tin liên quan".into(),
                url: None,
            }],
            meta: Default::default(),
        };
        let date = DateTime::parse_from_rfc3339("2025-01-25T13:53:22+07:00").unwrap();
        let fm = front_matter(&story, "Thời sự", &date);
        assert_eq!(fm.date.as_deref(), Some("2025-01-25T13:53:22+07:00"));
        assert_eq!(fm.category.as_deref(), Some("Thời sự"));
        assert_eq!(fm.summary.as_deref(), Some("L"));
        assert_eq!(fm.image.unwrap().caption.as_deref(), Some("C"));
        assert_eq!(fm.related[0].group.as_deref(), Some("Tin liên quan"));
        assert!(fm.tags.is_empty());
    }
}
