//! Reading front matter YAML: bantin's own layout and plain flow style directly, the rest
//! through serde_yaml.

use super::style::{style, yaml_printable, Style};
use super::{FrontMatter, Image, Related};

/// Parse front matter YAML into a [`FrontMatter`]: what serde_yaml gives, with the layout
/// [`super::write`] produces and plain flow style (`tags: [a, b]`) read directly, without
/// libyaml's event parser, which was most of the cost of loading an article. [`read_direct`]
/// accepts only lines it can read exactly; anything else (comments, blank lines, block scalars,
/// escapes, unknown keys, a text whose reading it does not settle) is left to serde_yaml,
/// errors and all.
pub fn read(yaml: &str) -> Result<FrontMatter, serde_yaml::Error> {
    match read_direct(yaml) {
        Some(fm) => Ok(fm),
        None => serde_yaml::from_str(yaml),
    }
}

/// The front matter in the layout [`super::write`] produces or in plain flow style, or
/// `None`. Each line is one of: a top-level `key: text`; `tags:`/`aliases:` with a
/// [`flow_seq`], `image:` with a [`flow_map`]; `tags:`, `aliases:`, `image:` or `related:`
/// opening a block whose lines follow (`- text`; `  src: text`; `- title: text` then
/// `  key: text`, or `- {title: ..}`; items at indent 0 or 2); `draft: true|false`. A text is
/// plain when [`style`] would write it plain (so YAML reads it as the same text), a date in ISO
/// form for `date`/`updated`, single-quoted, or double-quoted without escapes, with only
/// printable characters. Each key at most once.
pub(super) fn read_direct(yaml: &str) -> Option<FrontMatter> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
