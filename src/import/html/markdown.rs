//! The article's cleaned HTML → Markdown blocks.
//!
//! Only structure a reader sees is kept: paragraphs, headings, lists, quotes, tables, bold,
//! italic, code, links and images. Every text goes through the writer's escaping, so markup in
//! the page's words renders as the words; links keep only absolute `http(s):`/`mailto:` targets
//! and images only `http(s):` sources (resolved against the page), so nothing executable can
//! reach the Markdown. Scripts, styles, forms, frames, SVG and the like are dropped whole.

use dom_query::{Document, NodeRef};
use url::Url;

use super::meta::absolute;
use crate::import::parser::{Block, ImageRef};
use crate::import::writer::{encode_src, escape_inline};
use crate::text::nfc;

/// A block with its plain text (for comparisons and word counts).
#[derive(Debug, Clone)]
pub struct Piece {
    pub block: Block,
    pub text: String,
}

/// Elements dropped with everything inside them.
const DROP: &[&str] = &[
    "script", "style", "noscript", "iframe", "frame", "frameset", "svg", "math", "form", "button",
    "input", "select", "textarea", "object", "embed", "canvas", "template", "nav", "aside",
    "audio", "video", "source", "track", "map", "head", "title", "meta", "link", "dialog", "menu",
];

/// Elements that break the flow into blocks.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "figure",
    "pre",
    "hr",
    "dl",
    "dt",
    "dd",
    "address",
    "details",
    "summary",
    "center",
    "body",
    "html",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "figcaption",
    "picture",
];

pub fn pieces(html: &str, base: Option<&Url>) -> Vec<Piece> {
    if html.trim().is_empty() {
        return Vec::new();
    }
    let doc = Document::fragment(html);
    let mut w = Walker {
        base,
        out: Vec::new(),
        md: String::new(),
        text: String::new(),
    };
    let root = doc.root();
    for child in root.children_it(false) {
        w.node(&child, 0);
    }
    w.flush();
    w.out
}

/// Plain text, one paragraph a line (what an extractor's fallback gives without markup: often
/// the whole page). Kept: the run of lines around the article's sentences — lines of
/// [`SENTENCE_WORDS`] words or more, with at most two shorter lines between them (subheads,
/// a quote's attribution) — jusText's context rule in its simplest form.
pub fn text_pieces(text: &str) -> Vec<Piece> {
    const SENTENCE_WORDS: usize = 12;
    let lines: Vec<String> = text.lines().map(clean).filter(|l| !l.is_empty()).collect();
    // A sentence line: long enough, and punctuated like prose (a menu or tag cloud run into
    // one line has words but no commas or full stops).
    let prose = |l: &str| {
        let words = crate::text::word_count(l);
        let marks = l
            .chars()
            .filter(|c| matches!(c, '.' | ',' | ';' | '!' | '?' | '。' | '、'))
            .count();
        words >= SENTENCE_WORDS && marks * 25 >= words
    };
    let good: Vec<usize> = (0..lines.len()).filter(|&i| prose(&lines[i])).collect();
    // The densest run of good lines (gaps of at most two lines), by words.
    let mut best = (0, 0, 0usize);
    let mut k = 0;
    while k < good.len() {
        let start = good[k];
        let mut end = start;
        let mut words = 0;
        let mut j = k;
        while j < good.len() && good[j] <= end + 3 {
            end = good[j];
            words += crate::text::word_count(&lines[end]);
            j += 1;
        }
        if words > best.2 {
            best = (start, end, words);
        }
        k = j;
    }
    if best.2 == 0 {
        return Vec::new();
    }
    lines[best.0..=best.1]
        .iter()
        .cloned()
        .map(|l| {
            let mut md = String::with_capacity(l.len() + 8);
            escape_inline(&l, &mut md);
            Piece {
                block: Block::Markdown(guard_line_start(&md)),
                text: l,
            }
        })
        .collect()
}

