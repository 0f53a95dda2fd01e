//! Scraped article text → [`Story`]. A pure function: no I/O, no clock.
//!
//! The anatomy it expects (each non-empty line is one unit): an optional date line, the title,
//! the lead, an image file name with its caption, body paragraphs, list items and more images,
//! a short source line, then page chrome — related-story headings with their stories — and a
//! footer. See the README's "bantin import" section.

use std::fmt;

use super::classify::{classify, headline_like, title_score, vocabulary, Class};
use super::dates::{date_in_line, parse_date_line, LineDate};
pub use super::markers::Markers;
use super::markers::{is_chrome, LineKey};
use crate::error::Located;
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

impl ParseError {
    /// The line the problem is on, when it is on one.
    pub fn line(&self) -> Option<usize> {
        match self {
            ParseError::Empty | ParseError::Blank => None,
            ParseError::Binary { line }
            | ParseError::NoTitle { line, .. }
            | ParseError::TitleTooLong { line, .. } => Some(*line),
        }
    }

    /// What is wrong and what to do, without the line.
    pub fn what(&self) -> String {
        const WANT: &str = "expected scraped article text with the title on the first line";
        match self {
            ParseError::Empty => format!("the file is empty; {WANT}"),
            ParseError::Blank => format!("the file holds only whitespace; {WANT}"),
            ParseError::Binary { .. } => "control characters: this looks like a binary file, \
                                          not article text (for text in another encoding, pass \
                                          --encoding LABEL)"
                .to_string(),
            ParseError::NoTitle { why, .. } => format!("no title: {why}; {WANT}"),
            ParseError::TitleTooLong { chars, .. } => format!(
                "the first line is {chars} characters long, too long for a title (at most \
                 {MAX_TITLE_CHARS}); put the article's title on the first line"
            ),
        }
    }

