//! Text normalisation shared by import, content loading and search.

use std::borrow::Cow;
use std::sync::LazyLock;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Bytes read from a file as a `String`, validated with SIMD (std's validator goes a byte at a
/// time through non-ASCII text, and Vietnamese is a third non-ASCII); on invalid input, std's
/// error, which says where.
pub fn utf8_string(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return String::from_utf8(bytes);
    }
    // SAFETY: `bytes` was just validated as UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// NFC-normalise `s` (Vietnamese text often arrives decomposed: "a" + combining grave).
pub fn nfc(s: &str) -> String {
    nfc_cow(s).into_owned()
}

/// [`nfc`] without the copy when `s` is already NFC (nearly always: precomposed Vietnamese).
pub fn nfc_cow(s: &str) -> Cow<'_, str> {
    if is_plainly_nfc(s) {
        return Cow::Borrowed(s);
    }
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    }
}

/// [`nfc`] of an owned string, reusing it when it is already NFC.
pub fn nfc_owned(s: String) -> String {
    match nfc_cow(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(n) => n,
    }
}

/// Whether every character of `s` is one that is NFC whatever surrounds it (quick check "yes",
/// combining class 0): ASCII, U+0080–U+02FF (Latin-1, Latin Extended-A/B with ơ ư ă đ),
/// U+1E00–U+1EFF (the precomposed Vietnamese letters with tones) and U+2002–U+207F (dashes,
/// curly quotes, ellipsis). A byte scan, several times faster than the general quick check; a
/// `false` only means "ask the general check". The test `plainly_nfc_ranges_are_nfc` checks
/// every character of these ranges against the Unicode tables.
fn is_plainly_nfc(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            i += 1;
            continue;
        }
        match x {
            // U+0080–U+02FF; `s` is valid UTF-8, so the continuation byte is there.
            0xc2..=0xcb => i += 2,
            // U+1E00–U+1EFF
            0xe1 if matches!(b.get(i + 1), Some(0xb8..=0xbb)) => i += 3,
            // U+2002–U+207F (U+2000 and U+2001 decompose to U+2002 and U+2003)
            0xe2 if b.get(i + 1) == Some(&0x81)
                || (b.get(i + 1) == Some(&0x80) && !matches!(b.get(i + 2), Some(0x80 | 0x81))) =>
            {
                i += 3
            }
            _ => return false,
        }
    }
    true
}

