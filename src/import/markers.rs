//! Page-chrome markers: related-story headings, footer starts and single chrome lines, built in
//! for Vietnamese and English and extended by site.yaml's `import:` keys.
//!
//! Every marker is compared folded (lowercase, tones removed, `đ` → `d`), so `TIN LIÊN QUAN`,
//! `Tin liên quan:` and a decomposed `Tin liên quan` all match.

use std::collections::BTreeSet;

use crate::config::ImportConfig;

/// Headings that introduce related stories; everything after the first one is page chrome.
const RELATED_HEADINGS: &[&str] = &[
    "Có thể bạn quan tâm",
    "Bạn có thể quan tâm",
    "Có thể bạn muốn xem",
    "Tin cùng chuyên mục",
    "Cùng chuyên mục",
    "Tin cùng chủ đề",
    "Cùng chủ đề",
    "Tin liên quan",
    "Tin bài liên quan",
    "Bài liên quan",
    "Bài viết liên quan",
    "Tin mới",
    "Tin mới nhất",
    "Tin mới cập nhật",
    "Mới nhất",
    "Đọc thêm",
    "Xem thêm",
    "Tin khác",
    "Các tin khác",
    "Tin đọc nhiều",
    "Đọc nhiều",
    "Đọc nhiều nhất",
    "Xem nhiều",
    "Xem nhiều nhất",
    "Tin xem nhiều",
    "Tin nổi bật",
    "Nổi bật",
    "Tin tiêu điểm",
    "Tiêu điểm",
    "Related",
    "Related articles",
    "Related stories",
    "Related news",
    "Related content",
    "More from this section",
    "More in this section",
    "More stories",
    "More news",
    "More on this story",
    "You may also like",
    "You might also like",
    "Read more",
    "Read next",
    "Also read",
    "See also",
    "Recommended",
    "Recommended for you",
    "Most read",
    "Most popular",
    "Latest news",
    "Trending",
];

/// Footer starts recognised anywhere after the lead (on a line of at most 40 words).
const FOOTER_STRONG: &[&str] = &[
    "©",
    "Copyright",
    "Bản quyền thuộc",
    "Bản quyền ©",
    "All rights reserved",
];

/// Footer starts that could also open a body paragraph, so they only count after the first
/// related heading or among the last lines of the page.
const FOOTER_WEAK: &[&str] = &[
    "Bản quyền",
    "(c)",
    "Đường dây nóng",
    "Hotline",
    "Liên hệ quảng cáo",
    "Liên hệ tòa soạn",
    "Tòa soạn",
    "Giấy phép",
    "Ghi rõ nguồn",
    "Chia sẻ bài viết",
    "Theo dõi chúng tôi",
    "Tải ứng dụng",
    "Về đầu trang",
    "Lên đầu trang",
    "Share this article",
    "Share this",
    "Follow us",
    "Download the app",
    "Back to top",
];

/// Single lines of chrome, dropped wherever they appear (as are share-button rows).
const DROP_LINES: &[&str] = &[
    "Chia sẻ",
    "In bài",
    "In",
    "Lưu",
    "Lưu bài",
    "Lưu bài viết",
    "Bình luận",
    "Gửi bình luận",
    "0 bình luận",
    "Theo dõi",
    "Sao chép liên kết",
    "Nghe bài viết",
    "Quảng cáo",
    "Share",
    "Print",
    "Tweet",
    "Copy link",
    "Listen to this article",
    "Advertisement",
];

/// Words of a social-share row ("fb yt zl tw").
const SOCIAL: &[&str] = &[
    "fb",
    "facebook",
    "yt",
    "youtube",
    "zl",
    "zalo",
    "tw",
    "twitter",
    "x",
    "tiktok",
    "ig",
    "instagram",
    "in",
    "linkedin",
    "email",
    "mail",
    "rss",
    "telegram",
    "messenger",
    "pinterest",
    "threads",
];

/// The markers the parser recognises, stored folded.
#[derive(Debug, Clone)]
pub struct Markers {
    headings: BTreeSet<String>,
    footer_strong: Vec<String>,
    footer_weak: Vec<String>,
    drop: BTreeSet<String>,
    ends: BTreeSet<String>,
    /// Lines up to this many characters are folded whole; longer ones only this far, enough
    /// for the footer prefixes (no exact-match marker, and no share row, is that long).
    key_chars: usize,
}

