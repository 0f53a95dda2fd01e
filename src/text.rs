//! Text normalisation shared by import, content loading and search.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// NFC-normalise `s` (Vietnamese text often arrives decomposed: "a" + combining grave).
pub fn nfc(s: &str) -> String {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_string(),
        _ => s.nfc().collect(),
    }
}

/// Fold text for matching: lowercase, tones and other diacritics removed, `đ` → `d`,
/// whitespace collapsed. `"Lào Cai"` → `"lao cai"`, `"đất đai"` → `"dat dai"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    let mut push = |c: char, out: &mut String| {
        if unicode_normalization::char::is_combining_mark(c) {
            return;
        }
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
            return;
        }
        space = false;
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    };
    // Character by character: the combining marks NFD would order are all dropped, so the
    // decomposition of each character alone gives the same result without NFD's buffering
    // (fold ran on every line of every imported file and every search entry).
    for c in s.chars() {
        if c.is_ascii() {
            push(c, &mut out);
        } else {
            unicode_normalization::char::decompose_canonical(c, |d| push(d, &mut out));
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Key used to de-duplicate titles: folded, with punctuation dropped.
pub fn title_key(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    for w in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Words in `s` (a Vietnamese syllable counts as a word).
pub fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_decomposed_vietnamese() {
        let nfd = "La\u{300}o Cai";
        assert_eq!(nfc(nfd), "Lào Cai");
    }

    #[test]
    fn fold_removes_tones_and_d() {
        assert_eq!(fold("Lào Cai"), "lao cai");
        assert_eq!(fold("ĐẤT  đai\u{a0}"), "dat dai");
        assert_eq!(fold("Trí tuệ nhân tạo"), "tri tue nhan tao");
    }

    #[test]
    fn title_key_ignores_punctuation_and_case() {
        assert_eq!(
            title_key("Lào Cai: Kinh tế số chiếm 9,46% GRDP"),
            title_key("lào cai kinh tế số chiếm 9 46 grdp")
        );
    }

    #[test]
    fn counts_syllables_as_words() {
        assert_eq!(word_count("Hy vọng mới cho AI châu Âu - ok"), 8);
    }
}

/// `s` cut at a word boundary to at most `max` characters, with `…` when cut.
pub fn truncate_words(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut len = 0;
    for w in s.split_whitespace() {
        let wl = w.chars().count();
        if len + wl + 1 > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            len += 1;
        }
        out.push_str(w);
        len += wl;
    }
    out.push('…');
    out
}

/// Append `s` to `out` with `& < > " '` escaped (safe in element content and quoted attributes).
pub fn escape_html_into(s: &str, out: &mut String) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// `s` with `& < > " '` escaped.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_html_into(s, &mut out);
    out
}

#[cfg(test)]
mod escape_tests {
    #[test]
    fn truncates_at_a_word() {
        assert_eq!(super::truncate_words("ngắn", 10), "ngắn");
        let t = super::truncate_words("một hai ba bốn năm sáu", 12);
        assert_eq!(t, "một hai ba…");
        assert!(t.chars().count() <= 12);
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape_html("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
