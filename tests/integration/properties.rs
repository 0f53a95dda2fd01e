//! Property tests (proptest): any input either fails clearly or round-trips; imports are
//! idempotent; slugs have one shape; output paths never leave OUTPUT. Case counts are modest so
//! `cargo test` stays quick on a 2-core CI machine.

use std::path::{Component, Path};

use proptest::prelude::*;

use bantin::build::{render, BuildOptions};
use bantin::import::{ImportOptions, Outcome};

use crate::common::{site, write};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text built from fragments that matter to the parsers (markers, separators, escapes, YAML and
/// Markdown syntax, Vietnamese) and arbitrary characters.
fn hostile_text(max_parts: usize) -> impl Strategy<Value = String> {
    let part = prop_oneof![
        4 => "\\PC{0,12}",
        1 => Just("\n".to_string()),
        1 => Just("\n\n".to_string()),
        1 => Just("..".to_string()),
        1 => Just("/".to_string()),
        1 => Just("\\".to_string()),
        1 => Just("%2e%2E%2f".to_string()),
        1 => Just("\0".to_string()),
        1 => Just("---\n".to_string()),
        1 => Just(": ".to_string()),
        1 => Just("- ".to_string()),
        1 => Just("# ".to_string()),
        1 => Just("&a *a !!binary ".to_string()),
        1 => Just("</script>]]>\"'".to_string()),
        1 => Just("![cap](a-10x20.png)".to_string()),
        1 => Just("Tin liên quan\n".to_string()),
        1 => Just("Thứ Bảy, 25/01/2025 14:30 (GMT+7)\n".to_string()),
        1 => Just("Lào Cai đất đai ".to_string()),
        1 => Just("\u{301}\u{feff}\r".to_string()),
    ];
    prop::collection::vec(part, 0..max_parts).prop_map(|v| v.concat())
}

fn is_slug_shape(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

proptest! {
    #![proptest_config(config(256))]

    /// The importer either refuses the text or writes front matter that the build reads back
    /// to the same values (the harness the fuzzer runs asserts both).
    #[test]
    fn import_errors_or_round_trips(text in hostile_text(24)) {
        bantin::harness::import_parse(text.as_bytes());
        bantin::harness::content_file(text.as_bytes());
        bantin::harness::site_yaml(text.as_bytes());
    }

    #[test]
    fn slugs_have_one_shape(text in hostile_text(12)) {
        let slug = bantin::slug::slugify(&text);
        prop_assert!(slug.is_empty() || is_slug_shape(&slug), "{slug:?}");
        prop_assert!(slug.len() <= 80);
        prop_assert_eq!(bantin::slug::is_valid(&slug), is_slug_shape(&slug));
    }
}

proptest! {
    #![proptest_config(config(12))]

    /// Importing the same files twice writes nothing the second time, and every article's file
    /// name is a slug.
    #[test]
    fn importing_twice_is_idempotent(texts in prop::collection::vec(hostile_text(16), 1..4)) {
        let dir = site(&[("site.yaml", "title: T\n"), ("content/.keep", "")]);
        let inputs: Vec<_> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                write(dir.path(), &format!("in/{i}.txt"), t);
                dir.path().join(format!("in/{i}.txt"))
            })
            .collect();
        let cfg = bantin::config::Config::default();
        let opts = ImportOptions {
            content_dir: dir.path().join("content"),
            date: Some("2025-01-25".into()),
            paths: inputs,
            ..ImportOptions::default()
        };
        let first = bantin::import::run(&cfg, &opts);
        let before = crate::common::snapshot(&dir.path().join("content"));
        let second = bantin::import::run(&cfg, &opts);
        let after = crate::common::snapshot(&dir.path().join("content"));
        prop_assert_eq!(&before, &after);
        for (a, b) in first.iter().zip(&second) {
            match (&a.outcome, &b.outcome) {
                (Outcome::Ok { output, .. }, Outcome::Skipped { output: again, .. }) => {
                    prop_assert_eq!(output, again);
                    let stem = output.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                    prop_assert!(is_slug_shape(stem), "{}", output.display());
                }
                (Outcome::Error { message: m1 }, Outcome::Error { message: m2 }) => {
                    prop_assert_eq!(m1, m2);
                    prop_assert!(!m1.is_empty());
                }
                (Outcome::Skipped { .. }, Outcome::Skipped { .. }) => {}
                other => prop_assert!(false, "{other:?}"),
            }
        }
        // And the build reads every imported article.
        let built = render(&BuildOptions::new(dir.path()), &|_| {});
        prop_assert!(built.is_ok(), "{:?}", built.err());
    }

    /// Whatever titles, slugs, aliases, categories and tags say, every output path is relative
    /// and stays inside OUTPUT; content that could escape is an error instead.
    #[test]
    fn output_paths_stay_inside_output(
        fields in prop::collection::vec(
            (hostile_text(6), hostile_text(4), hostile_text(4), hostile_text(4), hostile_text(4)),
            1..4,
        )
    ) {
        let dir = site(&[("site.yaml", "title: T\nbase_url: https://example.com/a/\n")]);
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        for (i, (title, slug, alias, category, tag)) in fields.iter().enumerate() {
            let mut front = format!(
                "title: {}\ndate: 2025-01-0{}\ncategory: {}\ntags: [{}]\naliases: [{}]\n",
                q(&format!("t{i} {title}")),
                i + 1,
                q(category),
                q(tag),
                q(alias),
            );
            if !slug.is_empty() {
                front.push_str(&format!("slug: {}\n", q(slug)));
            }
            write(dir.path(), &format!("content/{i}.md"), &format!("---\n{front}---\n{title}\n"));
        }
        match render(&BuildOptions::new(dir.path()), &|_| {}) {
            Ok((_, output)) => {
                for path in output.files.keys() {
                    let p = Path::new(path);
                    prop_assert!(
                        !path.is_empty()
                            && !path.contains(['\\', '\0'])
                            && p.components().all(|c| matches!(c, Component::Normal(_))),
                        "output path {path:?}"
                    );
                }
            }
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(msg.contains("content/") || msg.contains("site.yaml"), "{msg}");
            }
        }
    }
}
