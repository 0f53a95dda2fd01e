//! Scraped article text → [`Story`]. A pure function: no I/O, no clock.
//!
//! The anatomy it expects (each non-empty line is one unit): an optional date line, the title,
//! the lead, an image file name with its caption, body paragraphs, list items and more images,
//! a short source line, then page chrome — related-story headings with their stories — and a
//! footer. See the README's "bantin import" section.

use std::fmt;

use super::dates::{parse_date_line, LineDate};
use super::markers::LineKey;
pub use super::markers::Markers;
use crate::text::{nfc_cow, title_key, word_count};

/// Longest first line taken as a title, in characters.
pub const MAX_TITLE_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    pub title: String,
    /// The lead (sapo) paragraph.
    pub lead: Option<String>,
    /// The image between the lead and the body.
    pub image: Option<ImageRef>,
    pub blocks: Vec<Block>,
    /// The source or byline line ("Báo Tin tức", "Theo VnExpress", "Minh Anh (TTXVN)").
    pub source: Option<String>,
    pub date_line: Option<DateLine>,
    pub related: Vec<RelatedStory>,
    /// What an HTML page states about itself (dates, author, tags, address); empty for text.
    pub meta: StoryMeta,
}

/// Metadata an HTML page carries beside its visible text (JSON-LD, meta tags, markup).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoryMeta {
    /// `datePublished`, `article:published_time`, `<time datetime>`, with the page's offset.
    pub date: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// Which of those gave `date` (for the import report).
    pub date_from: Option<&'static str>,
    pub updated: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    /// The page's own section or breadcrumb ("Kinh doanh"), matched onto site.yaml's categories.
    pub section: Option<String>,
    /// The page's canonical address.
    pub source_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub src: String,
    pub caption: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    /// A `- item` / `• item` line, without its marker.
    Item(String),
    Image(ImageRef),
    /// Markdown made by the HTML importer: every text in it already escaped, every URL checked.
    Markdown(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedStory {
    pub title: String,
    pub summary: Option<String>,
    /// The heading it was listed under, as written ("Tin cùng chuyên mục").
    pub group: String,
    /// Where the story lives, when the page linked it (absolute).
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLine {
    pub text: String,
    /// 1-based line in the input.
    pub line: usize,
    pub date: LineDate,
}

impl Story {
    /// Image sources in reading order: the lead image, then the body's.
    pub fn images(&self) -> impl Iterator<Item = &str> {
        let body = self.blocks.iter().filter_map(|b| match b {
            Block::Image(i) => Some(i.src.as_str()),
            _ => None,
        });
        self.image.iter().map(|i| i.src.as_str()).chain(body)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    Empty,
    Blank,
    Binary { line: usize },
    NoTitle { line: usize, why: &'static str },
    TitleTooLong { line: usize, chars: usize },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const WANT: &str = "expected scraped article text with the title on the first line";
        match self {
            ParseError::Empty => write!(f, "the file is empty; {WANT}"),
            ParseError::Blank => write!(f, "the file holds only whitespace; {WANT}"),
            ParseError::Binary { line } => write!(
                f,
                "line {line}: control characters: this looks like a binary file, not article \
                 text (for text in another encoding, pass --encoding LABEL)"
            ),
            ParseError::NoTitle { line, why } => write!(f, "line {line}: no title: {why}; {WANT}"),
            ParseError::TitleTooLong { line, chars } => write!(
                f,
                "line {line}: the first line is {chars} characters long, too long for a title \
                 (at most {MAX_TITLE_CHARS}); put the article's title on the first line"
            ),
        }
    }
}

impl std::error::Error for ParseError {}

/// One cleaned, non-empty input line.
#[derive(Debug)]
struct Line {
    no: usize,
    text: String,
    key: LineKey,
}

/// Whether line `j` starts the footer (see `Markers::footer`).
fn footer_at(lines: &[Line], j: usize, markers: &Markers) -> Option<bool> {
    markers.footer(&lines[j].key, &lines[j].text)
}
/// Date lines are looked for among this many lines before and after the title.
const DATE_LINES_NEAR_TOP: usize = 3;

/// Parse scraped article text. Linear in the input size.
pub fn parse(text: &str, markers: &Markers) -> Result<Story, ParseError> {
    let all = clean_lines(text, markers)?;
    let first_no = all.first().map_or(1, |l| l.no);
    let lines: Vec<Line> = all
        .into_iter()
        .filter(|l| !markers.is_drop_line(&l.key))
        .collect();
    let n = lines.len();

    // Date lines, then the title.
    let mut date_line = None;
    let mut i = 0;
    while i < n.min(DATE_LINES_NEAR_TOP) {
        match date_of(&lines[i]) {
            Some(d) => {
                date_line.get_or_insert(d);
                i += 1;
            }
            None => break,
        }
    }
    let Some(t) = lines.get(i) else {
        let why = if n == 0 {
            "the file holds only page chrome"
        } else {
            "the file holds only a date line"
        };
        return Err(ParseError::NoTitle {
            line: first_no,
            why,
        });
    };
    if image_src(&t.text).is_some() {
        return Err(ParseError::NoTitle {
            line: t.no,
            why: "the first line is an image file name",
        });
    }
    let chars = t.text.chars().count();
    if chars > MAX_TITLE_CHARS {
        return Err(ParseError::TitleTooLong { line: t.no, chars });
    }
    let title = t.text.clone();
    i += 1;

    // Where the article ends: the first related heading, or the footer.
    let heading = (i..n).find(|&j| markers.is_heading(&lines[j].key));
    let mut trailing_footer = n;
    while trailing_footer > i && footer_at(&lines, trailing_footer - 1, markers).is_some() {
        trailing_footer -= 1;
    }
    let footer = (i + 1..n)
        .find(|&j| match footer_at(&lines, j, markers) {
            Some(true) => true,
            Some(false) => heading.is_some_and(|h| j > h) || j >= trailing_footer,
            None => false,
        })
        .unwrap_or(n);
    let end = heading.unwrap_or(n).min(footer);

    // The body region: date lines near its top go; then lead, lead image, source, blocks.
    let mut body: Vec<&Line> = Vec::with_capacity(end.saturating_sub(i));
    for (pos, l) in lines[i..end].iter().enumerate() {
        if pos < DATE_LINES_NEAR_TOP {
            if let Some(d) = date_of(l) {
                date_line.get_or_insert(d);
                continue;
            }
        }
        body.push(l);
    }
    let mut k = 0;
    let lead = match body.first() {
        Some(l) if is_plain(&l.text) => {
            k = 1;
            Some(l.text.clone())
        }
        _ => None,
    };
    let mut stop = body.len();
    let mut source = None;
    if stop > k && is_source(&body[stop - 1].text) {
        let after_image = stop >= k + 2 && image_src(&body[stop - 2].text).is_some();
        if !after_image {
            source = Some(body[stop - 1].text.clone());
            stop -= 1;
        }
    }
    let mut image = None;
    if let Some(src) = body[..stop].get(k).and_then(|l| image_src(&l.text)) {
        k += 1;
        let caption = caption_at(&body[..stop], k);
        k += usize::from(caption.is_some());
        image = Some(ImageRef {
            src: src.to_string(),
            caption,
        });
    }
    let blocks = blocks(&body[k..stop]);

    let related = match heading {
        Some(h) if h < footer => related(&lines[h..footer], markers),
        _ => Vec::new(),
    };

    Ok(Story {
        title,
        lead,
        image,
        blocks,
        source,
        date_line,
        related,
        meta: StoryMeta::default(),
    })
}

/// BOM, NFC, line ends, whitespace: the input as trimmed, non-empty lines with their numbers.
fn clean_lines(text: &str, markers: &Markers) -> Result<Vec<Line>, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.is_empty() {
        return Err(ParseError::Empty);
    }
    if let Some(line) = binary_at(text) {
        return Err(ParseError::Binary { line });
    }
    let text = nfc_cow(text);
    let mut lines = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        // "\r\n" leaves an empty piece; a lone "\r" (old Mac) separates lines.
        for piece in raw.split('\r') {
            let t = clean_line(piece);
            if !t.is_empty() {
                lines.push(Line {
                    no: i + 1,
                    key: markers.key_of(&t),
                    text: t,
                });
            }
        }
    }
    if lines.is_empty() {
        return Err(ParseError::Blank);
    }
    Ok(lines)
}

/// The line of the first NUL, or of the first control character when more than one character in
/// twenty of the first 8192 is one.
fn binary_at(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    // Nearly every file has no control character at all: a branch-free pass over the bytes
    // (vectorised) and a search for C2 (U+0080–U+00BF) settle it.
    let control = |x: u8| (x < 0x20 && !matches!(x, b'\n' | b'\r' | b'\t' | 0x0c)) || x == 0x7f;
    let any_control = b
        .chunks(64)
        .any(|c| c.iter().fold(false, |acc, &x| acc | control(x)));
    let any_c1 = memchr::memchr_iter(0xc2, b).any(|i| matches!(b.get(i + 1), Some(0x80..=0x9f)));
    if !any_control && !any_c1 {
        return None;
    }
    let (mut line, mut total, mut controls, mut first) = (1, 0, 0, None);
    // Over bytes: a character starts at each byte that is not a continuation byte; the control
    // characters are ASCII ones and U+0080–U+009F (C2 80–C2 9F).
    for (i, &x) in b.iter().enumerate() {
        if x & 0xc0 == 0x80 {
            continue;
        }
        total += 1;
        if total > 8192 {
            total -= 1;
            break;
        }
        let control = match x {
            b'\n' => {
                line += 1;
                false
            }
            0 => return Some(line),
            b'\r' | b'\t' | 0x0c => false,
            0..=0x1f | 0x7f => true,
            0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
            _ => false,
        };
        if control {
            controls += 1;
            first.get_or_insert(line);
        }
    }
    if controls * 20 > total {
        first
    } else {
        None
    }
}

/// Bytes that are never (part of) whitespace, a control or an invisible character: printable
/// ASCII but the space, continuation bytes, and lead bytes other than C2, E1, E2, E3 and EF
/// (see [`kept_len`]). A continuation byte is never one of those lead bytes, so a scan may step
/// over them one byte at a time.
const ORDINARY: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x21;
    while b < 256 {
        t[b] = !matches!(b, 0x7f | 0xc2 | 0xe1 | 0xe2 | 0xe3 | 0xef);
        b += 1;
    }
    t
};