    /// This error in `file`, at its line.
    pub fn located(&self, file: &std::path::Path) -> Located {
        Located::new(file, self.line(), self.what())
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line() {
            Some(line) => write!(f, "line {line}: {}", self.what()),
            None => f.write_str(&self.what()),
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
/// The headline is looked for among this many lines above the article's first prose line.
const TITLE_WINDOW: usize = 40;
/// A related box is looked for among this many lines after its heading.
const BOX_LINES: usize = 30;

/// What a line is, decided once from its text and the markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Image,
    Date,
    /// A related-story heading.
    Heading,
    /// A heading that ends the article and lists no stories ("Comments").
    End,
    /// A footer marker ("©", "Hotline"): chrome inside the article, the end of the related
    /// stories after it.
    Footer,
    /// Share, follow and sign-up lines, credits, labels: dropped wherever they are.
    Chrome,
    Text(Class),
}

fn kind_of(l: &Line, markers: &Markers) -> Kind {
    if image_src(&l.text).is_some() {
        Kind::Image
    } else if markers.is_heading(&l.key) {
        Kind::Heading
    } else if markers.is_end_heading(&l.key) {
        Kind::End
    } else if markers.footer(&l.key, &l.text).is_some() {
        Kind::Footer
    } else if is_chrome(&l.key, &l.text) {
        Kind::Chrome
    } else if parse_date_line(&l.text).is_some() {
        Kind::Date
    } else {
        Kind::Text(classify(&l.text))
    }
}

/// Parse scraped article text. Linear in the input size.
///
/// The article is the best-scoring run of lines (prose scores, chrome costs; related and
/// comment headings bound it), the headline the best candidate above it; see the README's
/// "bantin import" section. Text with no line of prose at all (a stub, a test) is read by the
/// layout alone: title, lead, body, source.
pub fn parse(text: &str, markers: &Markers) -> Result<Story, ParseError> {
    let all = clean_lines(text, markers)?;
    let first_no = all.first().map_or(1, |l| l.no);
    let lines: Vec<Line> = all
        .into_iter()
        .filter(|l| markers.is_end_heading(&l.key) || !markers.is_drop_line(&l.key))
        .collect();
    let kinds: Vec<Kind> = lines.iter().map(|l| kind_of(l, markers)).collect();
    if kinds.contains(&Kind::Text(Class::Good)) {
        if let Some(story) = scored(&lines, &kinds, markers) {
            return Ok(story);
        }
    }
    by_layout(&lines, &kinds, markers, first_no)
}

/// A related box in the article: its heading, the end of its items, and the items.
struct RelatedBox {
    heading: usize,
    end: usize,
}

/// The related box at heading `h`, when the article goes on after it: headline-like items
/// (no summaries, none listed twice), then two lines of prose.
fn box_at(lines: &[Line], kinds: &[Kind], h: usize) -> Option<RelatedBox> {
    let n = lines.len();
    let mut j = h + 1;
    let mut items: Vec<String> = Vec::new();
    while j < n && j - h <= BOX_LINES {
        match kinds[j] {
            Kind::Image | Kind::Date | Kind::Chrome => {}
            Kind::Text(c) if c != Class::Good && headline_like(&lines[j].text) => {
                let key = title_key(&lines[j].text);
                if items.last() == Some(&key) {
                    return None; // listed twice: a full listing, not a box
                }
                items.push(key);
            }
            _ => break,
        }
        j += 1;
    }
    if items.is_empty() || kinds.get(j) != Some(&Kind::Text(Class::Good)) {
        return None;
    }
    let next = (j + 1..n).find(|&k| !matches!(kinds[k], Kind::Image | Kind::Chrome));
    let prose = next.is_some_and(|k| {
        matches!(kinds[k], Kind::Text(Class::Good | Class::NearGood))
            && !headline_like(&lines[k].text)
    });
    prose.then_some(RelatedBox { heading: h, end: j })
}

/// Where the listing that heading `h` starts ends: its groups of stories, each a headline-like
/// title (maybe listed twice) and perhaps a summary, until a footer, a comment heading or a
/// second line of prose in a row.
fn listing_end(lines: &[Line], kinds: &[Kind], h: usize) -> usize {
    let n = lines.len();
    let mut j = h + 1;
    let mut after_title = false;
    while j < n {
        match kinds[j] {
            Kind::Heading => after_title = false,
            Kind::Image | Kind::Date | Kind::Chrome => {}
            Kind::Footer | Kind::End => return j,
            Kind::Text(c) => {
                let title = c != Class::Good && headline_like(&lines[j].text);
                if title {
                    let key = title_key(&lines[j].text);
                    if j + 1 < n && title_key(&lines[j + 1].text) == key {
                        j += 1;
                    }
                    after_title = true;
                } else if after_title {
                    after_title = false; // its summary
                } else {
                    return j;
                }
            }
        }
        j += 1;
    }
    n
}

/// The best-scoring run of lines `[s, e]`: prose scores its words, other lines cost; `stop`
/// lines are never inside it. Kadane's algorithm: one pass.
fn main_run(
    lines: &[Line],
    kinds: &[Kind],
    stop: &[bool],
    in_box: &[bool],
) -> Option<(usize, usize)> {
    let score = |i: usize| -> i64 {
        if in_box[i] {
            return 0;
        }
        match kinds[i] {
            Kind::Text(Class::Good) => word_count(&lines[i].text).clamp(10, 120) as i64,
            Kind::Text(Class::NearGood) => (word_count(&lines[i].text) / 3).max(1) as i64,
            Kind::Text(Class::Short) => -3,
            Kind::Text(Class::Bad) => -5,
            Kind::Chrome | Kind::Footer | Kind::Heading | Kind::End => -4,
            Kind::Date => -1,
            Kind::Image => 0,
        }
    };
    let mut best: Option<(i64, usize, usize)> = None;
    let (mut sum, mut from) = (0i64, 0usize);
    for (i, &stopped) in stop.iter().enumerate() {
        if stopped {
            sum = 0;
            from = i + 1;
            continue;
        }
        if sum <= 0 {
            sum = 0;
            from = i;
        }
        sum += score(i);
        if sum > 0 && best.is_none_or(|(b, _, _)| sum > b) {
            best = Some((sum, from, i));
        }
    }
    let (_, mut s, e) = best?;
    // The run starts at prose, not at images or chrome it happened to take in.
    while s < e && !matches!(kinds[s], Kind::Text(Class::Good | Class::NearGood)) {
        s += 1;
    }
    Some((s, e))
}

/// "By Jane Doe", "Theo PNN", "From Times Wire Reports", "/ Source: The Associated Press".
fn explicit_byline(s: &str) -> bool {
    let k = crate::text::fold(s);
    let k = k.trim_start_matches(['/', ' ', '-', '–', '—']);
    [
        "by ",
        "theo ",
        "from ",
        "source:",
        "nguon:",
        "reporting by",
        "written by",
        "tac gia:",
    ]
    .iter()
    .any(|p| k.starts_with(p))
        && word_count(s) <= 10
}

/// A source line as stored: without a leading "/ " or "Source:"/"Nguồn:" label.
fn source_text(s: &str) -> String {
    let t = s.trim_start_matches(['/', ' ', '|']);
    for label in ["Source:", "SOURCE:", "Nguồn:", "NGUỒN:"] {
        if let Some(rest) = t.strip_prefix(label) {
            return rest.trim().to_string();
        }
    }
    t.to_string()
}

/// "Hoàng Hà", "Minh Anh (TTXVN)": a short line of capitalised words, like a name.
fn name_like(s: &str) -> bool {
    let n = word_count(s);
    (1..=5).contains(&n)
        && !s.bytes().any(|b| b.is_ascii_digit())
        && s.split_whitespace().all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_none_or(char::is_uppercase)
        })
        && !s.ends_with(['.', '!', '?', ':', ';', ','])
}