/// The share of an HTML fragment's text (in characters) that is link text.
pub fn link_share(html: &str) -> f64 {
    if html.trim().is_empty() {
        return 0.0;
    }
    let doc = Document::fragment(html);
    let count = |t: &str| t.chars().filter(|c| !c.is_whitespace()).count();
    let total = count(&doc.root().text());
    let links: usize = doc
        .select("a")
        .iter()
        .filter(|a| a.ancestors(None).filter("a").is_empty())
        .map(|a| count(&a.text()))
        .sum();
    if total == 0 {
        0.0
    } else {
        links as f64 / total as f64
    }
}

/// The blocks only.
pub fn blocks(html: &str, base: Option<&Url>) -> Vec<Block> {
    pieces(html, base).into_iter().map(|p| p.block).collect()
}

struct Walker<'u> {
    base: Option<&'u Url>,
    out: Vec<Piece>,
    /// The paragraph being gathered: Markdown and plain text.
    md: String,
    text: String,
}

fn name_of(n: &NodeRef) -> String {
    n.node_name()
        .map(|s| s.to_ascii_lowercase())
        .unwrap_or_default()
}

impl Walker<'_> {
    fn flush(&mut self) {
        let md = self.md.trim().to_string();
        let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        self.md.clear();
        self.text.clear();
        if text.is_empty() {
            return;
        }
        self.push(guard_line_start(&md), text);
    }

    fn push(&mut self, md: String, text: String) {
        self.out.push(Piece {
            block: Block::Markdown(md),
            text,
        });
    }

    fn node(&mut self, n: &NodeRef, depth: usize) {
        if n.is_text() {
            let t = n.text();
            self.inline_text(&t);
            return;
        }
        if !n.is_element() {
            return;
        }
        let name = name_of(n);
        if DROP.contains(&name.as_str()) || hidden(n) {
            return;
        }
        if name == "br" {
            // Two line breaks in a row end a paragraph (pages that set text apart with <br>s).
            let next = n.next_sibling().and_then(|x| {
                if x.is_text() && x.text().trim().is_empty() {
                    x.next_sibling()
                } else {
                    Some(x)
                }
            });
            if next.is_some_and(|x| name_of(&x) == "br") {
                self.flush();
            } else {
                self.inline_text(" ");
            }
            return;
        }
        if !BLOCKS.contains(&name.as_str()) {
            if name == "img" {
                self.flush();
                if let Some(img) = self.image(n, None) {
                    self.out.push(img);
                }
                return;
            }
            self.inline(n);
            return;
        }
        match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let (md, text) = self.inline_of(n);
                if !text.is_empty() {
                    let level = match name.as_str() {
                        "h1" | "h2" => "## ",
                        "h3" => "### ",
                        _ => "#### ",
                    };
                    // `{…}` closing a heading would be read as its attributes (an id, classes,
                    // any key=value): braces are text here.
                    let md = md.replace('{', "\\{").replace('}', "\\}");
                    self.push(format!("{level}{md}"), text);
                }
            }
            "ul" | "ol" => {
                self.flush();
                self.list(n, name == "ol", 0);
            }
            "blockquote" => {
                self.flush();
                let inner = self.sub(n, depth);
                if !inner.is_empty() {
                    let md = inner
                        .iter()
                        .map(|p| match &p.block {
                            Block::Markdown(m) => format!("> {m}"),
                            Block::Image(i) => {
                                let mut s = String::from("> ");
                                crate::import::writer::image(i, &mut s);
                                s
                            }
                            Block::Paragraph(t) | Block::Item(t) => format!("> {t}"),
                        })
                        .collect::<Vec<_>>()
                        .join("\n>\n");
                    let text = inner
                        .iter()
                        .map(|p| p.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    self.push(md, text);
                }
            }
            "table" => {
                self.flush();
                self.table(n, depth);
            }
            "figure" | "picture" => {
                self.flush();
                let caption = n
                    .descendants_it()
                    .find(|d| name_of(d) == "figcaption")
                    .map(|c| clean(&c.text()))
                    .filter(|c| !c.is_empty());
                let img = n.descendants_it().find(|d| name_of(d) == "img");
                match img.and_then(|i| self.image(&i, caption.clone())) {
                    Some(p) => self.out.push(p),
                    None => {
                        // A figure of text (a pull quote, an embed's fallback); a caption
                        // whose image was not kept goes with it.
                        for c in n.children_it(false) {
                            if name_of(&c) != "figcaption" {
                                self.node(&c, depth + 1);
                            }
                        }
                        self.flush();
                    }
                }
            }
            "pre" => {
                self.flush();
                let code = n.text().to_string();
                let code = code.trim_matches('\n');
                if !code.trim().is_empty() {
                    let longest = longest_run(code, '`');
                    let fence = "`".repeat(longest.max(2) + 1);
                    let md = format!("{fence}\n{}\n{fence}", code.replace('\r', ""));
                    self.push(md, clean(code));
                }
            }
            "hr" => self.flush(),
            _ => {
                self.flush();
                for c in n.children_it(false) {
                    self.node(&c, depth + 1);
                }
                self.flush();
            }
        }
    }

    /// Blocks of an element, gathered apart.
    fn sub(&mut self, n: &NodeRef, depth: usize) -> Vec<Piece> {
        let saved = std::mem::take(&mut self.out);
        for c in n.children_it(false) {
            self.node(&c, depth + 1);
        }
        self.flush();
        std::mem::replace(&mut self.out, saved)
    }

    fn list(&mut self, n: &NodeRef, ordered: bool, level: usize) {
        let mut k = 0;
        for li in n.children_it(false) {
            if name_of(&li) != "li" {
                continue;
            }
            let mut md = String::new();
            let mut text = String::new();
            let mut nested = Vec::new();
            for c in li.children_it(false) {
                let cn = name_of(&c);
                if cn == "ul" || cn == "ol" {
                    nested.push((c, cn == "ol"));
                } else if c.is_element() && BLOCKS.contains(&cn.as_str()) && cn != "li" {
                    let (m, t) = self.inline_of(&c);
                    if !t.is_empty() {
                        if !md.is_empty() {
                            md.push(' ');
                            text.push(' ');
                        }
                        md.push_str(&m);
                        text.push_str(&t);
                    }
                } else {
                    self.collect_inline(&c, &mut md, &mut text);
                }
            }
            let text = clean(&text);
            let md = md.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                k += 1;
                let indent = "  ".repeat(level);
                let marker = if ordered {
                    format!("{k}.")
                } else {
                    "-".to_string()
                };
                self.push(format!("{indent}{marker} {}", guard_line_start(&md)), text);
            }
            for (c, ord) in nested {
                self.list(&c, ord, level + 1);
            }
        }
        // Consecutive items form one Markdown list: join them into one block.
        self.join_items();
    }

    /// The list items just pushed become one block.
    fn join_items(&mut self) {
        let is_item = |p: &Piece| match &p.block {
            Block::Markdown(m) => {
                let t = m.trim_start();
                t.starts_with("- ")
                    || t.split_once(". ")
                        .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
            }
            _ => false,
        };
        let mut start = self.out.len();
        while start > 0 && is_item(&self.out[start - 1]) {
            start -= 1;
        }
        if self.out.len() - start < 2 {
            return;
        }
        let items: Vec<Piece> = self.out.drain(start..).collect();
        let md = items
            .iter()
            .map(|p| match &p.block {
                Block::Markdown(m) => m.as_str(),
                _ => "",
            })
            .collect::<Vec<_>>()
            .join("\n");
        let text = items
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        self.push(md, text);
    }

    fn table(&mut self, n: &NodeRef, depth: usize) {
        let rows: Vec<NodeRef> = n.descendants_it().filter(|d| name_of(d) == "tr").collect();
        let nested = n.descendants_it().skip(1).any(|d| {
            matches!(
                name_of(&d).as_str(),
                "table" | "ul" | "ol" | "img" | "p" | "div"
            )
        });
        let cells: Vec<Vec<(String, String)>> = rows
            .iter()
            .map(|r| {
                r.children_it(false)
                    .filter(|c| matches!(name_of(c).as_str(), "td" | "th"))
                    .map(|c| self.inline_of(&c))
                    .collect()
            })
            .filter(|r: &Vec<(String, String)>| r.iter().any(|(_, t)| !t.is_empty()))
            .collect();
        let width = cells.first().map_or(0, Vec::len);
        let regular = width >= 2 && cells.len() >= 2 && cells.iter().all(|r| r.len() == width);
        if nested || !regular {
            // Read as the blocks it holds.
            for c in n.children_it(false) {
                self.node(&c, depth + 1);
            }
            self.flush();
            return;
        }
        let line = |r: &[(String, String)]| {
            let cols: Vec<&str> = r.iter().map(|(m, _)| m.as_str()).collect();
            format!("| {} |", cols.join(" | "))
        };
        let mut md = line(&cells[0]);
        md.push('\n');
        md.push_str(&format!("|{}", " --- |".repeat(width)));
        for r in &cells[1..] {
            md.push('\n');
            md.push_str(&line(r));
        }
        let text = cells
            .iter()
            .flat_map(|r| r.iter().map(|(_, t)| t.as_str()))
            .collect::<Vec<_>>()
            .join(" ");
        self.push(md, text);
    }

    /// An `<img>` as a standalone image block: its real source (lazy-loading attributes and
    /// `srcset` read), resolved; `None` for placeholders, tracking pixels and `data:` URLs.
    fn image(&self, n: &NodeRef, caption: Option<String>) -> Option<Piece> {
        let src = image_src(n, self.base)?;
        let caption =
            caption.or_else(|| n.attr("alt").map(|a| clean(&a)).filter(|a| !a.is_empty()));
        Some(Piece {
            text: caption.clone().unwrap_or_default(),
            block: Block::Image(ImageRef { src, caption }),
        })
    }

    fn inline(&mut self, n: &NodeRef) {
        let (mut md, mut text) = (std::mem::take(&mut self.md), std::mem::take(&mut self.text));
        self.collect_inline(n, &mut md, &mut text);
        self.md = md;
        self.text = text;
    }

    fn inline_text(&mut self, t: &str) {
        push_text(t, &mut self.md, &mut self.text);
    }

    /// Markdown and plain text of an element's inline content.
    fn inline_of(&self, n: &NodeRef) -> (String, String) {
        let mut md = String::new();
        let mut text = String::new();
        for c in n.children_it(false) {
            self.collect_inline(&c, &mut md, &mut text);
        }
        (
            md.split_whitespace().collect::<Vec<_>>().join(" "),
            clean(&text),
        )
    }

    fn collect_inline(&self, n: &NodeRef, md: &mut String, text: &mut String) {
        if n.is_text() {
            push_text(&n.text(), md, text);
            return;
        }
        if !n.is_element() {
            return;
        }
        let name = name_of(n);
        if DROP.contains(&name.as_str()) || hidden(n) || name == "img" {
            return;
        }
        if name == "br" {
            md.push(' ');
            text.push(' ');
            return;
        }
        let (inner_md, inner_text) = self.inline_of(n);
        if inner_text.is_empty() {
            return;
        }
        let lead_space = n
            .first_child()
            .is_some_and(|c| c.is_text() && c.text().starts_with(char::is_whitespace));
        let trail_space = n
            .last_child()
            .is_some_and(|c| c.is_text() && c.text().ends_with(char::is_whitespace));
        if lead_space {
            md.push(' ');
        }
        match name.as_str() {
            "strong" | "b" => wrap(md, "**", &inner_md),
            "em" | "i" | "cite" => wrap(md, "*", &inner_md),
            "s" | "del" | "strike" => wrap(md, "~~", &inner_md),
            "code" | "kbd" | "samp" => {
                // Code spans keep their text literally: fence with more backquotes than it has.
                let raw = clean(&n.text());
                let fence = "`".repeat(longest_run(&raw, '`') + 1);
                let pad = if raw.starts_with('`') || raw.ends_with('`') {
                    " "
                } else {
                    ""
                };
                md.push_str(&format!("{fence}{pad}{raw}{pad}{fence}"));
            }
            "a" => match n.attr("href").and_then(|h| link_target(&h, self.base)) {
                Some(href) => {
                    md.push('[');
                    md.push_str(&inner_md);
                    md.push_str("](");
                    encode_src(&href, md);
                    md.push(')');
                }
                None => md.push_str(&inner_md),
            },
            _ => md.push_str(&inner_md),
        }
        if trail_space {
            md.push(' ');
        }
        if !text.is_empty() && !text.ends_with(' ') && lead_space {
            text.push(' ');
        }
        text.push_str(&inner_text);
        if trail_space {
            text.push(' ');
        }
    }
}