/// The length of the character at byte `i` of `s` when it is kept text, `None` for a space,
/// other whitespace, a control or an invisible character. Those are ASCII or start C2 80–A0/AD
/// (C1, NBSP, soft hyphen), E1 9A (U+1680), E2 80/81 (U+2000–206F), E3 80 (U+3000) or EF BB
/// (U+FEFF); only those are decoded.
fn kept_len(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let x = b[i];
    let next = b.get(i + 1).copied().unwrap_or(0);
    let special = match x {
        0x00..=0x7f => return ORDINARY[x as usize].then_some(1),
        0xc2 => next <= 0xa0 || next == 0xad,
        0xe1 => next == 0x9a,
        0xe2 => next == 0x80 || next == 0x81,
        0xe3 => next == 0x80,
        0xef => next == 0xbb,
        _ => false,
    };
    if !special {
        return Some(match x {
            0xf0.. => 4,
            0xe0.. => 3,
            _ => 2,
        });
    }
    let c = s[i..].chars().next()?;
    let dropped = c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}');
    (!dropped).then_some(c.len_utf8())
}

/// Whitespace of any kind (NBSP, tabs, ideographic space) collapsed to one space and trimmed;
/// control and invisible format characters dropped. Copies runs of text, not characters, and
/// decodes only the characters that can be whitespace, control or invisible.
fn clean_line(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut run: Option<usize> = None; // start of the run of kept text being copied
    let mut run_ends_in_space = false; // the run's last char is a single ' '
    let mut space = false; // whitespace between `out` and the next run
    let mut i = 0;
    while i < b.len() {
        // Kept text (most of every line): ordinary bytes in a tight loop, the rest decoded.
        let start = i;
        while i < b.len() {
            if ORDINARY[b[i] as usize] {
                i += 1;
            } else if let Some(len) = kept_len(s, i) {
                i += len;
            } else {
                break;
            }
        }
        if i > start {
            run_ends_in_space = false;
            if run.is_none() {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                run = Some(start);
            }
        }
        // A space, other whitespace, a control or an invisible character, or the end.
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let at = i;
        i += c.len_utf8();
        if c == ' ' && run.is_some() && !run_ends_in_space {
            run_ends_in_space = true;
            continue;
        }
        if let Some(from) = run.take() {
            out.push_str(&s[from..at - usize::from(run_ends_in_space)]);
            space |= run_ends_in_space;
        }
        run_ends_in_space = false;
        space |= c.is_whitespace();
    }
    if let Some(from) = run {
        out.push_str(&s[from..s.len() - usize::from(run_ends_in_space)]);
    }
    out
}

