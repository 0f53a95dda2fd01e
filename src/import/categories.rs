//! Which category an imported article goes in: `--category`, the page's own section, a
//! keyword of site.yaml's in the title or lead, or the default category.

use super::{Plan, Story};
use crate::config::Config;
use crate::slug::slugify;
use crate::text::{fold, nfc};

/// The category of `story`, as (name, slug, how it was chosen): `--category`, else the page's
/// own section when site.yaml has it, else the first category with a keyword in the title or
/// lead, else the default category.
pub(super) fn choose(cfg: &Config, plan: &Plan, story: &Story) -> (String, String, String) {
    let section = story
        .meta
        .section
        .as_deref()
        .and_then(|s| section_category(cfg, s));
    match (&plan.category, section, keyword_category(cfg, story)) {
        (Some((name, slug)), _, _) => (name.clone(), slug.clone(), "from --category".to_string()),
        (None, Some((name, slug)), _) => (
            name,
            slug,
            format!(
                "from the page's section \"{}\"",
                story.meta.section.as_deref().unwrap_or_default()
            ),
        ),
        (None, None, Some((name, slug, k))) => (name, slug, format!("from keyword \"{k}\"")),
        (None, None, None) => {
            let (name, slug) = plan.default.clone();
            (name, slug, "default".to_string())
        }
    }
}

/// A site.yaml category (or the default category) by name, ignoring case and tones.
pub(super) fn named(cfg: &Config, name: &str) -> Option<(String, String)> {
    if let Some(c) = cfg.category(name) {
        return Some((c.name.clone(), c.slug()));
    }
    let slug = slugify(&cfg.default_category);
    (fold(name) == fold(&cfg.default_category) && !slug.is_empty())
        .then(|| (cfg.default_category.clone(), slug))
}

/// The first category (in site.yaml order) with a keyword in the title or lead, as whole words
/// ignoring case and tones; a keyword written in capitals ("AI", "GDP") only in capitals, so
/// "AI" is not the Vietnamese word "ai". With the keyword that matched.
fn keyword_category<'a>(cfg: &'a Config, story: &Story) -> Option<(String, String, &'a str)> {
    let text = nfc(&format!(
        "{} {}",
        story.title,
        story.lead.as_deref().unwrap_or("")
    ));
    let hay = fold(&text);
    cfg.categories.iter().find_map(|c| {
        c.keywords
            .iter()
            .find(|k| keyword_in(k, &text, &hay))
            .map(|k| (c.name.clone(), c.slug(), k.as_str()))
    })
}

/// The site.yaml category an HTML page's own section names: by name, or by a keyword that
/// is the whole section name or one of its words, ignoring case and tones.
fn section_category(cfg: &Config, section: &str) -> Option<(String, String)> {
    let key = fold(section);
    if key.is_empty() {
        return None;
    }
    cfg.categories
        .iter()
        .find(|c| fold(&c.name) == key || fold(&c.slug().replace('-', " ")) == key)
        .or_else(|| {
            let text = nfc(section);
            cfg.categories
                .iter()
                .find(|c| c.keywords.iter().any(|k| keyword_in(k, &text, &key)))
        })
        .map(|c| (c.name.clone(), c.slug()))
}

/// Whether keyword `k` appears as a whole word in `text` (NFC), whose folded form is `hay`:
/// ignoring case and tones, but a keyword written in capitals only in capitals.
fn keyword_in(k: &str, text: &str, hay: &str) -> bool {
    let k = k.trim();
    if is_acronym(k) {
        return contains_word(text, &nfc(k));
    }
    let k = fold(k);
    !k.is_empty() && contains_word(hay, &k)
}

/// A keyword written in capitals: two or more letters, none lower case.
fn is_acronym(k: &str) -> bool {
    k.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !k.chars().any(char::is_lowercase)
}

fn contains_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tests::cfg;

    #[test]
    fn keywords_match_whole_words_ignoring_tones() {
        assert!(contains_word("hy vong moi cho ai chau au", "ai"));
        assert!(!contains_word("thu hai", "ai"));
        assert!(!contains_word("cong nghiep", "cong nghe"));
        assert!(contains_word("chuyen doi so.", "chuyen doi so"));
    }

    fn story(title: &str, lead: &str) -> Story {
        Story {
            title: title.into(),
            lead: Some(lead.into()),
            image: None,
            blocks: Vec::new(),
            source: None,
            date_line: None,
            related: Vec::new(),
            meta: Default::default(),
        }
    }

    #[test]
    fn capital_keywords_match_only_in_capitals() {
        let cfg = cfg();
        let hit = |t: &str, l: &str| keyword_category(&cfg, &story(t, l)).map(|(n, _, _)| n);
        assert_eq!(
            hit("Hy vọng mới cho AI châu Âu", "Mở đầu."),
            Some("Khoa học".into())
        );
        assert_eq!(hit("Ai sẽ thắng?", "Không ai biết."), None);
        assert_eq!(hit("Thủ tướng nói về AIDS", "Mở đầu."), None);
        assert_eq!(
            hit("Giá vàng", "Kinh tế tăng trưởng."),
            Some("Kinh tế".into())
        );
        assert_eq!(
            hit("Giá vàng", "KINH TẾ tăng trưởng."),
            Some("Kinh tế".into())
        );
    }
}
