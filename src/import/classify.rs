//! Block classification for scraped text, in the manner of jusText: each line is one block,
//! judged by its length, its sentence shape and its density of stopwords (function words, with
//! Vietnamese and English lists). Paragraphs of running prose are full of stopwords; menus,
//! labels, bylines and headlines are short and have few.
//!
//! The parser turns the classes into scores and keeps the best-scoring run of lines as the
//! article (see `parser::main_run`); the headline is chosen among the lines above it by
//! [`title_score`].

use std::collections::HashSet;

use crate::text::fold;

/// Vietnamese function syllables (folded: tones removed, `đ` → `d`). Folding makes a few content
/// words collide with them; a density is a rough measure and that does not change it much.
const STOP_VI: &[&str] = &[
    "cua", "va", "la", "co", "cac", "nhung", "duoc", "cho", "voi", "trong", "khong", "da", "nay",
    "mot", "nguoi", "de", "khi", "tu", "den", "cung", "ve", "ra", "theo", "nhu", "tai", "vao",
    "se", "thi", "ma", "lai", "do", "hon", "rang", "nhieu", "con", "bi", "nen", "van", "sau",
    "tren", "dang", "phai", "neu", "chi", "di", "len", "boi", "hay", "hoac", "qua", "nhat", "rat",
    "day", "ong", "ba", "ho", "chung", "toi", "ta", "lam", "the", "viec", "su", "vi", "nao", "gi",
    "o", "moi", "deu", "doi", "giua", "truoc", "them", "het", "ca", "vua", "nham", "chua", "quan",
    "dieu", "cuoc", "nam", "ngay", "so", "tinh", "hien", "dong", "thoi", "thuc",
];

/// English function words.
const STOP_EN: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "and",
    "is",
    "was",
    "for",
    "on",
    "that",
    "with",
    "as",
    "by",
    "at",
    "it",
    "he",
    "she",
    "they",
    "his",
    "her",
    "their",
    "from",
    "be",
    "are",
    "were",
    "has",
    "have",
    "had",
    "not",
    "but",
    "or",
    "this",
    "which",
    "who",
    "will",
    "would",
    "said",
    "its",
    "been",
    "more",
    "also",
    "than",
    "can",
    "could",
    "about",
    "after",
    "into",
    "out",
    "up",
    "one",
    "all",
    "there",
    "when",
    "what",
    "we",
    "you",
    "i",
    "our",
    "so",
    "if",
    "some",
    "other",
    "just",
    "no",
    "over",
    "only",
    "them",
    "him",
    "may",
    "because",
    "how",
    "most",
    "any",
    "these",
    "those",
    "such",
    "do",
    "does",
    "did",
    "being",
    "while",
    "where",
    "then",
    "now",
    "very",
    "like",
    "even",
    "both",
    "each",
    "through",
    "before",
    "between",
    "under",
    "against",
    "during",
    "without",
    "within",
    "among",
    "since",
    "until",
    "should",
    "must",
    "might",
    "here",
    "my",
    "me",
    "your",
    "us",
    "says",
    "many",
    "much",
    "own",
    "same",
    "too",
    "last",
    "first",
    "get",
    "got",
    "make",
    "made",
    "well",
    "way",
    "still",
    "says",
    "according",
    "s",
    "t",
];

/// What a line of text is, by shape alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Running prose: long enough, sentence-shaped, many stopwords.
    Good,
    /// Prose-like but short or thin on stopwords: kept when its neighbours are prose.
    NearGood,
    /// Too short to judge (menus, labels, headlines, bylines, subheadings).
    Short,
    /// Long but not prose (lists of names, link farms).
    Bad,
}

/// Lines shorter than this many characters are [`Class::Short`].
const LENGTH_LOW: usize = 60;
/// Prose at least this long is [`Class::Good`] even without a sentence end.
const LENGTH_HIGH: usize = 150;
const STOPWORDS_HIGH: f32 = 0.30;
const STOPWORDS_LOW: f32 = 0.20;
/// Only this many words of a line are looked at for its stopword density.
const DENSITY_WORDS: usize = 400;