fn date_of(l: &Line) -> Option<DateLine> {
    parse_date_line(&l.text).map(|date| DateLine {
        text: l.text.clone(),
        line: l.no,
        date,
    })
}

const IMAGE_EXTS: &[&str] = &[
    "jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp", "avif", "svg", "bmp", "tif", "tiff", "heic",
];

/// `photo-1.jpg`, `images/a.png?w=990` or an http(s) URL of an image: a line with no spaces and
/// an image extension. Other schemes (`javascript:`, `data:`) are not images.
pub fn image_src(s: &str) -> Option<&str> {
    if s.len() > 2048 || s.contains(char::is_whitespace) {
        return None;
    }
    let path = s.split(['?', '#']).next().unwrap_or(s);
    let (stem, ext) = path.rsplit_once('.')?;
    let name = stem.rsplit('/').next().unwrap_or(stem);
    if name.is_empty() || !IMAGE_EXTS.contains(&ext.to_ascii_lowercase().as_str()) {
        return None;
    }
    if let Some(colon) = s.find(':') {
        if !s[..colon].contains('/') {
            let scheme = s[..colon].to_ascii_lowercase();
            if scheme != "http" && scheme != "https" {
                return None;
            }
        }
    }
    Some(s)
}

/// The text of a `- item`, `* item` or `• item` line.
pub fn list_item(s: &str) -> Option<&str> {
    let mut chars = s.chars();
    let marker = chars.next()?;
    let rest = chars.as_str();
    let item = match marker {
        '-' | '*' | '+' => rest.strip_prefix(' ')?,
        '•' | '●' | '▪' | '◦' | '‣' => rest.trim_start(),
        _ => return None,
    };
    (!item.is_empty()).then_some(item)
}