/// A line's folded matching key, of the whole line or of its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineKey {
    pub key: String,
    pub whole: bool,
}

impl Default for Markers {
    fn default() -> Self {
        Markers::builtin()
    }
}

/// A line's matching key: [`crate::text::fold`] without a trailing colon (`"Tin liên quan:"` →
/// `"tin lien quan"`).
pub fn key(line: &str) -> String {
    let mut k = crate::text::fold(line);
    while k.ends_with([':', ' ', '：']) {
        k.pop();
    }
    k
}

impl Markers {
    /// Only the built-in Vietnamese and English markers.
    pub fn builtin() -> Self {
        Markers::with(&ImportConfig::default())
    }

    /// Built-in markers plus site.yaml's `import.related_headings`, `import.footer_markers`
    /// (strong: they end the page wherever they appear) and `import.drop_lines`.
    pub fn with(cfg: &ImportConfig) -> Self {
        let keys = |a: &[&str], b: &[String]| -> Vec<String> {
            a.iter()
                .copied()
                .chain(b.iter().map(String::as_str))
                .map(key)
                .filter(|k| !k.is_empty())
                .collect()
        };
        let headings: BTreeSet<String> = keys(RELATED_HEADINGS, &cfg.related_headings)
            .into_iter()
            .collect();
        let footer_strong = keys(FOOTER_STRONG, &cfg.footer_markers);
        let footer_weak = keys(FOOTER_WEAK, &[]);
        let drop: BTreeSet<String> = keys(DROP_LINES, &cfg.drop_lines).into_iter().collect();
        let ends: BTreeSet<String> = keys(END_HEADINGS, &[]).into_iter().collect();
        let longest = headings
            .iter()
            .chain(&footer_strong)
            .chain(&footer_weak)
            .chain(&drop)
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0);
        Markers {
            headings,
            footer_strong,
            footer_weak,
            drop,
            ends,
            key_chars: (longest + 8).max(48),
        }
    }

    /// The key to match `line` with: folded whole when it is short enough to be any marker,
    /// else only its start (so long paragraphs cost almost nothing).
    pub fn key_of(&self, line: &str) -> LineKey {
        match line.char_indices().nth(self.key_chars) {
            None => LineKey {
                key: key(line),
                whole: true,
            },
            Some((cut, _)) => LineKey {
                key: key(&line[..cut]),
                whole: false,
            },
        }
    }

    pub fn is_heading(&self, k: &LineKey) -> bool {
        k.whole && self.headings.contains(&k.key)
    }

    /// A heading that ends the article and introduces no stories ("Comments", "Ý kiến bạn đọc").
    pub fn is_end_heading(&self, k: &LineKey) -> bool {
        k.whole && self.ends.contains(&k.key)
    }

    pub fn is_drop_line(&self, k: &LineKey) -> bool {
        let key = k.key.as_str();
        k.whole && (self.drop.contains(key) || SOCIAL.contains(&key) || is_social_row(key))
    }

    /// `Some(true)` when `line` starts the footer wherever it is, `Some(false)` when it does only
    /// after the related stories or at the end of the page. Lines of more than 40 words never do.
    pub fn footer(&self, k: &LineKey, line: &str) -> Option<bool> {
        let strong = self
            .footer_strong
            .iter()
            .any(|m| starts_with_word(&k.key, m));
        let weak = !strong && self.footer_weak.iter().any(|m| starts_with_word(&k.key, m));
        if !(strong || weak) || crate::text::word_count(line) > 40 {
            return None;
        }
        Some(strong)
    }
}

/// Headings that end the article like a related heading but introduce no stories: comments.
const END_HEADINGS: &[&str] = &[
    "Comments",
    "Comment",
    "Leave a comment",
    "Leave a reply",
    "Add a comment",
    "Post a comment",
    "Join the conversation",
    "Reader comments",
    "Ý kiến",
    "Ý kiến bạn đọc",
    "Bình luận",
    "Viết bình luận",
    "Gửi bình luận",
];

