//! URL slugs: transliterated, lowercase ASCII, never a path.

/// Longest slug we produce, in bytes; longer titles are cut at a word boundary.
pub const MAX_LEN: usize = 80;

/// `"Lào Cai: đất đai"` → `"lao-cai-dat-dai"`. Always matches `[a-z0-9]+(-[a-z0-9]+)*`, or is
/// empty when the input has no letters or digits at all.
pub fn slugify(s: &str) -> String {
    // deunicode maps đ → d and strips tones; it also transliterates other scripts.
    let ascii = deunicode::deunicode(&s.replace(['đ', 'Đ'], "d"));
    let mut out = String::with_capacity(ascii.len().min(MAX_LEN + 8));
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let extra = if out.is_empty() { 0 } else { 1 };
        if out.len() + extra + word.len() > MAX_LEN {
            if out.is_empty() {
                out.push_str(&word[..MAX_LEN].to_ascii_lowercase());
            }
            break;
        }
        if extra == 1 {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

/// True when `s` is a slug as `slugify` makes them (used to validate user-given `slug:`).
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates_vietnamese() {
        assert_eq!(slugify("Lào Cai"), "lao-cai");
        assert_eq!(slugify("đất đai"), "dat-dai");
        assert_eq!(slugify("Khoa học - Công nghệ"), "khoa-hoc-cong-nghe");
        assert_eq!(
            slugify("Hy vọng mới cho AI châu Âu sau thành công của DeepSeek"),
            "hy-vong-moi-cho-ai-chau-au-sau-thanh-cong-cua-deepseek"
        );
    }

    #[test]
    fn a_traversal_title_is_just_a_slug() {
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("..\\..\\x"), "x");
        assert_eq!(slugify("/"), "");
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let s = slugify(&"từ ".repeat(100));
        assert!(s.len() <= MAX_LEN);
        assert!(is_valid(&s));
        assert!(!s.ends_with('-'));
    }

    #[test]
    fn validates() {
        assert!(is_valid("lao-cai-2"));
        assert!(!is_valid("../x"));
        assert!(!is_valid("A"));
        assert!(!is_valid(""));
    }
}