/// The folded words of `s` (letters and digits), at most `max`.
pub fn words(s: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    for w in s.split(|c: char| !c.is_alphanumeric() && !is_mark(c)) {
        if w.is_empty() {
            continue;
        }
        if out.len() == max {
            break;
        }
        out.push(fold(w));
    }
    out
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

pub fn is_stopword(w: &str) -> bool {
    STOP_VI.contains(&w) || STOP_EN.contains(&w)
}

/// The share of stopwords among the first words of `s`.
pub fn stopword_density(s: &str) -> f32 {
    let ws = words(s, DENSITY_WORDS);
    if ws.is_empty() {
        return 0.0;
    }
    let stops = ws.iter().filter(|w| is_stopword(w)).count();
    stops as f32 / ws.len() as f32
}

pub fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end_matches(['"', '”', '’', '\'', '»', ')', ']', '*']);
    s.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// The class of a line of text (not an image, not a marker).
pub fn classify(s: &str) -> Class {
    let chars = s.chars().take(LENGTH_HIGH).count();
    if chars < LENGTH_LOW {
        return Class::Short;
    }
    let d = stopword_density(s);
    if d >= STOPWORDS_HIGH {
        if chars >= LENGTH_HIGH || ends_sentence(s) {
            Class::Good
        } else {
            Class::NearGood
        }
    } else if d >= STOPWORDS_LOW {
        Class::NearGood
    } else {
        Class::Bad
    }
}

/// Headline-like: 2 to 40 words, no sentence-final period, not starting in lower case.
pub fn headline_like(s: &str) -> bool {
    let n = crate::text::word_count(s);
    let t = s.trim_end_matches(['"', '”', '’', '\'', '»', ')', ']']);
    let first_lower = s
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase);
    (2..=40).contains(&n) && !t.ends_with(['.', ',', ';', ':']) && !first_lower
}

/// The content words of the article's first prose lines, to compare headline candidates with.
pub fn vocabulary<'a>(lines: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    lines
        .into_iter()
        .flat_map(|l| words(l, 200))
        .filter(|w| !is_stopword(w))
        .collect()
}

/// How much a line looks like the article's headline: the share of its content words found in
/// the prose below it (`vocab`), a headline's length, and nearness (`distance` in lines above
/// the first prose line). Higher is better; the caller has already ruled out non-candidates.
pub fn title_score(
    s: &str,
    vocab: &HashSet<String>,
    distance: usize,
    repeated: bool,
    caption: bool,
) -> f32 {
    // One-letter pieces ("U.S.") say nothing.
    let ws: Vec<String> = words(s, 60)
        .into_iter()
        .filter(|w| !is_stopword(w) && w.chars().count() > 1)
        .collect();
    let n = crate::text::word_count(s);
    let matched = ws.iter().filter(|w| vocab.contains(*w)).count();
    let overlap = if ws.is_empty() {
        0.0
    } else {
        matched as f32 / ws.len() as f32
    };
    let length = match n {
        5..=20 => 1.0,
        3..=4 | 21..=30 => 0.5,
        _ => 0.0,
    };
    // A label ("U.S. news") may share all of its one word with the body; a headline shares many.
    let mut score = 2.0 * overlap + 0.25 * matched.min(6) as f32 + length - 0.02 * distance as f32;
    if repeated {
        score += 1.0;
    }
    if ends_sentence(s) {
        score -= 1.0;
    }
    if caption {
        score -= 1.0; // the line under an image is its caption
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_menus_and_headlines() {
        let vi = "Theo Politico, trong bối cảnh cuộc đua phát triển trí tuệ nhân tạo toàn cầu \
                  đang diễn ra sôi động, một tin tức đáng chú ý từ Trung Quốc đã mang đến niềm \
                  hy vọng mới cho ngành công nghiệp của châu Âu.";
        assert_eq!(classify(vi), Class::Good);
        let en = "The company, which is expected to lay off thousands of employees beginning \
                  this week as it faces ballooning losses, confirmed on Monday that it had been \
                  contacted.";
        assert_eq!(classify(en), Class::Good);
        assert_eq!(classify("Politics"), Class::Short);
        let names = "Business California Climate Environment Entertainment Arts Food Lifestyle \
                     Obituaries Opinion Politics Science Sports Travel";
        assert_eq!(classify(names), Class::Bad);
        assert!(headline_like("Hy vọng mới cho AI châu Âu"));
        assert!(!headline_like("A sentence that ends."));
        assert!(!headline_like("Politics"));
    }

    #[test]
    fn the_headline_shares_words_with_the_body() {
        let vocab = vocabulary(["WeWork is investigated by the New York attorney general."]);
        let right = title_score(
            "New York attorney general investigating WeWork",
            &vocab,
            3,
            false,
            false,
        );
        let menu = title_score("Got a news tip?", &vocab, 1, false, false);
        let label = title_score("U.S. news", &vocab, 1, false, false);
        assert!(right > label, "{right} {label}");
        let caption = title_score(
            "New York attorney general investigating WeWork",
            &vocab,
            3,
            false,
            true,
        );
        assert!(right > caption, "{right} {caption}");
        assert!(right > menu, "{right} {menu}");
    }
}