/// Starts of single chrome lines (folded), dropped wherever they appear on a line of at most
/// [`CHROME_MAX_WORDS`] words: share, follow and sign-up prompts, browser warnings, credits and
/// copyright lines (in menus and under photos alike), labels.
const CHROME_STARTS: &[&str] = &[
    "share this",
    "share on",
    "share via",
    "share:",
    "share the",
    "share close",
    "show more sharing",
    "chia se",
    "follow us",
    "follow @",
    "theo doi chung toi",
    "sign up",
    "signup",
    "subscribe",
    "log in",
    "login",
    "sign in",
    "register",
    "create an account",
    "dang ky",
    "dang nhap",
    "skip to",
    "bo qua noi dung",
    "jump to",
    "ie 11 is not supported",
    "your browser",
    "this browser",
    "please enable javascript",
    "we've detected",
    "we have detected",
    "you are using an outdated",
    "these are external links",
    "welcome to",
    "trinh duyet",
    "©",
    "(c) ",
    "copyright",
    "all rights reserved",
    "ban quyen",
    "image credit",
    "image:",
    "photo credit",
    "photo:",
    "credit:",
    "image source",
    "picture:",
    "advertisement",
    "sponsored",
    "quang cao",
    "tags:",
    "tag:",
    "topics:",
    "tu khoa:",
    "trending:",
    "trending now",
    "xu huong:",
    "leave a comment",
    "add a comment",
    "view comments",
    "show comments",
    "gui binh luan",
    "viet binh luan",
    "copy link",
    "print this",
    "email this",
    "download the app",
    "tai ung dung",
    "back to top",
    "ve dau trang",
    "len dau trang",
    "read more",
    "xem them",
    "doc them",
    "continue reading",
    "click here",
    "bam vao",
    "nhan vao",
    "watch:",
    "listen:",
];

/// Lines longer than this are never chrome by [`CHROME_STARTS`].
pub const CHROME_MAX_WORDS: usize = 25;

/// A line of page chrome that is not a marker of structure: see [`CHROME_STARTS`]; also
/// "Follow X on Twitter", "Theo dõi X trên Google News", "N comments" and image placeholders
/// ("… - Hình 3", "Ảnh 2").
pub fn is_chrome(k: &LineKey, line: &str) -> bool {
    let words = crate::text::word_count(line);
    if words > CHROME_MAX_WORDS {
        return false;
    }
    let key = k.key.as_str();
    if CHROME_STARTS.iter().any(|m| starts_with_word(key, m)) {
        return true;
    }
    let ws: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric() && c != '@')
        .filter(|w| !w.is_empty())
        .collect();
    let social = ws.iter().any(|w| SOCIAL.contains(w) || *w == "google");
    match ws.as_slice() {
        ["follow", ..] | ["share", ..] if social => return true,
        ["theo", "doi", rest @ ..] if rest.contains(&"tren") => return true,
        [n, "comments" | "comment" | "binh", ..] if n.bytes().all(|b| b.is_ascii_digit()) => {
            return words <= 3
        }
        _ => {}
    }
    // "… - Hình 3", "Ảnh 2", "Image 4 of 12"
    if let [.., w, n] = ws.as_slice() {
        if matches!(*w, "hinh" | "anh" | "image" | "photo")
            && n.bytes().all(|b| b.is_ascii_digit())
            && k.whole
            && (words <= 3 || key.contains(" - ") || key.contains(" – "))
        {
            return true;
        }
    }
    false
}

/// "fb yt zl tw", "Facebook | Zalo | Email": two or more share-button words and nothing else.
fn is_social_row(key: &str) -> bool {
    let mut n = 0;
    for w in key
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '·' | '•' | '/' | ','))
        .filter(|w| !w.is_empty())
    {
        if !SOCIAL.contains(&w) {
            return false;
        }
        n += 1;
    }
    n >= 2
}

