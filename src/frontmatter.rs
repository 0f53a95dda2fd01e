//! The front matter every article file carries: written by `import`, read by `content`.
//!
//! One struct for both directions, so what the importer writes is exactly what the build reads
//! (the round-trip test holds them together).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use serde::{Deserialize, Serialize};

/// The YAML block between the `---` fences at the top of a content file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrontMatter {
    pub title: String,
    /// RFC 3339 (`2025-01-25T13:53:22+07:00`), or `2025-01-25`, or `2025-01-25 13:53`
    /// (the site's timezone is assumed when none is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Last modification, same forms as `date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The lead (sapo) paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// The source or byline line ("Báo Tin tức", "Theo VnExpress").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The address the article was imported from (an HTML page's canonical URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// Related stories kept from the scraped page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// Overrides the slug made from the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Old URLs of this article; each gets a redirect page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub draft: bool,
    /// Anything else, passed to templates as `page.extra`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub src: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Alternative text; the caption is used when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The heading it was listed under ("Tin cùng chuyên mục").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// Split a content file into its front matter text and its body.
/// Returns `(yaml, body, body_start_line)`; `None` when the file does not start with `---`.
pub fn split(text: &str) -> Option<(&str, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Some((yaml, body, body_line));
        }
        offset += line.len();
    }
    None
}

/// Deepest `[`/`{` nesting accepted in YAML. serde_yaml stops at 128 levels too, but only
/// after libyaml has scanned the whole nest, which takes time quadratic in its depth (100,000
/// levels: minutes); this check is linear and runs first.
pub const MAX_NESTING: usize = 128;

