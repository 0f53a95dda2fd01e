//! Page-chrome markers: related-story headings, footer starts and single chrome lines, built in
//! for Vietnamese and English and extended by site.yaml's `import:` keys.
//!
//! Every marker is compared folded (lowercase, tones removed, `đ` → `d`), so `TIN LIÊN QUAN`,
//! `Tin liên quan:` and a decomposed `Tin liên quan` all match.

use std::collections::BTreeSet;

use crate::config::ImportConfig;
use crate::text::fold;

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
}

impl Default for Markers {
    fn default() -> Self {
        Markers::builtin()
    }
}

/// A line's matching key: folded, without a trailing colon.
pub fn key(line: &str) -> String {
    let mut k = fold(line);
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
        Markers {
            headings: keys(RELATED_HEADINGS, &cfg.related_headings)
                .into_iter()
                .collect(),
            footer_strong: keys(FOOTER_STRONG, &cfg.footer_markers),
            footer_weak: keys(FOOTER_WEAK, &[]),
            drop: keys(DROP_LINES, &cfg.drop_lines).into_iter().collect(),
        }
    }

    pub fn is_heading(&self, key: &str) -> bool {
        self.headings.contains(key)
    }

    pub fn is_drop_line(&self, key: &str) -> bool {
        self.drop.contains(key) || SOCIAL.contains(&key) || is_social_row(key)
    }

    /// `Some(true)` for a strong footer start, `Some(false)` for a weak one.
    pub fn footer(&self, key: &str) -> Option<bool> {
        if crate::text::word_count(key) > 40 {
            return None;
        }
        if self.footer_strong.iter().any(|m| starts_with_word(key, m)) {
            Some(true)
        } else if self.footer_weak.iter().any(|m| starts_with_word(key, m)) {
            Some(false)
        } else {
            None
        }
    }
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

    #[test]
    fn headings_match_folded_with_or_without_colon() {
        let m = Markers::builtin();
        assert!(m.is_heading(&key("Tin cùng chuyên mục")));
        assert!(m.is_heading(&key("TIN LIÊN QUAN:")));
        assert!(m.is_heading(&key("Tin lie\u{302}n quan")));
        assert!(m.is_heading(&key("You may also like")));
        assert!(!m.is_heading(&key("Tin liên quan đến vụ án")));
    }

    #[test]
    fn footer_markers() {
        let m = Markers::builtin();
        assert!(m.is_drop_line(&key("fb yt zl tw")));
        assert!(m.is_drop_line(&key("Facebook | Zalo")));
        assert!(!m.is_drop_line(&key("fb yt và nhiều hơn")));
        assert_eq!(m.footer(&key("© 2025 Báo Tin tức")), Some(true));
        assert_eq!(m.footer(&key("Bản quyền thuộc về TTXVN")), Some(true));
        assert_eq!(m.footer(&key("Đường dây nóng: 0912 345 678")), Some(false));
        assert_eq!(m.footer(&key("Hotlines are busy")), None);
        assert_eq!(m.footer(&key("Theo Politico, trong bối cảnh")), None);
    }

    #[test]
    fn config_adds_markers() {
        let cfg = ImportConfig {
            related_headings: vec!["Đừng bỏ lỡ".into()],
            footer_markers: vec!["Cơ quan chủ quản".into()],
            drop_lines: vec!["Nghe audio".into()],
        };
        let m = Markers::with(&cfg);
        assert!(m.is_heading(&key("Đừng bỏ lỡ")));
        assert!(m.is_heading(&key("Tin liên quan")));
        assert_eq!(m.footer(&key("Cơ quan chủ quản: Bộ X")), Some(true));
        assert!(m.is_drop_line(&key("NGHE AUDIO")));
        assert!(m.is_drop_line(&key("Chia sẻ")));
        assert!(!Markers::builtin().is_heading(&key("Đừng bỏ lỡ")));
    }
}