/// `key` starts with `marker` followed by a word boundary ("hotline:" yes, "hotlines" no).
fn starts_with_word(key: &str, marker: &str) -> bool {
    if key.as_bytes().first() != marker.as_bytes().first() {
        return false; // cheap, and most lines differ at once
    }
    match key.strip_prefix(marker) {
        Some(rest) => {
            let last_is_word = marker.chars().last().is_some_and(char::is_alphanumeric);
            !last_is_word || !rest.chars().next().is_some_and(char::is_alphanumeric)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(m: &Markers, line: &str) -> bool {
        m.is_heading(&m.key_of(line))
    }

    fn footer(m: &Markers, line: &str) -> Option<bool> {
        m.footer(&m.key_of(line), line)
    }

    fn drop(m: &Markers, line: &str) -> bool {
        m.is_drop_line(&m.key_of(line))
    }

    #[test]
    fn headings_match_folded_with_or_without_colon() {
        let m = Markers::builtin();
        assert!(heading(&m, "Tin cùng chuyên mục"));
        assert!(heading(&m, "TIN LIÊN QUAN:"));
        assert!(heading(&m, "Tin lie\u{302}n quan"));
        assert_eq!(key("  ĐẤT  đai\u{a0}:"), crate::text::fold("ĐẤT đai"));
        assert!(heading(&m, "You may also like"));
        assert!(!heading(&m, "Tin liên quan đến vụ án"));
        let long = format!("Tin liên quan {}", "rất dài ".repeat(40));
        assert!(!m.key_of(&long).whole);
        assert!(!heading(&m, &long));
    }

    #[test]
    fn footer_markers() {
        let m = Markers::builtin();
        assert!(drop(&m, "fb yt zl tw"));
        assert!(drop(&m, "Facebook | Zalo"));
        assert!(!drop(&m, "fb yt và nhiều hơn"));
        assert_eq!(footer(&m, "© 2025 Báo Tin tức"), Some(true));
        assert_eq!(footer(&m, "Bản quyền thuộc về TTXVN"), Some(true));
        assert_eq!(footer(&m, "Đường dây nóng: 0912 345 678"), Some(false));
        assert_eq!(footer(&m, "Hotlines are busy"), None);
        assert_eq!(footer(&m, "Theo Politico, trong bối cảnh"), None);
        let long = format!("© {}", "chữ ".repeat(41));
        assert_eq!(footer(&m, &long), None, "more than 40 words is a paragraph");
    }

    #[test]
    fn chrome_lines_anywhere() {
        let m = Markers::builtin();
        let chrome = |line: &str| is_chrome(&m.key_of(line), line);
        for line in [
            "Share this article on X",
            "- Share this article on Facebook",
            "Share: Facebook Twitter",
            "Follow us on Twitter",
            "Theo dõi Báo Mẫu trên Google News",
            "Sign up for our morning newsletter to get the day's top stories.",
            "Skip to main content",
            "IE 11 is not supported. For an optimal experience visit our site on another browser.",
            "© Ảnh: Báo Mẫu",
            "Copyright © 2019, Los Angeles Times | Terms of Service",
            "Photo: Sam Rivera / Getty Images",
            "Cầu Long Biên nhìn từ trên cao - Hình 3",
            "12 comments",
        ] {
            assert!(chrome(line), "{line:?} is chrome");
        }
        for line in [
            "Theo Politico, trong bối cảnh cuộc đua phát triển trí tuệ nhân tạo",
            "Subscribers can read the full report online.",
            "Sharing the road safely is everyone's job, the mayor said.",
            "Ông Hình 3 lần được bầu vào hội đồng",
            "Theo dõi sát diễn biến của cơn bão, tỉnh đã sơ tán 2.000 hộ dân.",
        ] {
            assert!(!chrome(line), "{line:?} is not chrome");
        }
        let long = format!("Share this {}", "word ".repeat(30));
        assert!(!chrome(&long), "more than 25 words is a paragraph");
    }

    #[test]
    fn config_adds_markers() {
        let cfg = ImportConfig {
            related_headings: vec!["Đừng bỏ lỡ".into()],
            footer_markers: vec!["Cơ quan chủ quản".into()],
            drop_lines: vec!["Nghe audio".into()],
        };
        let m = Markers::with(&cfg);
        assert!(heading(&m, "Đừng bỏ lỡ"));
        assert!(heading(&m, "Tin liên quan"));
        assert_eq!(footer(&m, "Cơ quan chủ quản: Bộ X"), Some(true));
        assert!(drop(&m, "NGHE AUDIO"));
        assert!(drop(&m, "Chia sẻ"));
        assert!(!heading(&Markers::builtin(), "Đừng bỏ lỡ"));
    }
}