fn is_plain(s: &str) -> bool {
    image_src(s).is_none() && list_item(s).is_none()
}

fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end_matches(['"', '”', '’', '\'', '»', ')', ']']);
    s.ends_with(['.', '!', '?', '…'])
}

/// A short last line that does not end a sentence: "Báo Tin tức", "Minh Anh (TTXVN)".
fn is_source(s: &str) -> bool {
    let starts_well = s
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == '(');
    starts_well
        && is_plain(s)
        && word_count(s) <= 8
        && s.chars().count() <= 60
        && !s.ends_with(['.', '!', '?', '…', ':', ';', ','])
}

/// The caption of the image just before `lines[k]`: a plain line of at most 60 words.
fn caption_at(lines: &[&Line], k: usize) -> Option<String> {
    let l = lines.get(k)?;
    (is_plain(&l.text) && word_count(&l.text) <= 60).then(|| l.text.clone())
}

fn blocks(lines: &[&Line]) -> Vec<Block> {
    let mut out = Vec::with_capacity(lines.len());
    let mut k = 0;
    while k < lines.len() {
        let t = &lines[k].text;
        k += 1;
        if let Some(src) = image_src(t) {
            let caption = caption_at(lines, k);
            k += usize::from(caption.is_some());
            out.push(Block::Image(ImageRef {
                src: src.to_string(),
                caption,
            }));
        } else if let Some(item) = list_item(t) {
            out.push(Block::Item(item.to_string()));
        } else {
            out.push(Block::Paragraph(t.clone()));
        }
    }
    out
}

/// `lines` starts at a heading. Each heading's stories: a title (often twice: thumbnail alt, then
/// link text), then usually a summary. Thumbnails and date lines among them are skipped; a
/// heading with no stories adds nothing.
fn related(lines: &[Line], markers: &Markers) -> Vec<RelatedStory> {
    let mut out = Vec::new();
    let mut h = 0;
    while h < lines.len() {
        let next = (h + 1..lines.len())
            .find(|&j| markers.is_heading(&lines[j].key))
            .unwrap_or(lines.len());
        let group = lines[h].text.trim_end_matches([':', ' ', '：']).to_string();
        let items: Vec<(&str, String)> = lines[h + 1..next]
            .iter()
            .filter(|l| image_src(&l.text).is_none() && date_of(l).is_none())
            .map(|l| (l.text.as_str(), title_key(&l.text)))
            .collect();
        stories(&items, &group, &mut out);
        h = next;
    }
    out
}