/// The lead's credit prefix: "(HTV) - ", "(PLO)- ", "(Dân trí) – " → ("HTV", the rest).
pub fn lead_prefix(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix('(')?;
    let close = rest.find(')')?;
    let name = rest[..close].trim();
    if name.is_empty() || name.chars().count() > 40 || word_count(name) > 5 {
        return None;
    }
    let after = rest[close + 1..].trim_start();
    let body = after.strip_prefix(['-', '–', '—', ':'])?.trim_start();
    (!body.is_empty()).then_some((name, body))
}

/// The article chosen by scores; `None` when no headline candidate is found.
fn scored(lines: &[Line], kinds: &[Kind], markers: &Markers) -> Option<Story> {
    let n = lines.len();
    // Related boxes in the article; other related and comment headings end it.
    // A listing (a heading and its stories) is never part of the article.
    let mut stop = vec![false; n];
    let mut in_box = vec![false; n];
    let mut boxes = Vec::new();
    let mut h = 0;
    while h < n {
        match kinds[h] {
            Kind::End => stop[h] = true,
            Kind::Heading if !in_box[h] => match box_at(lines, kinds, h) {
                Some(b) => {
                    in_box[b.heading..b.end].iter_mut().for_each(|x| *x = true);
                    boxes.push(b);
                }
                None => {
                    let end = listing_end(lines, kinds, h);
                    stop[h..end].iter_mut().for_each(|x| *x = true);
                    h = end;
                    continue;
                }
            },
            _ => {}
        }
        h += 1;
    }
    let (s, e) = main_run(lines, kinds, &stop, &in_box)?;
    // The first line of prose: the run may start at a headline or a dek that scored.
    let g = (s..=e).find(|&i| kinds[i] == Kind::Text(Class::Good))?;

    // The headline: the best candidate above the first prose line.
    let vocab = vocabulary(
        (g..=e)
            .filter(|&i| kinds[i] == Kind::Text(Class::Good))
            .take(3)
            .map(|i| lines[i].text.as_str()),
    );
    // The first prose line itself may be a long headline ("… what do you buy for …?"): it is
    // compared with the prose after it.
    let vocab_after_g = vocabulary(
        (g + 1..=e)
            .filter(|&i| kinds[i] == Kind::Text(Class::Good))
            .take(3)
            .map(|i| lines[i].text.as_str()),
    );
    let from = g.saturating_sub(TITLE_WINDOW);
    let mut best: Option<(f32, usize, Option<DateLine>, String)> = None;
    for i in from..=g {
        let l = &lines[i];
        let text_line = matches!(
            kinds[i],
            Kind::Text(Class::Short | Class::NearGood | Class::Bad)
        );
        let long_headline = i == g && word_count(&l.text) <= 25;
        if !(text_line || long_headline) || in_box[i] || explicit_byline(&l.text) {
            continue;
        }
        let vocab = if i == g { &vocab_after_g } else { &vocab };
        let (text, date) = match date_in_line(&l.text, false) {
            Some((d, rest)) if !rest.is_empty() => (
                rest,
                Some(DateLine {
                    text: l.text.clone(),
                    line: l.no,
                    date: d,
                }),
            ),
            _ => (l.text.clone(), None),
        };
        if !headline_like(&text) || text.chars().count() > MAX_TITLE_CHARS {
            continue;
        }
        // Repeated: a headline comes back in share lines, breadcrumbs and citations.
        let key = title_key(&text);
        let repeated = word_count(&text) >= 4
            && (from.saturating_sub(TITLE_WINDOW)..(g + 10).min(n)).any(|j| {
                j != i && lines[j].text.len() <= 600 && title_key(&lines[j].text).contains(&key)
            });
        // A byline or a date line follows a headline.
        let bylined = (i + 1..(i + 7).min(n)).any(|j| {
            kinds[j] == Kind::Date
                || explicit_byline(&lines[j].text)
                || matches!(kinds[j], Kind::Text(_)) && date_in_line(&lines[j].text, true).is_some()
        });
        let caption = i > 0 && kinds[i - 1] == Kind::Image;
        let mut score = title_score(&text, vocab, g - i, repeated, caption);
        if bylined {
            score += 0.75;
        }
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, i, date, text));
        }
    }
    let (_, t, title_date, title) = best?;
    let s = s.max(t + 1);

    // Between the headline and the article: dates, bylines, the lead, the lead image.
    let mut date_line = None;
    for i in t.saturating_sub(DATE_LINES_NEAR_TOP)..t {
        if kinds[i] == Kind::Date {
            date_line.get_or_insert_with(|| date_of(&lines[i]).expect("a date line"));
        }
    }
    let mut byline: Option<String> = None;
    let mut lead = None;
    let mut j = t + 1;
    while j <= e {
        let l = &lines[j];
        match kinds[j] {
            Kind::Date => {
                date_line.get_or_insert_with(|| date_of(l).expect("a date line"));
            }
            Kind::Chrome | Kind::Footer => {}
            Kind::Text(_) if j < g => {
                let dated = date_in_line(&l.text, true);
                if let Some((d, rest)) = &dated {
                    date_line.get_or_insert(DateLine {
                        text: l.text.clone(),
                        line: l.no,
                        date: *d,
                    });
                    if !rest.is_empty() && name_like(rest) {
                        byline.get_or_insert_with(|| source_text(rest));
                    }
                } else if explicit_byline(&l.text) || name_like(&l.text) && byline.is_none() {
                    byline.get_or_insert_with(|| source_text(&l.text));
                } else if is_plain(&l.text) && ends_sentence_strict(&l.text) {
                    lead = Some(j);
                    break;
                } else {
                    break;
                }
            }
            Kind::Text(Class::Good | Class::NearGood) => {
                lead = Some(j);
                break;
            }
            _ => break,
        }
        j += 1;
    }
    date_line = date_line.or(title_date);
    let mut b = lead.map_or(s, |l| (l + 1).max(s));
    // The lead image: the first image after the lead (or the headline) before the body, or the
    // first line of the body.
    let after = lead.unwrap_or(t) + 1;
    let mut image = None;
    let head_image = (after..b).find(|&i| kinds[i] == Kind::Image);
    let at = head_image.or((b <= e && kinds[b] == Kind::Image).then_some(b));
    if let Some(i) = at {
        let caption = lines
            .get(i + 1)
            .filter(|_| i < e.max(b) && is_caption(&lines[i + 1].text, kinds[i + 1]))
            .map(|l| l.text.clone());
        if i == b {
            b += 1 + usize::from(caption.is_some());
        }
        image = Some(ImageRef {
            src: lines[i].text.clone(),
            caption,
        });
    }
    if date_line.is_none() {
        for i in b..(b + DATE_LINES_NEAR_TOP).min(e + 1) {
            if kinds[i] == Kind::Date {
                date_line = date_of(&lines[i]);
                break;
            }
        }
    }

    // The body: the run's lines but chrome, dates, related boxes.
    let body: Vec<&Line> = (b..=e.max(b.saturating_sub(1)))
        .filter(|&i| i < n && !in_box[i])
        .filter(|&i| {
            !matches!(
                kinds[i],
                Kind::Chrome | Kind::Footer | Kind::Date | Kind::Heading | Kind::End
            )
        })
        .map(|i| &lines[i])
        .collect();
    let mut blocks = blocks_with(&body, |l| is_caption(&l.text, kind_of(l, markers)));

    // The source: a short line just after the article, else the byline.
    let next_stop = (e + 1..n).find(|&i| stop[i]).unwrap_or(n);
    let mut source = None;
    if let Some(i) = (e + 1..next_stop.min(e + 4))
        .find(|&i| !matches!(kinds[i], Kind::Chrome | Kind::Image | Kind::Footer))
    {
        let text = &lines[i].text;
        let then_prose = kinds.get(i + 1) == Some(&Kind::Text(Class::Good));
        if matches!(kinds[i], Kind::Text(_))
            && is_source(text.trim_start_matches(['/', ' ']))
            && (explicit_byline(text) || !then_prose)
        {
            source = Some(source_text(text));
        }
    }
    if source.is_none() {
        if let Some(Block::Paragraph(last)) = blocks.last() {
            if explicit_byline(last) && blocks.len() > 1 {
                source = Some(source_text(last));
                blocks.pop();
            }
        }
    }
    let mut lead_text = lead.map(|l| lines[l].text.clone());
    if let Some((name, rest)) = lead_text.as_deref().and_then(lead_prefix) {
        byline.get_or_insert_with(|| name.to_string());
        lead_text = Some(rest.to_string());
    }
    let source = source.or(byline);

    // Related stories: the boxes', then those after the article up to the footer.
    let mut related = Vec::new();
    for bx in &boxes {
        if bx.heading < b || bx.heading > e {
            continue;
        }
        let group = group_name(&lines[bx.heading].text);
        for i in bx.heading + 1..bx.end {
            if matches!(kinds[i], Kind::Text(_)) {
                related.push(RelatedStory {
                    title: lines[i].text.clone(),
                    summary: None,
                    group: group.clone(),
                    url: None,
                });
            }
        }
    }
    if next_stop < n && kinds[next_stop] == Kind::Heading {
        let end = (next_stop + 1..n)
            .find(|&i| matches!(kinds[i], Kind::Footer | Kind::End))
            .unwrap_or(n);
        let kept: Vec<Line> = (next_stop..end)
            .filter(|&i| kinds[i] != Kind::Chrome)
            .filter(|&i| kinds[i] == Kind::Heading || word_count(&lines[i].text) >= 2)
            .map(|i| Line {
                no: lines[i].no,
                text: lines[i].text.clone(),
                key: lines[i].key.clone(),
            })
            .collect();
        related.extend(self::related(&kept, markers));
    }

    Some(Story {
        title,
        lead: lead_text,
        image,
        blocks,
        source,
        date_line,
        related,
        meta: StoryMeta::default(),
    })
}