/// Refuse YAML whose flow collections nest deeper than [`MAX_NESTING`]: `Err((line, message))`
/// with the 1-based line (within `yaml`) where the limit is passed. Quoted scalars and comments
/// are skipped, and so are brackets inside a plain scalar (`summary: a[[b`): a bracket opens a
/// collection only inside another one, or where a value starts (after `: `, `- `, `? ` or at the
/// start of a line). The importer writes summaries with any number of brackets in them, and the
/// build must read what it writes (a fuzz finding).
pub fn check_nesting(yaml: &str) -> Result<(), (usize, String)> {
    let mut depth = 0usize;
    let mut line = 1;
    let mut quote: Option<char> = None;
    let mut prev = '\n';
    // The last character before `prev`'s run of spaces: what a value would start after.
    let mut sig = '\n';
    // Only indentation and `- `/`? ` indicators so far on this line: a `-` or `?` there starts
    // an entry; anywhere else it is text (`a - [b` is one plain scalar).
    let mut entry_start = true;
    let mut chars = yaml.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        match quote {
            Some('"') => match c {
                '\\' => {
                    chars.next();
                }
                '"' => quote = None,
                _ => {}
            },
            Some(_) => {
                if c == '\'' {
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
            }
            None => match c {
                '"' | '\'' if prev.is_whitespace() || "[{,:-".contains(prev) => quote = Some(c),
                '#' if prev.is_whitespace() => {
                    for c in chars.by_ref() {
                        if c == '\n' {
                            line += 1;
                            break;
                        }
                    }
                    prev = '\n';
                    sig = '\n';
                    entry_start = true;
                    continue;
                }
                '[' | '{'
                    if depth > 0
                        || prev == '\n'
                        || (prev == ' ' || prev == '\t')
                            && (sig == ':' || sig == '\n' || entry_start && "-?".contains(sig)) =>
                {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err((
                            line,
                            format!("nested more than {MAX_NESTING} levels deep; flatten it"),
                        ));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        if c == '\n' {
            entry_start = true;
        } else if !matches!(c, ' ' | '\t' | '-' | '?') {
            entry_start = false;
        }
        if c != ' ' && c != '\t' {
            sig = c;
        }
        prev = c;
    }
    Ok(())
}

/// Serialise front matter and body into a content file.
pub fn write(fm: &FrontMatter, body: &str) -> Result<String, serde_yaml::Error> {
    let yaml = match yaml_of(fm) {
        Some(y) => y,
        None => serde_yaml::to_string(fm)?,
    };
    let mut out = String::with_capacity(yaml.len() + body.len() + 16);
    out.push_str("---\n");
    out.push_str(&yaml);
    out.push_str("---\n");
    out.push_str(body);
    if !body.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// The YAML `serde_yaml::to_string(fm)` gives, byte for byte, written directly: serde_yaml goes
/// through libyaml's event emitter and was the largest single cost of `bantin import` after
/// parsing. `None` (use serde_yaml) when `extra` holds values or a text has a line break (both
/// need libyaml's block styles). Each text is styled as serde_yaml would ([`style`]); the test
/// `front_matter_yaml_is_serde_yamls` holds the two together on tricky texts.
fn yaml_of(fm: &FrontMatter) -> Option<String> {
    if !fm.extra.is_empty() {
        return None;
    }
    let mut y = String::with_capacity(512 + fm.related.len() * 256);
    fn field(y: &mut String, indent: &str, key: &str, value: Option<&String>) -> Option<()> {
        let Some(v) = value else {
            return Some(());
        };
        y.push_str(indent);
        y.push_str(key);
        y.push_str(": ");
        scalar(y, v)?;
        y.push('\n');
        Some(())
    }
    field(&mut y, "", "title", Some(&fm.title))?;
    field(&mut y, "", "date", fm.date.as_ref())?;
    field(&mut y, "", "updated", fm.updated.as_ref())?;
    field(&mut y, "", "category", fm.category.as_ref())?;
    /// `key:` and one `- text` line per item.
    fn list(y: &mut String, key: &str, items: &[String]) -> Option<()> {
        y.push_str(key);
        y.push_str(":\n");
        for t in items {
            y.push_str("- ");
            scalar(y, t)?;
            y.push('\n');
        }
        Some(())
    }
    if fm.tags.is_empty() {
        y.push_str("tags: []\n");
    } else {
        list(&mut y, "tags", &fm.tags)?;
    }
    field(&mut y, "", "summary", fm.summary.as_ref())?;
    if let Some(i) = &fm.image {
        y.push_str("image:\n");
        field(&mut y, "  ", "src", Some(&i.src))?;
        field(&mut y, "  ", "caption", i.caption.as_ref())?;
        field(&mut y, "  ", "alt", i.alt.as_ref())?;
    }
    field(&mut y, "", "source", fm.source.as_ref())?;
    field(&mut y, "", "author", fm.author.as_ref())?;
    field(&mut y, "", "source_url", fm.source_url.as_ref())?;
    if !fm.related.is_empty() {
        y.push_str("related:\n");
        for r in &fm.related {
            y.push_str("- ");
            field(&mut y, "", "title", Some(&r.title))?;
            field(&mut y, "  ", "summary", r.summary.as_ref())?;
            field(&mut y, "  ", "url", r.url.as_ref())?;
            field(&mut y, "  ", "group", r.group.as_ref())?;
        }
    }
    field(&mut y, "", "slug", fm.slug.as_ref())?;
    if !fm.aliases.is_empty() {
        list(&mut y, "aliases", &fm.aliases)?;
    }
    if fm.draft {
        y.push_str("draft: true\n");
    }
    Some(y)
}

/// One text as a YAML scalar on one line, styled as serde_yaml styles it ([`style`]). `None`
/// for a text with a line break (a quoted text then spans lines, indented by where it stands).
fn scalar(y: &mut String, v: &str) -> Option<()> {
    match style(v) {
        Style::Plain => y.push_str(v),
        Style::SingleQuoted => {
            y.push('\'');
            let mut last = 0;
            for (i, _) in v.match_indices('\'') {
                y.push_str(&v[last..=i]);
                y.push('\'');
                last = i + 1;
            }
            y.push_str(&v[last..]);
            y.push('\'');
        }
        Style::AskSerdeYaml => {
            if v.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
                return None;
            }
            let quoted = serde_yaml::to_string(v).ok()?;
            y.push_str(quoted.strip_suffix('\n').unwrap_or(&quoted));
        }
    }
    Some(())
}

#[derive(Debug, PartialEq)]
enum Style {
    Plain,
    SingleQuoted,
    /// Double quotes with escapes, a text serde_yaml reads as another type, or an edge case
    /// left to serde_yaml itself.
    AskSerdeYaml,
}

/// How serde_yaml writes `v` in block context. serde_yaml single-quotes texts that would read
/// back as null, a bool or a number, and otherwise lets libyaml choose: plain unless its
/// `analyze_scalar` finds an indicator (a first character among `#,[]{}&*!|>'"%@` and the
/// backquote, `: `, ` #`), a space at either end or a line break; then single quotes, unless a
/// character is not printable for it (tabs, controls, U+FEFF, emoji) and it double-quotes.
/// Cases this does not settle exactly go to serde_yaml: a first character that is a digit, a
/// sign, `.`, `~`, `?` or `:`, a final `:`, the null/bool spellings, anything not printable.
/// Test `front_matter_yaml_is_serde_yamls` compares with serde_yaml on ~2,400 tricky texts.
fn style(v: &str) -> Style {
    let b = v.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return Style::AskSerdeYaml;
    };
    if first.is_ascii_digit()
        || b"-+.~?:".contains(&first)
        || last == b':'
        || matches!(
            v,
            "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        )
        || !(if v.is_ascii() {
            b.iter().all(|&x| (0x20..0x7f).contains(&x))
        } else {
            v.chars().all(yaml_printable)
        })
    {
        return Style::AskSerdeYaml;
    }
    let indicator = b"#,[]{}&*!|>'\"%@`".contains(&first)
        || first == b' '
        || last == b' '
        || memchr::memmem::find(b, b": ").is_some()
        || memchr::memmem::find(b, b" #").is_some();
    if indicator {
        Style::SingleQuoted
    } else {
        Style::Plain
    }
}

/// libyaml's printable characters (U+0020–U+007E, U+00A0–U+D7FF, U+E000–U+FFFD but U+FEFF),
/// less its line breaks (U+2028, U+2029): the characters it writes as they are inside plain
/// and single-quoted scalars. Anything else (tabs, controls, emoji) makes it double-quote.
fn yaml_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}

/// Parse front matter YAML into a [`FrontMatter`]: what serde_yaml gives, with the layout
/// [`write`] produces and plain flow style (`tags: [a, b]`) read directly, without libyaml's
/// event parser, which was most of the cost of loading an article. [`read_direct`] accepts
/// only lines it can read exactly; anything else (comments, blank lines, block scalars,
/// escapes, unknown keys, a text whose reading it does not settle) is left to serde_yaml,
/// errors and all.
pub fn read(yaml: &str) -> Result<FrontMatter, serde_yaml::Error> {
    match read_direct(yaml) {
        Some(fm) => Ok(fm),
        None => serde_yaml::from_str(yaml),
    }
}

/// The front matter in the layout [`write`] produces or in plain flow style, or `None`. Each
/// line is one of: a top-level `key: text`; `tags:`/`aliases:` with a [`flow_seq`], `image:`
/// with a [`flow_map`]; `tags:`, `aliases:`, `image:` or `related:` opening a block whose lines
/// follow (`- text`; `  src: text`; `- title: text` then `  key: text`, or `- {title: ..}`;
/// items at indent 0 or 2); `draft: true|false`. A text is plain when [`style`] would write it
/// plain (so YAML reads it as the same text), a date in ISO form for `date`/`updated`,
/// single-quoted, or double-quoted without escapes, with only printable characters. Each key
/// at most once.
fn read_direct(yaml: &str) -> Option<FrontMatter> {
    let mut fm = FrontMatter::default();
    let mut seen: u32 = 0;
    let mut once = |bit: u32| -> Option<()> {
        if seen & bit != 0 {
            return None;
        }
        seen |= bit;
        Some(())
    };
    let mut block = Block::None;
    let mut image_seen: u32 = 0;
    let mut related_seen: u32 = 0;
    // The indentation of the current block's `- ` items (0 or 2, the same for all).
    let mut item_indent: Option<usize> = None;
    let body = yaml.strip_suffix('\n')?;
    for line in body.split('\n') {
        let item = match line.strip_prefix("- ") {
            Some(item) => Some((item, 0)),
            None => line.strip_prefix("  - ").map(|item| (item, 2)),
        };
        if let Some((item, indent)) = item {
            if *item_indent.get_or_insert(indent) != indent {
                return None;
            }
            match block {
                Block::Tags => fm.tags.push(text(item)?),
                Block::Aliases => fm.aliases.push(text(item)?),
                Block::Related if item.starts_with('{') => {
                    fm.related.push(related_of(&flow_map(item)?)?);
                    related_seen = u32::MAX; // no `  key:` lines after a flow item
                }
                Block::Related if indent == 0 => {
                    let title = item.strip_prefix("title: ")?;
                    fm.related.push(Related {
                        title: text(title)?,
                        ..Related::default()
                    });
                    related_seen = 1;
                }
                _ => return None,
            }
            continue;
        }
        if let Some(inner) = line.strip_prefix("  ") {
            let (key, value) = inner.split_once(": ")?;
            match block {
                Block::Image => {
                    let image = fm.image.as_mut()?;
                    let (bit, slot) = match key {
                        "src" => (1, None),
                        "caption" => (2, Some(&mut image.caption)),
                        "alt" => (4, Some(&mut image.alt)),
                        _ => return None,
                    };
                    if image_seen & bit != 0 {
                        return None;
                    }
                    image_seen |= bit;
                    match slot {
                        None => image.src = text(value)?,
                        Some(slot) => *slot = Some(text(value)?),
                    }
                }
                Block::Related => {
                    let r = fm.related.last_mut()?;
                    let (bit, slot) = match key {
                        "summary" => (2, &mut r.summary),
                        "url" => (4, &mut r.url),
                        "group" => (8, &mut r.group),
                        _ => return None,
                    };
                    if related_seen & bit != 0 {
                        return None;
                    }
                    related_seen |= bit;
                    *slot = Some(text(value)?);
                }
                _ => return None,
            }
            continue;
        }
        if !closes(&block, &fm, image_seen) {
            return None;
        }
        let (key, value) = match line.split_once(": ") {
            Some((k, v)) => (k, Some(v)),
            None => (line.strip_suffix(':')?, None),
        };
        block = Block::None;
        item_indent = None;
        match (key, value) {
            ("title", Some(v)) => {
                once(1)?;
                fm.title = text(v)?;
            }
            ("date", Some(v)) => {
                once(2)?;
                fm.date = Some(date_text(v).or_else(|| text(v))?);
            }
            ("updated", Some(v)) => {
                once(4)?;
                fm.updated = Some(date_text(v).or_else(|| text(v))?);
            }
            ("category", Some(v)) => {
                once(8)?;
                fm.category = Some(text(v)?);
            }
            ("tags", Some(v)) => {
                once(16)?;
                fm.tags = flow_seq(v)?;
            }
            ("tags", None) => {
                once(16)?;
                block = Block::Tags;
            }
            ("summary", Some(v)) => {
                once(32)?;
                fm.summary = Some(text(v)?);
            }
            ("image", Some(v)) => {
                once(64)?;
                let mut image = Image::default();
                let mut src = false;
                for (k, v) in flow_map(v)? {
                    match k {
                        "src" => (src, image.src) = (true, v),
                        "caption" => image.caption = Some(v),
                        "alt" => image.alt = Some(v),
                        _ => return None,
                    }
                }
                if !src {
                    return None;
                }
                fm.image = Some(image);
            }
            ("aliases", Some(v)) => {
                once(2048)?;
                fm.aliases = flow_seq(v)?;
            }
            ("image", None) => {
                once(64)?;
                fm.image = Some(Image::default());
                block = Block::Image;
            }
            ("source", Some(v)) => {
                once(128)?;
                fm.source = Some(text(v)?);
            }
            ("author", Some(v)) => {
                once(256)?;
                fm.author = Some(text(v)?);
            }
            ("source_url", Some(v)) => {
                once(8192)?;
                fm.source_url = Some(text(v)?);
            }
            ("related", None) => {
                once(512)?;
                block = Block::Related;
            }
            ("slug", Some(v)) => {
                once(1024)?;
                fm.slug = Some(text(v)?);
            }
            ("aliases", None) => {
                once(2048)?;
                block = Block::Aliases;
            }
            ("draft", Some(v)) => {
                once(4096)?;
                fm.draft = match v {
                    "true" => true,
                    "false" => false,
                    _ => return None,
                };
            }
            _ => return None,
        }
    }
    if seen & 1 == 0 || !closes(&block, &fm, image_seen) {
        return None; // no title (serde_yaml's error), or a block left open wrongly
    }
    Some(fm)
}

/// The block [`read_direct`] is in.
#[derive(PartialEq)]
enum Block {
    None,
    Tags,
    Aliases,
    Image,
    Related,
}

/// Whether `block` may end here: an opened block with no lines is null in YAML, and an image
/// needs its `src` (both serde_yaml's errors to report).
fn closes(block: &Block, fm: &FrontMatter, image_seen: u32) -> bool {
    match block {
        Block::None => true,
        Block::Tags => !fm.tags.is_empty(),
        Block::Aliases => !fm.aliases.is_empty(),
        Block::Related => !fm.related.is_empty(),
        Block::Image => image_seen & 1 != 0,
    }
}

/// `[a, "b c"]`: a flow sequence of [`flow_text`]s, `, ` between them, or `[]`.
fn flow_seq(v: &str) -> Option<Vec<String>> {
    let inner = v.strip_prefix('[')?.strip_suffix(']')?;
    let mut out = Vec::new();
    if inner.is_empty() {
        return Some(out);
    }
    let mut rest = inner;
    loop {
        let (t, after) = flow_text(rest)?;
        out.push(t);
        match after.strip_prefix(", ") {
            Some(r) => rest = r,
            None if after.is_empty() => return Some(out),
            None => return None,
        }
    }
}

/// `{src: a.jpg, caption: "Ảnh"}`: a flow mapping of lowercase keys to [`flow_text`]s, `, `
/// between pairs, each key once.
fn flow_map(v: &str) -> Option<Vec<(&str, String)>> {
    let inner = v.strip_prefix('{')?.strip_suffix('}')?;
    let mut out: Vec<(&str, String)> = Vec::new();
    let mut rest = inner;
    loop {
        let (key, after) = rest.split_once(": ")?;
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        if out.iter().any(|(k, _)| *k == key) {
            return None;
        }
        let (t, after) = flow_text(after)?;
        out.push((key, t));
        match after.strip_prefix(", ") {
            Some(r) => rest = r,
            None if after.is_empty() => return Some(out),
            None => return None,
        }
    }
}

/// A related story from a flow mapping: `title` and the optional keys.
fn related_of(pairs: &[(&str, String)]) -> Option<Related> {
    let mut r = Related::default();
    let mut title = false;
    for (k, v) in pairs {
        let v = Some(v.clone());
        match *k {
            "title" => (title, r.title) = (true, v?),
            "summary" => r.summary = v,
            "url" => r.url = v,
            "group" => r.group = v,
            _ => return None,
        }
    }
    title.then_some(r)
}

/// One text inside a flow collection, and what follows it: double-quoted without escapes, or
/// plain when [`style`] would write it plain and it has none of `,[]{}:#` (which end or change
/// a plain text in flow context).
fn flow_text(v: &str) -> Option<(String, &str)> {
    if let Some(q) = v.strip_prefix('"') {
        let end = q.find('"')?;
        let t = double_quoted(&q[..end])?;
        return Some((t, &q[end + 1..]));
    }
    let end = v.find([',', ']', '}']).unwrap_or(v.len());
    let t = &v[..end];
    if t.bytes().any(|b| matches!(b, b'[' | b'{' | b':' | b'#')) || style(t) != Style::Plain {
        return None;
    }
    Some((t.to_string(), &v[end..]))
}

/// The inside of a double-quoted scalar with no escape: the text itself, printable only.
fn double_quoted(inner: &str) -> Option<String> {
    (!inner.contains(['\\', '"']) && inner.chars().all(yaml_printable)).then(|| inner.to_string())
}

/// A YAML scalar on one line as [`read_direct`] accepts it: plain when [`style`] would write
/// the text plain, single-quoted with `''` for a quote, or double-quoted without escapes, with
/// only printable characters.
fn text(v: &str) -> Option<String> {
    if let Some(inner) = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        return double_quoted(inner);
    }
    if let Some(inner) = v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        if !inner.chars().all(yaml_printable) {
            return None;
        }
        let mut out = String::with_capacity(inner.len());
        let mut rest = inner;
        while let Some(i) = rest.find('\'') {
            if rest.as_bytes().get(i + 1) != Some(&b'\'') {
                return None; // a lone quote ends the scalar early
            }
            out.push_str(&rest[..=i]);
            rest = &rest[i + 2..];
        }
        out.push_str(rest);
        return Some(out);
    }
    (style(v) == Style::Plain).then(|| v.to_string())
}