/// Fold text for matching: lowercase, tones and other diacritics removed, `đ` → `d`,
/// whitespace collapsed. `"Lào Cai"` → `"lao cai"`, `"đất đai"` → `"dat dai"`.
pub fn fold(s: &str) -> String {
    let table = &*FOLD_TABLE;
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars() {
        let cp = c as u32;
        if cp < 0x80 {
            if matches!(cp, 0x09..=0x0d | 0x20) {
                if !space {
                    out.push(' ');
                    space = true;
                }
            } else {
                space = false;
                out.push(c.to_ascii_lowercase());
            }
            continue;
        }
        match table.get(cp as usize - 0x80) {
            Some(&f) if f != 0 => {
                space = false;
                out.push(f as char);
            }
            _ => fold_char(c, &mut out, &mut space),
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Characters from U+0080 to this one are looked up in [`FOLD_TABLE`].
const FOLD_TABLE_END: u32 = 0x1f00;

/// For each character from U+0080 to U+1EFF, the one ASCII letter or digit it folds to (`ế` →
/// `e`, `Đ` → `d`), or 0 when it folds to anything else (nothing, a space, several characters,
/// non-ASCII). Built once from [`fold_char`] itself, so the table and the general path can never
/// disagree; it makes folding Vietnamese a lookup per letter instead of a decomposition.
static FOLD_TABLE: LazyLock<Vec<u8>> = LazyLock::new(|| {
    (0x80..FOLD_TABLE_END)
        .map(|cp| {
            let Some(c) = char::from_u32(cp) else {
                return 0;
            };
            let (mut one, mut space) = (String::new(), true);
            fold_char(c, &mut one, &mut space);
            match one.as_bytes() {
                [b] if b.is_ascii_alphanumeric() => *b,
                _ => 0,
            }
        })
        .collect()
});

/// Fold one character onto `out`; `space` says whether `out` ends in a collapsed space (or is
/// at the start). Character by character: the combining marks NFD would order are all dropped,
/// so the decomposition of each character alone gives the same result without NFD's buffering.
fn fold_char(c: char, out: &mut String, space: &mut bool) {
    let mut push = |c: char| {
        if unicode_normalization::char::is_combining_mark(c) {
            return;
        }
        if c.is_whitespace() {
            if !*space {
                out.push(' ');
                *space = true;
            }
            return;
        }
        *space = false;
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    };
    if c.is_ascii() {
        push(c);
    } else {
        unicode_normalization::char::decompose_canonical(c, push);
    }
}

/// Key used to de-duplicate titles: folded, with punctuation dropped.
pub fn title_key(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut gap = false;
    for c in folded.chars() {
        let word = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if word {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
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
    fn utf8_strings_are_checked() {
        assert_eq!(utf8_string("Lào Cai".into()).unwrap(), "Lào Cai");
        let bad = b"L\xe0o".to_vec();
        let e = utf8_string(bad).unwrap_err();
        assert_eq!(e.utf8_error().valid_up_to(), 1);
        // Truncated sequence at the very end
        assert!(utf8_string(b"ao\xe1\xba".to_vec()).is_err());
    }

    #[test]
    fn plainly_nfc_ranges_are_nfc() {
        use unicode_normalization::char::canonical_combining_class;
        let mut checked = 0;
        for cp in 0..0x11_0000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if !is_plainly_nfc(c.encode_utf8(&mut [0; 4])) {
                continue;
            }
            checked += 1;
            assert_eq!(
                (
                    is_nfc_quick(std::iter::once(c)),
                    canonical_combining_class(c)
                ),
                (IsNormalized::Yes, 0),
                "U+{cp:04X} is taken as plainly NFC but is not"
            );
        }
        // ASCII, U+0080–U+02FF, U+1E00–U+1EFF, U+2002–U+207F
        assert_eq!(checked, 0x80 + 0x280 + 0x100 + 0x7e);
        assert!(!is_plainly_nfc("a\u{300}"));
        assert!(!is_plainly_nfc("\u{2000}"));
        assert!(matches!(nfc_cow("Lào Cai – “số”…"), Cow::Borrowed(_)));
        assert_eq!(nfc_owned("La\u{300}o".into()), "Lào");
    }

    #[test]
    fn fold_table_agrees_with_folding_character_by_character() {
        let slow = |s: &str| {
            let (mut out, mut space) = (String::new(), true);
            for c in s.chars() {
                fold_char(c, &mut out, &mut space);
            }
            if out.ends_with(' ') {
                out.pop();
            }
            out
        };
        let all: String = (0..0x2100u32).filter_map(char::from_u32).collect();
        assert_eq!(fold(&all), slow(&all));
        for s in [
            "Lào Cai",
            "  ĐẤT\u{a0}\u{a0}đai\t ",
            "La\u{300}o",
            "Ǆ ß İ ﬁ",
            "\u{b}x\u{85}y",
        ] {
            assert_eq!(fold(s), slow(s), "{s:?}");
        }
    }

    #[test]
    fn fold_removes_tones_and_d() {
        assert_eq!(fold("Lào Cai"), "lao cai");
        assert_eq!(fold("ĐẤT  đai\u{a0}"), "dat dai");
        assert_eq!(fold("Trí tuệ nhân tạo"), "tri tue nhan tao");
    }

    #[test]
    fn title_key_is_the_folded_words_joined() {
        let by_words = |s: &str| {
            let folded = fold(s);
            let words: Vec<&str> = folded
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            words.join(" ")
        };
        let all: String = (0..0x2100u32).filter_map(char::from_u32).collect();
        for s in [all.as_str(), "  Lào Cai: “số” 9,46%!! ", "--", "", "a_b-c"] {
            assert_eq!(title_key(s), by_words(s), "{s:?}");
        }
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
