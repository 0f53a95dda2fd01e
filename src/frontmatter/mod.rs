//! The front matter every article file carries: written by `import`, read by `content`.
//!
//! One struct for both directions, so what the importer writes is exactly what the build reads
//! (the round-trip tests below hold them together). The rooms: [`split`] finds the YAML block
//! of a file, [`check_nesting`] refuses YAML too deep to parse, [`write()`] writes the block
//! (directly, as serde_yaml would), [`read`] reads it (directly for bantin's own layout and
//! plain flow style, serde_yaml for the rest), `style` is what both agree a text looks like in
//! YAML, and [`parse_date`] reads the `date`/`updated` forms.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod dates;
mod lines;
mod nesting;
mod read;
mod split;
mod style;
mod write;

pub use dates::parse_date;
pub use lines::{front_matter_lines, key_line, line_with};
pub use nesting::{check_nesting, TooDeep, MAX_NESTING};
pub use read::read;
pub use split::split;
pub use write::write;

/// The YAML block between the `---` fences at the top of a content file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrontMatter {
    pub title: String,
    /// RFC 3339 (`2025-01-25T13:53:22+07:00`), or `2025-01-25`, or `2025-01-25 13:53`
    /// (the site's timezone is assumed when none is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Last modification, same forms as `date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The lead (sapo) paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// The source or byline line ("Báo Tin tức", "Theo VnExpress").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The address the article was imported from (an HTML page's canonical URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// Related stories kept from the scraped page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// Overrides the slug made from the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Old URLs of this article; each gets a redirect page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub draft: bool,
    /// Anything else, passed to templates as `page.extra`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub src: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Alternative text; the caption is used when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The heading it was listed under ("Tin cùng chuyên mục").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::read::read_direct;
    use super::write::yaml_of;
    use super::*;

    /// Texts around every rule of libyaml's plain-scalar analysis and serde_yaml's type guessing.
    fn tricky_texts() -> Vec<String> {
        let mut v: Vec<String> = [
            "",
            " ",
            "a",
            "Lào Cai",
            "Lào Cai: Kinh tế",
            "a:b",
            "a:",
            "a :b",
            "a #b",
            "a#b",
            "#a",
            "- a",
            "-a",
            "--- a",
            "---",
            "...",
            "..a",
            ".5",
            "+1",
            "-1",
            "0123",
            "1e5",
            "12",
            "0x1F",
            "1.0",
            ".inf",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "false",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "a ",
            " a",
            "a  b",
            "a\tb",
            "a\nb",
            "a\n",
            "\n",
            "a\rb",
            "a\u{85}b",
            "a\u{2028}b",
            "a\u{2029}",
            "\u{feff}a",
            "a\u{feff}",
            "a\u{a0}",
            "\u{a0}a",
            "emoji 😀",
            "\u{1}",
            "a\u{7f}b",
            "a\u{9f}b",
            "a\u{fffe}",
            "a\u{e000}",
            "“trích dẫn”",
            "'a'",
            "\"a\"",
            "a'b",
            "a\"b",
            "a\\b",
            "?a",
            "? a",
            ":a",
            ": a",
            "a?",
            "a, b",
            "[a]",
            "{a}",
            "a[0]",
            "&a",
            "*a",
            "!a",
            "|a",
            ">a",
            "%a",
            "@a",
            "`a",
            "a|b",
            "a>b",
            "a%",
            "a@b",
            "a`",
            "a - b",
            "a -",
            "BNN&MT",
            "9,46% GRDP",
            "https://example.com/a#b",
            "c:\\x",
            "a: ",
            "a #",
            "x: y: z",
            "2025-01-25",
            "2025-01-25T13:53:22+07:00",
            "Sáng 29/12",
            "<b>a</b>",
            "=",
            "a=b",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every short string over an alphabet of the characters that matter.
        let alphabet = [
            'a', ' ', ':', '#', '-', '\'', '"', '\t', 'ệ', '?', ',', '.', '0',
        ];
        for x in alphabet {
            v.push(x.to_string());
            for y in alphabet {
                v.push(format!("{x}{y}"));
                for z in alphabet {
                    v.push(format!("{x}{y}{z}"));
                }
            }
        }
        v
    }

    #[test]
    fn front_matter_yaml_is_serde_yamls() {
        let mut texts = tricky_texts();
        texts.extend(
            [
                "2025-01-25",
                "2025-01-25T13:53:22+07:00",
                "2025-01-25 13:53",
            ]
            .map(String::from),
        );
        let (mut direct, mut read_directly) = (0, 0);
        for (i, t) in texts.iter().enumerate() {
            let other = &texts[(i * 7 + 3) % texts.len()];
            let fm = FrontMatter {
                title: t.clone(),
                date: Some(other.clone()),
                updated: (i % 3 == 0).then(|| t.clone()),
                category: Some(t.clone()),
                tags: if i % 2 == 0 {
                    vec![t.clone(), other.clone()]
                } else {
                    vec![]
                },
                summary: Some(other.clone()),
                image: (i % 4 != 1).then(|| Image {
                    src: t.clone(),
                    caption: (i % 2 == 0).then(|| other.clone()),
                    alt: (i % 5 == 0).then(|| t.clone()),
                }),
                source: Some(t.clone()),
                author: (i % 3 == 1).then(|| other.clone()),
                source_url: (i % 4 == 3).then(|| t.clone()),
                related: (0..i % 3)
                    .map(|k| Related {
                        title: if k == 0 { t.clone() } else { other.clone() },
                        summary: Some(other.clone()),
                        url: (k == 1).then(|| t.clone()),
                        group: Some(t.clone()),
                    })
                    .collect(),
                slug: (i % 4 == 2).then(|| t.clone()),
                aliases: if i % 3 == 2 { vec![t.clone()] } else { vec![] },
                draft: i % 2 == 1,
                extra: BTreeMap::new(),
            };
            let expected = serde_yaml::to_string(&fm).unwrap();
            if let Some(got) = yaml_of(&fm) {
                assert_eq!(got, expected, "texts {t:?} and {other:?}");
                direct += 1;
            }
            // And what is written reads back as the same front matter, read directly when
            // the direct reader settles it.
            let file = write(&fm, "Body\n").unwrap();
            let (yaml, _, _) = split(&file).unwrap();
            assert_eq!(
                serde_yaml::from_str::<FrontMatter>(yaml).unwrap(),
                fm,
                "{t:?}"
            );
            assert_eq!(read(yaml).unwrap(), fm, "{t:?}");
            read_directly += usize::from(read_direct(yaml).is_some());
        }
        assert!(
            read_directly * 4 > texts.len(),
            "{read_directly} of {}",
            texts.len()
        );
        // The same texts in flow style and double quotes, as people (and the benchmark
        // corpus) write front matter: read() must agree with serde_yaml, Ok or Err.
        let mut flow_direct = 0;
        for t in &texts {
            let y = format!(
                "title: \"{t}\"\ntags: [{t}, \"{t}\"]\nimage: {{src: {t}, caption: \"{t}\"}}\n\
                 related:\n  - {{title: \"{t}\", group: {t}}}\n"
            );
            flow_direct += usize::from(read_direct(&y).is_some());
            match (read(&y), serde_yaml::from_str::<FrontMatter>(&y)) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{y:?}"),
                (Err(_), Err(_)) => {}
                (a, b) => panic!("{y:?}: read gives {a:?}, serde_yaml {b:?}"),
            }
        }
        assert!(flow_direct > 100, "{flow_direct} of {}", texts.len());
        // Only texts with line breaks go the whole way through serde_yaml.
        assert!(direct * 10 > texts.len() * 8, "{direct} of {}", texts.len());
    }

    #[test]
    fn round_trips() {
        let fm = FrontMatter {
            title: "Tiêu đề: \"quoted\" # not a comment".into(),
            date: Some("2025-01-25T13:53:22+07:00".into()),
            tags: vec!["AI".into()],
            related: vec![Related {
                title: "- starts like a list".into(),
                summary: Some("a: b".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let text = write(&fm, "Body").unwrap();
        let (yaml, body, _) = split(&text).unwrap();
        let back: FrontMatter = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(back, fm);
        assert_eq!(body, "Body\n");
    }
}
