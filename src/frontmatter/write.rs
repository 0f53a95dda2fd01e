//! Writing a content file: front matter YAML as serde_yaml writes it, then the body.

use super::style::{style, Style};
use super::FrontMatter;

/// Serialise front matter and body into a content file.
pub fn write(fm: &FrontMatter, body: &str) -> Result<String, serde_yaml::Error> {
    let yaml = match yaml_of(fm) {
        Some(y) => y,
        None => serde_yaml::to_string(fm)?,
    };
    let mut out = String::with_capacity(yaml.len() + body.len() + 16);
    out.push_str("---\n");
    out.push_str(&yaml);
    out.push_str("---\n");
    out.push_str(body);
    if !body.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// The YAML `serde_yaml::to_string(fm)` gives, byte for byte, written directly: serde_yaml goes
/// through libyaml's event emitter and was the largest single cost of `bantin import` after
/// parsing. `None` (use serde_yaml) when `extra` holds values or a text has a line break (both
/// need libyaml's block styles). Each text is styled as serde_yaml would ([`style`]); the test
/// `front_matter_yaml_is_serde_yamls` holds the two together on tricky texts.
pub(super) fn yaml_of(fm: &FrontMatter) -> Option<String> {
    if !fm.extra.is_empty() {
        return None;
    }
    let mut y = String::with_capacity(512 + fm.related.len() * 256);
    fn field(y: &mut String, indent: &str, key: &str, value: Option<&String>) -> Option<()> {
        let Some(v) = value else {
            return Some(());
        };
        y.push_str(indent);
        y.push_str(key);
        y.push_str(": ");
        scalar(y, v)?;
        y.push('\n');
        Some(())
    }
    field(&mut y, "", "title", Some(&fm.title))?;
    field(&mut y, "", "date", fm.date.as_ref())?;
    field(&mut y, "", "updated", fm.updated.as_ref())?;
    field(&mut y, "", "category", fm.category.as_ref())?;
    /// `key:` and one `- text` line per item.
    fn list(y: &mut String, key: &str, items: &[String]) -> Option<()> {
        y.push_str(key);
        y.push_str(":\n");
        for t in items {
            y.push_str("- ");
            scalar(y, t)?;
            y.push('\n');
        }
        Some(())
    }
    if fm.tags.is_empty() {
        y.push_str("tags: []\n");
    } else {
        list(&mut y, "tags", &fm.tags)?;
    }
    field(&mut y, "", "summary", fm.summary.as_ref())?;
    if let Some(i) = &fm.image {
        y.push_str("image:\n");
        field(&mut y, "  ", "src", Some(&i.src))?;
        field(&mut y, "  ", "caption", i.caption.as_ref())?;
        field(&mut y, "  ", "alt", i.alt.as_ref())?;
    }
    field(&mut y, "", "source", fm.source.as_ref())?;
    field(&mut y, "", "author", fm.author.as_ref())?;
    field(&mut y, "", "source_url", fm.source_url.as_ref())?;
    if !fm.related.is_empty() {
        y.push_str("related:\n");
        for r in &fm.related {
            y.push_str("- ");
            field(&mut y, "", "title", Some(&r.title))?;
            field(&mut y, "  ", "summary", r.summary.as_ref())?;
            field(&mut y, "  ", "url", r.url.as_ref())?;
            field(&mut y, "  ", "group", r.group.as_ref())?;
        }
    }
    field(&mut y, "", "slug", fm.slug.as_ref())?;
    if !fm.aliases.is_empty() {
        list(&mut y, "aliases", &fm.aliases)?;
    }
    if fm.draft {
        y.push_str("draft: true\n");
    }
    Some(y)
}

/// One text as a YAML scalar on one line, styled as serde_yaml styles it ([`style`]). `None`
/// for a text with a line break (a quoted text then spans lines, indented by where it stands).
fn scalar(y: &mut String, v: &str) -> Option<()> {
    match style(v) {
        Style::Plain => y.push_str(v),
        Style::SingleQuoted => {
            y.push('\'');
            let mut last = 0;
            for (i, _) in v.match_indices('\'') {
                y.push_str(&v[last..=i]);
                y.push('\'');
                last = i + 1;
            }
            y.push_str(&v[last..]);
            y.push('\'');
        }
        Style::AskSerdeYaml => {
            if v.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
                return None;
            }
            let quoted = serde_yaml::to_string(v).ok()?;
            y.push_str(quoted.strip_suffix('\n').unwrap_or(&quoted));
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_texts_are_written_plain() {
        for t in [
            "Lào Cai",
            "a:b",
            "a#b",
            "BNN&MT",
            "GRDP 9,46%",
            "Sáng 29/12",
            "a - b",
        ] {
            assert_eq!(style(t), Style::Plain, "{t:?}");
        }
        for t in ["Lào Cai: Kinh tế", "“Bình dân” #1", "'a'", " a", "a "] {
            assert_eq!(style(t), Style::SingleQuoted, "{t:?}");
        }
        let fm = FrontMatter {
            title: "Lào Cai: Kinh tế số".into(),
            summary: Some("Sáng 29/12, tại Lào Cai".into()),
            ..FrontMatter::default()
        };
        assert_eq!(
            yaml_of(&fm).unwrap(),
            "title: 'Lào Cai: Kinh tế số'\ntags: []\nsummary: Sáng 29/12, tại Lào Cai\n"
        );
    }
}