fn group_name(heading: &str) -> String {
    heading.trim_end_matches([':', ' ', '：']).to_string()
}

/// A caption under an image: a short plain line, not prose and not chrome.
fn is_caption(s: &str, kind: Kind) -> bool {
    is_plain(s)
        && word_count(s) <= 60
        && matches!(
            kind,
            Kind::Text(Class::Short | Class::NearGood | Class::Bad)
        )
}

/// Text with no prose line: the layout decides (the seed's anatomy). Leading images are logos.
fn by_layout(
    lines: &[Line],
    kinds: &[Kind],
    markers: &Markers,
    first_no: usize,
) -> Result<Story, ParseError> {
    let n = lines.len();

    // Date lines, then the title.
    let mut date_line = None;
    let mut i = 0;
    while i < n {
        if i < DATE_LINES_NEAR_TOP {
            if let Some(d) = date_of(&lines[i]) {
                date_line.get_or_insert(d);
                i += 1;
                continue;
            }
        }
        // A logo: an image before the title (with its caption when nothing else follows).
        if kinds[i] == Kind::Image || kinds[i] == Kind::Chrome {
            i += 1;
            continue;
        }
        break;
    }
    let Some(t) = lines
        .get(i)
        .filter(|_| !(i > 0 && kinds[i - 1] == Kind::Image && i + 1 == n))
    else {
        let why = if n == 0 {
            "the file holds only page chrome"
        } else if lines.iter().all(|l| date_of(l).is_some()) {
            "the file holds only a date line"
        } else {
            "the file holds only images, their captions and page chrome"
        };
        return Err(ParseError::NoTitle {
            line: first_no,
            why,
        });
    };
    let chars = t.text.chars().count();
    if chars > MAX_TITLE_CHARS {
        return Err(ParseError::TitleTooLong { line: t.no, chars });
    }
    let title = t.text.clone();
    i += 1;

    // Where the article ends: the first related heading, or the footer.
    let heading = (i..n).find(|&j| markers.is_heading(&lines[j].key));
    let mut trailing_footer = n;
    while trailing_footer > i && footer_at(lines, trailing_footer - 1, markers).is_some() {
        trailing_footer -= 1;
    }
    let footer = (i + 1..n)
        .find(|&j| match footer_at(lines, j, markers) {
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
        if matches!(kinds[i + pos], Kind::Chrome | Kind::End) {
            continue;
        }
        body.push(l);
    }
    let mut k = 0;
    let mut byline = None;
    let lead = match body.first() {
        Some(l) if is_plain(&l.text) => {
            k = 1;
            match lead_prefix(&l.text) {
                Some((name, rest)) => {
                    byline = Some(name.to_string());
                    Some(rest.to_string())
                }
                None => Some(l.text.clone()),
            }
        }
        _ => None,
    };
    let mut stop = body.len();
    let mut source = None;
    if stop > k && is_source(body[stop - 1].text.trim_start_matches(['/', ' '])) {
        let after_image = stop >= k + 2 && image_src(&body[stop - 2].text).is_some();
        if !after_image {
            source = Some(source_text(&body[stop - 1].text));
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
        source: source.or(byline),
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

/// Ends with a sentence's last mark (not a colon: "Các bước:" introduces a list).
fn ends_sentence_strict(s: &str) -> bool {
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
    blocks_with(lines, |l| is_plain(&l.text) && word_count(&l.text) <= 60)
}

/// Paragraphs, list items and images with their captions (the line after an image when
/// `caption` says it is one).
fn blocks_with(lines: &[&Line], caption: impl Fn(&Line) -> bool) -> Vec<Block> {
    let mut out = Vec::with_capacity(lines.len());
    let mut k = 0;
    while k < lines.len() {
        let t = &lines[k].text;
        k += 1;
        if let Some(src) = image_src(t) {
            let cap = lines.get(k).filter(|l| caption(l)).map(|l| l.text.clone());
            k += usize::from(cap.is_some());
            out.push(Block::Image(ImageRef {
                src: src.to_string(),
                caption: cap,
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
            let long = words >= 25 || (ends_sentence_strict(cand) && words > word_count(title));
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