fn stories(items: &[(&str, String)], group: &str, out: &mut Vec<RelatedStory>) {
    let dup_at = |y: usize| y + 1 < items.len() && items[y + 1].1 == items[y].1;
    let mut x = 0;
    while x < items.len() {
        let title = items[x].0;
        let twice = dup_at(x);
        let mut y = x + if twice { 2 } else { 1 };
        let summary = items.get(y).and_then(|&(cand, _)| {
            if dup_at(y) {
                return None; // the next story, listed twice
            }
            let words = word_count(cand);
            let long = words >= 25 || (ends_sentence(cand) && words > word_count(title));
            (twice || long).then_some(cand)
        });
        y += usize::from(summary.is_some());
        out.push(RelatedStory {
            title: title.to_string(),
            summary: summary.map(str::to_string),
            group: group.to_string(),
            url: None,
        });
        x = y;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Story {
        parse(s, &Markers::builtin()).unwrap()
    }

    #[test]
    fn minimal_article() {
        let s = p("Tiêu đề\n\nMở đầu.\n\nĐoạn một.\n\nĐoạn hai.\n");
        assert_eq!(s.title, "Tiêu đề");
        assert_eq!(s.lead.as_deref(), Some("Mở đầu."));
        assert_eq!(
            s.blocks,
            vec![
                Block::Paragraph("Đoạn một.".into()),
                Block::Paragraph("Đoạn hai.".into())
            ]
        );
        assert!(s.image.is_none() && s.source.is_none() && s.related.is_empty());
    }

    #[test]
    fn errors() {
        let m = Markers::builtin();
        assert_eq!(parse("", &m), Err(ParseError::Empty));
        assert_eq!(parse("\u{feff}", &m), Err(ParseError::Empty));
        assert_eq!(parse(" \n\t\r\n\u{a0}\n", &m), Err(ParseError::Blank));
        assert_eq!(
            parse("ab\n\0\u{1}\u{2}", &m),
            Err(ParseError::Binary { line: 2 })
        );
        assert!(matches!(
            parse("Chia sẻ\nfb yt zl tw\n", &m),
            Err(ParseError::NoTitle { line: 1, .. })
        ));
        assert!(matches!(
            parse("\nanh.jpg\nChú thích\n", &m),
            Err(ParseError::NoTitle { line: 2, .. })
        ));
        let long = "x".repeat(MAX_TITLE_CHARS + 1);
        assert!(matches!(
            parse(&long, &m),
            Err(ParseError::TitleTooLong { line: 1, .. })
        ));
        let e = parse("\n\nanh.jpg", &m).unwrap_err().to_string();
        assert!(e.starts_with("line 3: no title"), "{e}");
    }

    #[test]
    fn cleans_lines() {
        assert_eq!(clean_line("  a  b\u{a0}\tc  "), "a b c");
        assert_eq!(clean_line("a\u{200b}b \u{feff}c"), "ab c");
        assert_eq!(clean_line("x \u{7}\u{a0}y "), "x y");
        assert_eq!(clean_line("Lào Cai"), "Lào Cai");
        assert_eq!(clean_line(" \u{a0} "), "");
        assert_eq!(
            clean_line("“Bình dân”\u{3000}—\u{202f}𝔸 x\u{85}y"),
            "“Bình dân” — 𝔸 x y"
        );
    }

    /// `clean_line` and `binary_at` as their doc comments say, a character at a time.
    fn clean_line_by_chars(s: &str) -> String {
        let (mut out, mut gap) = (String::new(), false);
        for c in s.chars() {
            if c.is_whitespace() {
                gap = true;
            } else if !(c.is_control()
                || matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}'))
            {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push(c);
            }
        }
        out
    }

    fn binary_at_by_chars(text: &str) -> Option<usize> {
        let (mut line, mut total, mut controls, mut first) = (1, 0, 0, None);
        for c in text.chars().take(8192) {
            total += 1;
            if c == '\n' {
                line += 1;
            } else if c == '\0' {
                return Some(line);
            } else if c.is_control() && !matches!(c, '\r' | '\t' | '\x0c') {
                controls += 1;
                first.get_or_insert(line);
            }
        }
        (controls * 20 > total).then_some(first).flatten()
    }

    #[test]
    fn byte_scans_agree_with_the_rules_char_by_char() {
        // Every whitespace, control and invisible character, their look-alike neighbours
        // (same lead bytes), and ordinary text.
        let alphabet: Vec<char> = " \t\n\r\x0b\x0c\x01\x7f\0aZ~!\u{80}\u{85}\u{9f}\u{a0}\u{a1}\u{ad}\u{c0}ệ\u{1680}\u{1681}\u{1e00}\u{2000}\u{200a}\u{200b}\u{2028}\u{202f}\u{205f}\u{2060}\u{2070}\u{3000}\u{3001}\u{feff}\u{fe00}\u{ff01}𝔸"
            .chars()
            .collect();
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..20_000 {
            let len = next(12);
            let s: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let line = s.replace(['\n', '\r'], " ");
            assert_eq!(clean_line(&line), clean_line_by_chars(&line), "{line:?}");
            assert_eq!(binary_at(&s), binary_at_by_chars(&s), "{s:?}");
        }
        // The 8,192-character window: a control just inside counts, one just outside does not.
        let long = |at: usize| format!("{}\n{}", "ệ".repeat(at), "\x01".repeat(1000));
        for at in [7000, 7700, 7800, 8190, 8191, 8192] {
            assert_eq!(binary_at(&long(at)), binary_at_by_chars(&long(at)), "{at}");
        }
    }

    #[test]
    fn image_lines() {
        assert_eq!(image_src("a-1.JPG"), Some("a-1.JPG"));
        assert!(image_src("https://cdn.x.vn/a/b.webp?w=990").is_some());
        assert!(image_src("two words.jpg").is_none());
        assert!(image_src("javascript:alert(1)//x.png").is_none());
        assert!(image_src("data:image/png;base64,AAAA.png").is_none());
        assert!(image_src(".png").is_none());
        assert!(image_src("report.pdf").is_none());
    }

    #[test]
    fn list_items() {
        assert_eq!(list_item("- một"), Some("một"));
        assert_eq!(list_item("•hai"), Some("hai"));
        assert_eq!(list_item("-5 độ C"), None);
        assert_eq!(list_item("- "), None);
    }

    #[test]
    fn source_lines() {
        assert!(is_source("Báo Tin tức"));
        assert!(is_source("Theo VnExpress"));
        assert!(is_source("Minh Anh (TTXVN)"));
        assert!(!is_source("Điều này cho thấy cuộc đua vẫn chưa kết thúc."));
        assert!(!is_source("chữ thường"));
    }

    #[test]
    fn weak_footer_marker_in_the_body_is_kept() {
        let s = p("T\n\nLead.\n\nĐường dây nóng của bộ đã nhận 500 cuộc gọi.\n\nĐoạn cuối.\n");
        assert_eq!(s.blocks.len(), 2);
        let s = p("T\n\nLead.\n\nĐoạn.\n\nBáo X\n\nĐường dây nóng: 0912\n\n© 2025 X\n");
        assert_eq!(s.source.as_deref(), Some("Báo X"));
        assert_eq!(s.blocks, vec![Block::Paragraph("Đoạn.".into())]);
    }

    #[test]
    fn related_single_and_double_listed() {
        let long = "Một tóm tắt đủ dài để là tóm tắt của bài viết liên quan này, với rất nhiều \
                    chữ nữa cho chắc chắn rằng nó dài hơn hai mươi lăm chữ.";
        let text = format!(
            "T\n\nLead.\n\nĐoạn.\n\nTin liên quan\n\nA một\n\nA một\n\nNgắn\n\nB hai\n\n{long}\n\n\
             C ba\n\nD bốn\n\nTin mới\n\nĐọc thêm:\n"
        );
        let s = p(&text);
        let got: Vec<(&str, Option<&str>, &str)> = s
            .related
            .iter()
            .map(|r| (r.title.as_str(), r.summary.as_deref(), r.group.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("A một", Some("Ngắn"), "Tin liên quan"),
                ("B hai", Some(long), "Tin liên quan"),
                ("C ba", None, "Tin liên quan"),
                ("D bốn", None, "Tin liên quan"),
            ]
        );
    }
}