fn push_text(t: &str, md: &mut String, text: &mut String) {
    let t = nfc(t);
    let mut first = true;
    let starts_space = t.starts_with(char::is_whitespace);
    let ends_space = t.ends_with(char::is_whitespace);
    if starts_space && !md.is_empty() && !md.ends_with(' ') {
        md.push(' ');
        text.push(' ');
    }
    for w in t.split_whitespace() {
        if !first {
            md.push(' ');
            text.push(' ');
        }
        escape_inline(w, md);
        text.push_str(w);
        first = false;
    }
    if ends_space && !first {
        md.push(' ');
        text.push(' ');
    }
}

fn wrap(md: &mut String, mark: &str, inner: &str) {
    let inner = inner.trim();
    if inner.is_empty() {
        return;
    }
    md.push_str(mark);
    md.push_str(inner);
    md.push_str(mark);
}

fn longest_run(s: &str, c: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for x in s.chars() {
        if x == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// A paragraph whose first characters Markdown would read as a heading, list or rule.
fn guard_line_start(md: &str) -> String {
    let digits = md.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &md[digits..];
    if (1..=9).contains(&digits) && rest.starts_with(['.', ')']) {
        return format!("{}\\{}", &md[..digits], rest);
    }
    if md.starts_with(['#', '-', '+', '=']) {
        return format!("\\{md}");
    }
    md.to_string()
}

/// Elements the page hides from readers.
fn hidden(n: &NodeRef) -> bool {
    n.has_attr("hidden")
        || n.attr("aria-hidden").is_some_and(|v| v.as_ref() == "true")
        || n.attr("style").is_some_and(|s| {
            let s: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

/// A link's target: absolute http(s) or mailto, resolved against the page; nothing else.
fn link_target(href: &str, base: Option<&Url>) -> Option<String> {
    let h = href.trim();
    if h.starts_with('#') || h.is_empty() {
        return None;
    }
    if let Some(addr) = h.strip_prefix("mailto:") {
        return (!addr.is_empty() && !addr.contains(['<', '>', '"', ' '])).then(|| h.to_string());
    }
    absolute(base, h)
}

/// The image an `<img>` shows once loaded: `data-src`-style lazy attributes, the widest
/// `srcset` candidate, then `src`; placeholders (`data:`, 1×1 pixels, spacers) refused.
pub fn image_src(n: &NodeRef, base: Option<&Url>) -> Option<String> {
    const LAZY: &[&str] = &[
        "data-src",
        "data-original",
        "data-lazy-src",
        "data-lazy",
        "data-url",
    ];
    let from_srcset = |attr: &str| {
        n.attr(attr).and_then(|s| {
            s.split(',')
                .filter_map(|c| {
                    let mut parts = c.split_whitespace();
                    let url = parts.next()?;
                    let w = parts
                        .next()
                        .and_then(|d| d.trim_end_matches(['w', 'x']).parse::<f32>().ok())
                        .unwrap_or(1.0);
                    Some((url.to_string(), w))
                })
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(u, _)| u)
        })
    };
    let candidates = LAZY
        .iter()
        .filter_map(|a| n.attr(a).map(|v| v.to_string()))
        .chain(from_srcset("data-srcset"))
        .chain(from_srcset("srcset"))
        .chain(n.attr("src").map(|v| v.to_string()));
    for c in candidates {
        let c = c.trim();
        if c.is_empty() || c.starts_with("data:") {
            continue;
        }
        let lower = c.to_ascii_lowercase();
        if [
            "spacer",
            "blank.gif",
            "pixel.gif",
            "1x1",
            "placeholder",
            "lazy.png",
            "loading.gif",
        ]
        .iter()
        .any(|p| lower.contains(p))
        {
            continue;
        }
        if n.attr("width").is_some_and(|w| w.as_ref() == "1") {
            return None;
        }
        if let Some(u) = absolute(base, c) {
            return Some(u);
        }
    }
    None
}

fn clean(s: &str) -> String {
    super::meta::clean(s)
}

/// Rough plain text of a Markdown block (for comparisons only).
pub fn plain(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '*' | '_' | '`' | '#' => {}
            _ => out.push(c),
        }
    }
    clean(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        let base = Url::parse("https://bao.vn/thoi-su/bai.html").ok();
        pieces(html, base.as_ref())
            .into_iter()
            .map(|p| match p.block {
                Block::Markdown(m) => m,
                Block::Image(i) => {
                    let mut s = String::new();
                    crate::import::writer::image(&i, &mut s);
                    s
                }
                Block::Paragraph(t) | Block::Item(t) => t,
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    #[test]
    fn structure_is_kept() {
        let out = md("<p>Một <strong>đậm</strong> và <em>nghiêng</em>, <a href=\"/a.html\">liên kết</a>.</p>\
            <h2>Tiêu đề phụ</h2><ul><li>một</li><li>hai</li></ul>\
            <blockquote><p>Trích dẫn.</p></blockquote>\
            <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>");
        assert_eq!(
            out,
            "Một **đậm** và *nghiêng*, [liên kết](https://bao.vn/a.html).\n\n## Tiêu đề phụ\n\n\
             - một\n- hai\n\n> Trích dẫn.\n\n| A | B |\n| --- | --- |\n| 1 | 2 |"
        );
    }

    #[test]
    fn nothing_executable_survives() {
        let out = md(
            "<p onclick=\"x()\">Hi <a href=\"javascript:alert(1)\">click</a> \
            <a href=\"data:text/html,x\">d</a> &lt;script&gt;alert(1)&lt;/script&gt;</p>\
            <script>alert(2)</script><svg onload=\"x()\"><text>svg</text></svg>\
            <img src=\"javascript:alert(3)\"><iframe src=\"https://evil\"></iframe>",
        );
        assert!(!out.contains("javascript"), "{out}");
        assert!(!out.contains("alert(2)"), "{out}");
        assert!(!out.contains("svg"), "{out}");
        assert!(!out.contains("onload"), "{out}");
        assert!(out.contains("\\<script\\>"), "{out}");
    }

    #[test]
    fn lazy_images_and_captions() {
        let out = md("<figure><img src=\"data:image/gif;base64,R0l\" data-src=\"/img/anh-1.jpg\" alt=\"Ảnh\">\
            <figcaption>Chú thích ảnh</figcaption></figure>\
            <p><img srcset=\"/s.jpg 320w, /l.jpg 1280w\" src=\"/s.jpg\"></p>");
        assert_eq!(
            out,
            "![Chú thích ảnh](https://bao.vn/img/anh-1.jpg)\n\n![](https://bao.vn/l.jpg)"
        );
    }

    #[test]
    fn line_starts_and_code_are_literal() {
        let out = md("<p>1. not a list</p><p># not a heading</p><p>use <code>a`b</code></p>");
        assert_eq!(out, "1\\. not a list\n\n\\# not a heading\n\nuse ``a`b``");
    }
}