/// `2025-01-25`, `2025-01-25 13:53`, `2025-01-25T13:53:22+07:00` and the like: plain scalars
/// that YAML reads as these texts (not numbers; bantin parses them itself).
fn date_text(v: &str) -> Option<String> {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10))
    {
        return None;
    }
    let mut rest = &v[10..];
    if let Some(t) = rest.strip_prefix(['T', ' ']) {
        let tb = t.as_bytes();
        let two = |i: usize| {
            tb.get(i..i + 2)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        };
        if !(two(0) && tb.get(2) == Some(&b':') && two(3)) {
            return None;
        }
        rest = &t[5..];
        if rest.starts_with(':')
            && rest
                .as_bytes()
                .get(1..3)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        {
            rest = &rest[3..];
        }
        if let Some(z) = rest.strip_prefix(['+', '-']) {
            let zb = z.as_bytes();
            let ok = zb.len() == 5
                && zb[..2].iter().all(u8::is_ascii_digit)
                && zb[2] == b':'
                && zb[3..].iter().all(u8::is_ascii_digit);
            if !ok {
                return None;
            }
            rest = "";
        } else if rest == "Z" {
            rest = "";
        }
    }
    rest.is_empty().then(|| v.to_string())
}

/// Parse a front matter date. Accepts RFC 3339, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` and
/// `YYYY-MM-DDTHH:MM[:SS]`; forms without an offset are taken in `tz`.
pub fn parse_date(s: &str, tz: FixedOffset) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return tz.from_local_datetime(&n).single();
        }
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    tz.from_local_datetime(&d.and_hms_opt(0, 0, 0)?).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts around every rule of libyaml's plain-scalar analysis and serde_yaml's type guessing.
    fn tricky_texts() -> Vec<String> {
        let mut v: Vec<String> = [
            "",
            " ",
            "a",
            "Lào Cai",
            "Lào Cai: Kinh tế",
            "a:b",
            "a:",
            "a :b",
            "a #b",
            "a#b",
            "#a",
            "- a",
            "-a",
            "--- a",
            "---",
            "...",
            "..a",
            ".5",
            "+1",
            "-1",
            "0123",
            "1e5",
            "12",
            "0x1F",
            "1.0",
            ".inf",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "false",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "a ",
            " a",
            "a  b",
            "a\tb",
            "a\nb",
            "a\n",
            "\n",
            "a\rb",
            "a\u{85}b",
            "a\u{2028}b",
            "a\u{2029}",
            "\u{feff}a",
            "a\u{feff}",
            "a\u{a0}",
            "\u{a0}a",
            "emoji 😀",
            "\u{1}",
            "a\u{7f}b",
            "a\u{9f}b",
            "a\u{fffe}",
            "a\u{e000}",
            "“trích dẫn”",
            "'a'",
            "\"a\"",
            "a'b",
            "a\"b",
            "a\\b",
            "?a",
            "? a",
            ":a",
            ": a",
            "a?",
            "a, b",
            "[a]",
            "{a}",
            "a[0]",
            "&a",
            "*a",
            "!a",
            "|a",
            ">a",
            "%a",
            "@a",
            "`a",
            "a|b",
            "a>b",
            "a%",
            "a@b",
            "a`",
            "a - b",
            "a -",
            "BNN&MT",
            "9,46% GRDP",
            "https://example.com/a#b",
            "c:\\x",
            "a: ",
            "a #",
            "x: y: z",
            "2025-01-25",
            "2025-01-25T13:53:22+07:00",
            "Sáng 29/12",
            "<b>a</b>",
            "=",
            "a=b",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every short string over an alphabet of the characters that matter.
        let alphabet = [
            'a', ' ', ':', '#', '-', '\'', '"', '\t', 'ệ', '?', ',', '.', '0',
        ];
        for x in alphabet {
            v.push(x.to_string());
            for y in alphabet {
                v.push(format!("{x}{y}"));
                for z in alphabet {
                    v.push(format!("{x}{y}{z}"));
                }
            }
        }
        v
    }

    #[test]
    fn front_matter_yaml_is_serde_yamls() {
        let mut texts = tricky_texts();
        texts.extend(
            [
                "2025-01-25",
                "2025-01-25T13:53:22+07:00",
                "2025-01-25 13:53",
            ]
            .map(String::from),
        );
        let (mut direct, mut read_directly) = (0, 0);
        for (i, t) in texts.iter().enumerate() {
            let other = &texts[(i * 7 + 3) % texts.len()];
            let fm = FrontMatter {
                title: t.clone(),
                date: Some(other.clone()),
                updated: (i % 3 == 0).then(|| t.clone()),
                category: Some(t.clone()),
                tags: if i % 2 == 0 {
                    vec![t.clone(), other.clone()]
                } else {
                    vec![]
                },
                summary: Some(other.clone()),
                image: (i % 4 != 1).then(|| Image {
                    src: t.clone(),
                    caption: (i % 2 == 0).then(|| other.clone()),
                    alt: (i % 5 == 0).then(|| t.clone()),
                }),
                source: Some(t.clone()),
                author: (i % 3 == 1).then(|| other.clone()),
                source_url: (i % 4 == 3).then(|| t.clone()),
                related: (0..i % 3)
                    .map(|k| Related {
                        title: if k == 0 { t.clone() } else { other.clone() },
                        summary: Some(other.clone()),
                        url: (k == 1).then(|| t.clone()),
                        group: Some(t.clone()),
                    })
                    .collect(),
                slug: (i % 4 == 2).then(|| t.clone()),
                aliases: if i % 3 == 2 { vec![t.clone()] } else { vec![] },
                draft: i % 2 == 1,
                extra: BTreeMap::new(),
            };
            let expected = serde_yaml::to_string(&fm).unwrap();
            if let Some(got) = yaml_of(&fm) {
                assert_eq!(got, expected, "texts {t:?} and {other:?}");
                direct += 1;
            }
            // And what is written reads back as the same front matter, read directly when
            // the direct reader settles it.
            let file = write(&fm, "Body\n").unwrap();
            let (yaml, _, _) = split(&file).unwrap();
            assert_eq!(
                serde_yaml::from_str::<FrontMatter>(yaml).unwrap(),
                fm,
                "{t:?}"
            );
            assert_eq!(read(yaml).unwrap(), fm, "{t:?}");
            read_directly += usize::from(read_direct(yaml).is_some());
        }
        assert!(
            read_directly * 4 > texts.len(),
            "{read_directly} of {}",
            texts.len()
        );
        // The same texts in flow style and double quotes, as people (and the benchmark
        // corpus) write front matter: read() must agree with serde_yaml, Ok or Err.
        let mut flow_direct = 0;
        for t in &texts {
            let y = format!(
                "title: \"{t}\"\ntags: [{t}, \"{t}\"]\nimage: {{src: {t}, caption: \"{t}\"}}\n\
                 related:\n  - {{title: \"{t}\", group: {t}}}\n"
            );
            flow_direct += usize::from(read_direct(&y).is_some());
            match (read(&y), serde_yaml::from_str::<FrontMatter>(&y)) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{y:?}"),
                (Err(_), Err(_)) => {}
                (a, b) => panic!("{y:?}: read gives {a:?}, serde_yaml {b:?}"),
            }
        }
        assert!(flow_direct > 100, "{flow_direct} of {}", texts.len());
        // Only texts with line breaks go the whole way through serde_yaml.
        assert!(direct * 10 > texts.len() * 8, "{direct} of {}", texts.len());
    }

    #[test]
    fn front_matter_reads_as_serde_yaml_reads_it() {
        let yamls = [
            "title: a\n",
            "title: a\ntitle: b\n",
            "title: a\nimage:\n  caption: x\n",
            "title: a\nimage:\n  src: a.jpg\n  src: b.jpg\n",
            "title: a\nimage:\n",
            "title: a\ntags:\n",
            "title: a\ntags:\nsummary: b\n",
            "title: a\ntags: []\ntags: []\n",
            "title: a # c\n",
            "title: a\n# c\n",
            "title: a\n\nsummary: b\n",
            "title: 'it''s'\n",
            "title: 'it's'\n",
            "title: ''\n",
            "title: a\nunknown: b\n",
            "title: a\ndate: 2025-01-25\n",
            "date: 2025-01-25T13:53:22+07:00\ntitle: x\n",
            "title: x\ndate: 2025-01-25 13:53\n",
            "title: x\ndate: 2025-01-25T13:53:22Z\n",
            "title: x\ndate: 2025-01-25T13:53:22+0700\n",
            "title: x\ndate: 20250125\n",
            "title: x\ndate: 2025-01-25x\n",
            "title: x\ndraft: yes\n",
            "title: x\ndraft: true\n",
            "title: x\ndraft: false\ndraft: true\n",
            "title: x\nrelated:\n- title: a\n  summary: b\n- title: c\n  group: d\n",
            "title: x\nrelated:\n- title: a\n  title: b\n",
            "title: x\nrelated:\n- title: a\n  summary: b\n  summary: c\n",
            "title: x\nrelated:\n  - title: a\n",
            "title: x\nrelated:\n- summary: a\n",
            "title: x\nrelated:\n",
            "title: x\ntags: [a, b]\n",
            "title: x\ntags:\n- a\n- 'b: c'\n",
            "title: x\ntags:\n- a\n  - b\n",
            "title: x\naliases:\n- /a/\n- /b/\n",
            "title: abc\n  def\n",
            "title: abc\n- def\n",
            "title: x\nimage:\n  src: a.jpg\n  alt: ''\n  caption: 'Ảnh: A'\n",
            "title: x\r\nsummary: y\r\n",
            "title:\n",
            "title: ~\n",
            "title: x\nsummary: 123\n",
            "title: x\nsummary: null\n",
            "title: x\ncategory: Khoa học - Công nghệ\nsource: Báo Tin tức\n",
            "title: x\nextra: 1\n",
            "title: x\nauthor: a\nslug: b\nupdated: 2025-02-01\n",
            "title: x",
            "",
            "title: \"Bình Dương: Bảo 865\"\ndate: 2025-08-25T01:58:00+07:00\ncategory: \"Kinh tế\"\ntags: [\"giao thông\", \"giáo dục\"]\nimage: {src: anh-865-990x600.jpg, caption: \"Nước hệ.\"}\nsource: \"Báo Tin tức\"\nrelated:\n  - {title: \"Quảng Ninh: Cơ 308\", summary: \"Hợp kinh.\", group: Tin cùng chuyên mục}\n  - {title: \"Huế: Bản\", group: Tin cùng chuyên mục}\n",
            "title: x\ntags: [a, \"b c\"]\n",
            "title: x\ntags: [a,b]\n",
            "title: x\ntags: [ a ]\n",
            "title: x\ntags: [a, ]\n",
            "title: x\ntags: [a: b]\n",
            "title: x\ntags: [a#b]\n",
            "title: x\ntags: [a, b c, \"d\"]\n",
            "title: x\naliases: [/a/, /b/]\n",
            "title: x\nimage: {src: a.jpg}\n",
            "title: x\nimage: {caption: x}\n",
            "title: x\nimage: {src: a.jpg, src: b.jpg}\n",
            "title: x\nimage: {src: \"a\\\\b\"}\n",
            "title: x\nimage: {src: a.jpg, other: b}\n",
            "title: x\nrelated:\n  - {title: \"a\", group: b}\n  - {title: c}\n",
            "title: x\nrelated:\n  - {summary: a}\n",
            "title: x\nrelated:\n- {title: a}\n  summary: b\n",
            "title: x\nrelated:\n  - {title: a}\n- {title: b}\n",
            "title: x\ntags:\n  - a\n  - b\n",
            "title: \"a\"\n",
            "title: \"a \\\" b\"\n",
            "title: \"\"\n",
            "title: \"a\" b\n",
        ];
        let mut direct = 0;
        for y in yamls {
            direct += usize::from(read_direct(y).is_some());
            match (read(y), serde_yaml::from_str::<FrontMatter>(y)) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{y:?}"),
                (Err(_), Err(_)) => {}
                (a, b) => panic!("{y:?}: read gives {a:?}, serde_yaml {b:?}"),
            }
        }
        assert!(direct >= 20, "{direct}");
        // Flow style with double quotes, as the benchmark corpus and many people write it.
        let flow = yamls.iter().find(|y| y.contains("Bình Dương")).unwrap();
        let fm = read_direct(flow).expect("read directly");
        assert_eq!(fm.related.len(), 2);
        assert_eq!(fm.image.unwrap().caption.as_deref(), Some("Nước hệ."));
    }

    #[test]
    fn plain_texts_are_written_plain() {
        for t in [
            "Lào Cai",
            "a:b",
            "a#b",
            "BNN&MT",
            "GRDP 9,46%",
            "Sáng 29/12",
            "a - b",
        ] {
            assert_eq!(style(t), Style::Plain, "{t:?}");
        }
        for t in ["Lào Cai: Kinh tế", "“Bình dân” #1", "'a'", " a", "a "] {
            assert_eq!(style(t), Style::SingleQuoted, "{t:?}");
        }
        let fm = FrontMatter {
            title: "Lào Cai: Kinh tế số".into(),
            summary: Some("Sáng 29/12, tại Lào Cai".into()),
            ..FrontMatter::default()
        };
        assert_eq!(
            yaml_of(&fm).unwrap(),
            "title: 'Lào Cai: Kinh tế số'\ntags: []\nsummary: Sáng 29/12, tại Lào Cai\n"
        );
    }

    #[test]
    fn splits_front_matter_and_reports_body_line() {
        let (yaml, body, line) = split("---\ntitle: A\ndate: x\n---\nBody\n").unwrap();
        assert_eq!(yaml, "title: A\ndate: x\n");
        assert_eq!(body, "Body\n");
        assert_eq!(line, 5);
        assert!(split("no front matter").is_none());
        assert!(split("---\ntitle: unterminated\n").is_none());
    }

    #[test]
    fn round_trips() {
        let fm = FrontMatter {
            title: "Tiêu đề: \"quoted\" # not a comment".into(),
            date: Some("2025-01-25T13:53:22+07:00".into()),
            tags: vec!["AI".into()],
            related: vec![Related {
                title: "- starts like a list".into(),
                summary: Some("a: b".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let text = write(&fm, "Body").unwrap();
        let (yaml, body, _) = split(&text).unwrap();
        let back: FrontMatter = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(back, fm);
        assert_eq!(body, "Body\n");
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("x: {}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(check_nesting(&deep).unwrap_err().0, 1);
        let deep = format!("a: 1\nx:\n  {}", "{a: ".repeat(200));
        assert_eq!(check_nesting(&deep).unwrap_err().0, 3);
        let ok = format!(
            "t: \"{0}\"\nu: '{0}'\nv: a [b # {0}\nw: [[1], {{a: [2]}}]\n",
            "[".repeat(500)
        );
        assert!(check_nesting(&ok).is_ok());
        assert!(check_nesting(&format!("x: {}", "[".repeat(MAX_NESTING))).is_ok());
        // Brackets inside plain text are text: the importer writes such summaries.
        let plain = format!(
            "summary: a{0}\nrelated:\n- title: b {0}\n  group: c-{0}\n",
            "[".repeat(300)
        );
        assert!(check_nesting(&plain).is_ok());
        let plain = format!("title: a - {0}\nsummary: b ? {0}\n", "[".repeat(300));
        assert!(check_nesting(&plain).is_ok());
        let deep = format!("tags:\n  - - {}", "[".repeat(200));
        assert_eq!(check_nesting(&deep).unwrap_err().0, 2);
        let deep = format!("tags:\n- {}", "[".repeat(200));
        assert_eq!(check_nesting(&deep).unwrap_err().0, 2);
        let deep = format!("? {}", "{".repeat(200));
        assert!(check_nesting(&deep).is_err());
    }

    #[test]
    fn parses_date_forms() {
        let tz = FixedOffset::east_opt(7 * 3600).unwrap();
        let want = "2025-01-25T13:53:00+07:00";
        assert_eq!(
            parse_date("2025-01-25 13:53", tz).unwrap().to_rfc3339(),
            want
        );
        assert_eq!(parse_date(want, tz).unwrap().to_rfc3339(), want);
        assert_eq!(
            parse_date("2025-01-25", tz).unwrap().to_rfc3339(),
            "2025-01-25T00:00:00+07:00"
        );
        assert!(parse_date("2025-13-01", tz).is_none());
    }
}
