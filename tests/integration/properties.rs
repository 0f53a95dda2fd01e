//! Property tests (proptest): any input either fails clearly or round-trips; imports are
//! idempotent; slugs have one shape; output paths never leave OUTPUT. Case counts are modest so
//! `cargo test` stays quick on a 2-core CI machine.
//!
//! The generators make mostly valid inputs (a content file with a title and a date, a scraped
//! page with a title and paragraphs, a site.yaml of known keys, a site that builds), each in one
//! of the layouts bantin or a user writes, and a share of hostile ones (random text, or a valid
//! input with a hostile fragment spliced in). Each test counts the cases that reached each of
//! its assertions and fails when a count is under its minimum, so a generator that drifts into
//! making only errors (or only successes) is caught rather than passing vacuously.

use std::path::{Component, Path};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use proptest::prelude::*;
use proptest::test_runner::TestRunner;

use bantin::build::{render, BuildOptions};
use bantin::frontmatter::{FrontMatter, Image, Related};
use bantin::import::{ImportOptions, Outcome};

use crate::common::{site, write};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Run `test` on `cases` values of `strategy`; panics with proptest's (shrunk) failure.
fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(config(cases));
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

/// Named counters of the cases that reached an assertion, checked against minimums at the end.
struct Reached(Vec<(&'static str, AtomicUsize)>);

impl Reached {
    fn new(names: &[&'static str]) -> Self {
        Reached(names.iter().map(|n| (*n, AtomicUsize::new(0))).collect())
    }
    fn hit(&self, name: &str) {
        let (_, n) = self.0.iter().find(|(k, _)| *k == name).expect("a counter");
        n.fetch_add(1, Relaxed);
    }
    /// Every counter reached at least its minimum (`(name, min)` pairs).
    fn at_least(&self, test: &str, mins: &[(&str, usize)]) {
        let counts: Vec<(&str, usize)> =
            self.0.iter().map(|(k, n)| (*k, n.load(Relaxed))).collect();
        eprintln!("{test}: cases reaching each assertion: {counts:?}");
        for (name, min) in mins {
            let got = counts.iter().find(|(k, _)| k == name).expect("a counter").1;
            assert!(
                got >= *min,
                "{test}: only {got} cases reached `{name}` (at least {min} must): {counts:?}"
            );
        }
    }
}

/// Text built from fragments that matter to the parsers (markers, separators, escapes, YAML and
/// Markdown syntax, Vietnamese) and arbitrary characters.
fn hostile_text(max_parts: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_part(), 0..max_parts).prop_map(|v| v.concat())
}

fn hostile_part() -> impl Strategy<Value = String> {
    prop_oneof![
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
    ]
}

/// `text` with a hostile fragment spliced in at a char boundary near `at` (0..=1 of the way).
fn spliced(text: String, at: f64, part: String) -> String {
    let mut i = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    format!("{}{part}{}", &text[..i], &text[i..])
}

/// A valid input most of the time; random text or the valid input with a hostile fragment
/// spliced in for the rest (1 in 5 each).
fn mostly<T: std::fmt::Debug + Clone + 'static>(
    valid: impl Strategy<Value = (String, T)> + Clone + 'static,
    max_parts: usize,
) -> impl Strategy<Value = (String, Option<T>)> {
    prop_oneof![
        3 => valid.clone().prop_map(|(s, t)| (s, Some(t))),
        1 => hostile_text(max_parts).prop_map(|s| (s, None)),
        1 => (valid, 0.0..=1.0f64, hostile_part()).prop_map(|((s, _), at, p)| (spliced(s, at, p), None)),
    ]
}

const WORDS: &[&str] = &[
    "Lào", "Cai", "đất", "đai", "AI", "chuyển", "đổi", "số", "Hà", "Nội", "kinh", "tế", "2025",
    "tin", "mới", "DeepSeek", "châu", "Âu", "giá", "vàng", "tăng", "bão", "số", "3", "Việt", "Nam",
    "xuất", "khẩu", "gạo", "học", "sinh", "thi", "tốt", "nghiệp",
];

/// Words as in a headline.
fn phrase(max: usize) -> impl Strategy<Value = String> + Clone {
    prop::collection::vec(prop::sample::select(WORDS), 1..=max).prop_map(|w| w.join(" "))
}

/// Text a user may well write that YAML reads otherwise unless it is quoted: the writers must
/// quote it and the readers must give it back.
fn tricky(max: usize) -> impl Strategy<Value = String> + Clone {
    let twist = prop::sample::select(vec![
        "",
        "",
        "",
        ": sau",
        " # không",
        "- ",
        "\"trích\" ",
        "'nháy' ",
        "yes",
        "null",
        "~",
        "1.5",
        "[x]",
        "{y}",
        "&a ",
        "*b ",
        "!t ",
        "@",
        "`",
        "%",
        " ",
        "…",
        "Tin: ",
        "2025-01-01",
    ]);
    (phrase(max), twist, any::<bool>()).prop_map(|(p, t, front)| {
        if front {
            format!("{t}{p}")
        } else {
            format!("{p}{t}")
        }
    })
}

fn slug_of(s: &str) -> String {
    bantin::slug::slugify(s)
}

fn date() -> impl Strategy<Value = String> + Clone {
    (
        2019..2027i32,
        1..=12u32,
        1..=28u32,
        0..24u32,
        0..60u32,
        0..3u8,
    )
        .prop_map(|(y, m, d, h, min, form)| match form {
            0 => format!("{y}-{m:02}-{d:02}"),
            1 => format!("{y}-{m:02}-{d:02} {h:02}:{min:02}"),
            _ => format!("{y}-{m:02}-{d:02}T{h:02}:{min:02}:00+07:00"),
        })
}

/// Front matter that the build accepts: a title, a date, slugs and aliases of the right shape.
fn valid_front_matter() -> impl Strategy<Value = FrontMatter> + Clone {
    let image = (phrase(2), prop::option::of(tricky(4))).prop_map(|(name, caption)| Image {
        src: format!("{}-640x480.png", slug_of(&name)),
        caption,
        alt: None,
    });
    let related = (tricky(6), prop::option::of(phrase(2))).prop_map(|(title, url)| Related {
        title,
        url: url.map(|u| format!("https://example.com/{}.html", slug_of(&u))),
        ..Related::default()
    });
    (
        (tricky(8), date(), prop::option::of(date())),
        (
            prop::option::of(phrase(3)),
            prop::collection::vec(phrase(2), 0..4),
        ),
        (
            prop::option::of(tricky(12)),
            prop::option::of(image),
            prop::option::of(tricky(3)),
        ),
        prop::collection::vec(related, 0..3),
        (
            prop::option::of(phrase(4)),
            prop::collection::vec(phrase(3), 0..3),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (title, date, updated),
                (category, tags),
                (summary, image, source),
                related,
                (slug, aliases, draft),
            )| {
                FrontMatter {
                    title,
                    date: Some(date),
                    updated,
                    category,
                    tags,
                    summary,
                    image,
                    source,
                    related,
                    slug: slug.map(|s| slug_of(&s)).filter(|s| !s.is_empty()),
                    aliases: aliases
                        .iter()
                        .enumerate()
                        .map(|(i, a)| {
                            if i % 2 == 0 {
                                format!("/2019/01/{}.html", slug_of(a))
                            } else {
                                format!("cu/{}/", slug_of(a))
                            }
                        })
                        .collect(),
                    draft,
                    ..FrontMatter::default()
                }
            },
        )
}

/// A YAML double-quoted string (JSON's escapes are YAML's).
fn dq(s: &str) -> String {
    serde_json::to_string(s).expect("a JSON string")
}

/// `fm` in flow style, as a user might write it by hand: every text double-quoted, lists in `[]`
/// and the image as `{src: ..}`.
fn flow_style(fm: &FrontMatter) -> String {
    let mut y = format!("title: {}\n", dq(&fm.title));
    let opt = |y: &mut String, k: &str, v: &Option<String>| {
        if let Some(v) = v {
            y.push_str(&format!("{k}: {}\n", dq(v)));
        }
    };
    opt(&mut y, "date", &fm.date);
    opt(&mut y, "updated", &fm.updated);
    opt(&mut y, "category", &fm.category);
    let list = |v: &[String]| v.iter().map(|s| dq(s)).collect::<Vec<_>>().join(", ");
    y.push_str(&format!("tags: [{}]\n", list(&fm.tags)));
    opt(&mut y, "summary", &fm.summary);
    if let Some(i) = &fm.image {
        y.push_str(&format!("image: {{src: {}", dq(&i.src)));
        if let Some(c) = &i.caption {
            y.push_str(&format!(", caption: {}", dq(c)));
        }
        y.push_str("}\n");
    }
    opt(&mut y, "source", &fm.source);
    if !fm.related.is_empty() {
        y.push_str("related:\n");
        for r in &fm.related {
            y.push_str(&format!("  - {{title: {}", dq(&r.title)));
            if let Some(u) = &r.url {
                y.push_str(&format!(", url: {}", dq(u)));
            }
            y.push_str("}\n");
        }
    }
    opt(&mut y, "slug", &fm.slug);
    if !fm.aliases.is_empty() {
        y.push_str(&format!("aliases: [{}]\n", list(&fm.aliases)));
    }
    if fm.draft {
        y.push_str("draft: true\n");
    }
    y
}

/// A content file for `fm`, in bantin's own layout (`frontmatter::write`, what import writes),
/// serde_yaml's, or flow style.
fn valid_article() -> impl Strategy<Value = (String, FrontMatter)> + Clone {
    (
        valid_front_matter(),
        0..3u8,
        prop::collection::vec(tricky(12), 0..4),
    )
        .prop_map(|(fm, layout, paras)| {
            let body = paras.join("\n\n") + "\n";
            let text = match layout {
                0 => bantin::frontmatter::write(&fm, &body).expect("the writer takes it"),
                1 => format!(
                    "---\n{}---\n{body}",
                    serde_yaml::to_string(&fm).expect("serde_yaml writes it")
                ),
                _ => format!("---\n{}---\n{body}", flow_style(&fm)),
            };
            (text, fm)
        })
}

/// A scraped page as `bantin import` reads it: an optional date line, a headline, a lead, an
/// image line with its caption, paragraphs, and related stories under a known heading.
fn valid_scraped() -> impl Strategy<Value = (String, ())> + Clone {
    (
        any::<bool>(),
        tricky(10),
        phrase(20),
        prop::option::of((phrase(2), phrase(6))),
        prop::collection::vec(phrase(30), 1..5),
        prop::collection::vec(tricky(8), 0..3),
    )
        .prop_map(|(dated, title, lead, image, paras, related)| {
            let mut t = String::new();
            if dated {
                t.push_str("Thứ Bảy, 25/01/2025 14:30 (GMT+7)\n");
            }
            t.push_str(&format!("{title}\n\n{lead}.\n\n"));
            if let Some((name, caption)) = image {
                t.push_str(&format!("{}-990x600.png\n{caption}.\n\n", slug_of(&name)));
            }
            for p in paras {
                t.push_str(&format!("{p}.\n\n"));
            }
            if !related.is_empty() {
                t.push_str("Tin liên quan\n");
                for r in related {
                    t.push_str(&format!("{r}\n"));
                }
            }
            (t, ())
        })
}

fn is_slug_shape(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// One content file: the fuzz target's invariants (the two front matter readers agree, the
/// build's loader reads what they read, accepted slugs and aliases are valid), and a file made
/// from known front matter is accepted with exactly that front matter.
#[test]
fn content_files_error_or_read_back_exactly() {
    let reached = Reached::new(&["read back exactly", "clear error", "hostile accepted"]);
    run(256, mostly(valid_article(), 24), |(text, want)| {
        bantin::harness::content_file(text.as_bytes());
        let text = bantin::text::nfc(&text);
        let cfg = bantin::config::Config::default();
        match (
            bantin::content::parse(&text, Path::new("content/a.md"), Path::new("content"), &cfg),
            want,
        ) {
            (Ok(src), Some(fm)) => {
                prop_assert_eq!(src.fm, fm);
                reached.hit("read back exactly");
            }
            (Err(e), Some(_)) => prop_assert!(false, "a valid file was refused: {e:?}\n{text}"),
            (Ok(_), None) => reached.hit("hostile accepted"),
            (Err(e), None) => {
                prop_assert!(!e.is_empty());
                for l in &e {
                    let msg = l.to_string();
                    prop_assert!(msg.starts_with("content/a.md"), "{msg}");
                }
                reached.hit("clear error");
            }
        }
        Ok(())
    });
    reached.at_least(
        "content_files_error_or_read_back_exactly",
        &[("read back exactly", 100), ("clear error", 40)],
    );
}

/// The importer either refuses the text or writes front matter that the build reads back
/// to the same values (the harness the fuzzer runs asserts both, through both readers).
#[test]
fn imports_error_or_round_trip() {
    let reached = Reached::new(&[
        "valid parsed",
        "valid refused",
        "hostile parsed",
        "hostile refused",
    ]);
    let markers = bantin::import::Markers::builtin();
    run(256, mostly(valid_scraped(), 24), |(text, valid)| {
        bantin::harness::import_parse(text.as_bytes());
        let parsed = bantin::import::parser::parse(&bantin::text::nfc(&text), &markers).is_ok();
        reached.hit(match (valid.is_some(), parsed) {
            (true, true) => "valid parsed",
            (true, false) => "valid refused",
            (false, true) => "hostile parsed",
            (false, false) => "hostile refused",
        });
        Ok(())
    });
    reached.at_least(
        "imports_error_or_round_trip",
        &[
            ("valid parsed", 100),
            ("hostile parsed", 10),
            ("hostile refused", 10),
        ],
    );
}

/// A site.yaml of known keys and sensible values, written as a user would.
fn valid_site_yaml() -> impl Strategy<Value = (String, (String, usize, Vec<String>))> + Clone {
    let category = (
        phrase(3),
        prop::collection::vec(phrase(1), 0..3),
        any::<bool>(),
    );
    (
        tricky(5),
        prop::option::of(tricky(12)),
        prop::sample::select(vec!["https://example.com/", "https://example.com/tin/", "http://localhost:8080/a/b/"]),
        prop::sample::select(vec!["vi", "en"]),
        prop::sample::select(vec!["+07:00", "Z", "-05:30", "+00:00"]),
        1..60usize,
        prop::collection::vec(category, 0..5),
        (any::<bool>(), any::<bool>(), 1..100usize),
    )
        .prop_map(|(title, description, base, lang, tz, paginate, cats, (minify, tags, limit))| {
            // Category names are unique in a valid site.yaml.
            let mut names: Vec<String> = Vec::new();
            let mut y = format!(
                "title: {}\nbase_url: {base}\nlanguage: {lang}\ntimezone: \"{tz}\"\npaginate: {paginate}\nminify: {minify}\n",
                dq(&title)
            );
            if let Some(d) = description {
                y.push_str(&format!("description: '{}'\n", d.replace('\'', "''")));
            }
            y.push_str(&format!("feeds:\n  limit: {limit}\n  tags: {tags}\n"));
            let mut cat_lines = String::new();
            for (i, (name, keywords, with_slug)) in cats.into_iter().enumerate() {
                let name = format!("{name} {i}");
                cat_lines.push_str(&format!("  - name: {}\n", dq(&name)));
                if with_slug {
                    cat_lines.push_str(&format!("    slug: muc-{i}\n"));
                }
                if !keywords.is_empty() {
                    cat_lines.push_str(&format!("    keywords: [{}]\n", keywords.join(", ")));
                }
                names.push(name);
            }
            if !names.is_empty() {
                y.push_str(&format!("categories:\n{cat_lines}default_category: {}\n", dq(&names[0])));
            }
            (y, (title, paginate, names))
        })
}

/// site.yaml: accepted with the values written, or refused naming site.yaml; the harness derives
/// everything the build derives from an accepted one.
#[test]
fn site_yaml_errors_or_reads_back() {
    let reached = Reached::new(&["valid read back", "clear error", "hostile accepted"]);
    run(256, mostly(valid_site_yaml(), 16), |(text, want)| {
        bantin::harness::site_yaml(text.as_bytes());
        match (
            bantin::config::Config::parse(&text, Path::new("site.yaml")),
            want,
        ) {
            (Ok(cfg), Some((title, paginate, names))) => {
                prop_assert_eq!(&cfg.title, &title);
                prop_assert_eq!(cfg.paginate, paginate);
                let got: Vec<&String> = cfg.categories.iter().map(|c| &c.name).collect();
                prop_assert_eq!(got, names.iter().collect::<Vec<_>>());
                reached.hit("valid read back");
            }
            (Err(e), Some(_)) => prop_assert!(false, "a valid site.yaml was refused: {e}\n{text}"),
            (Ok(_), None) => reached.hit("hostile accepted"),
            (Err(e), None) => {
                let msg = e.to_string();
                prop_assert!(msg.starts_with("site.yaml"), "{msg}");
                reached.hit("clear error");
            }
        }
        Ok(())
    });
    reached.at_least(
        "site_yaml_errors_or_reads_back",
        &[("valid read back", 100), ("clear error", 40)],
    );
}

#[test]
fn slugs_have_one_shape() {
    let reached = Reached::new(&["non-empty slug"]);
    run(256, prop_oneof![tricky(12), hostile_text(12)], |text| {
        let slug = bantin::slug::slugify(&text);
        prop_assert!(slug.is_empty() || is_slug_shape(&slug), "{slug:?}");
        prop_assert!(slug.len() <= 80);
        prop_assert_eq!(bantin::slug::is_valid(&slug), is_slug_shape(&slug));
        if !slug.is_empty() {
            reached.hit("non-empty slug");
        }
        Ok(())
    });
    reached.at_least("slugs_have_one_shape", &[("non-empty slug", 150)]);
}

/// Importing the same files twice writes nothing the second time, and every article's file
/// name is a slug; the build then reads every imported article.
#[test]
fn importing_twice_is_idempotent() {
    let reached = Reached::new(&["imported then skipped", "refused twice alike", "site built"]);
    let texts = prop::collection::vec(mostly(valid_scraped(), 16).prop_map(|(t, _)| t), 1..4);
    run(12, texts, |texts| {
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
                    reached.hit("imported then skipped");
                }
                (Outcome::Error { message: m1 }, Outcome::Error { message: m2 }) => {
                    prop_assert_eq!(m1, m2);
                    prop_assert!(!m1.is_empty());
                    reached.hit("refused twice alike");
                }
                (Outcome::Skipped { .. }, Outcome::Skipped { .. }) => {}
                other => prop_assert!(false, "{other:?}"),
            }
        }
        let built = render(&BuildOptions::new(dir.path()), &|_| {});
        prop_assert!(built.is_ok(), "{:?}", built.err());
        reached.hit("site built");
        Ok(())
    });
    reached.at_least(
        "importing_twice_is_idempotent",
        &[("imported then skipped", 6), ("site built", 12)],
    );
}

/// One article of a generated site: (title, slug, alias, category, tag), valid in shape most of
/// the time and hostile (anything, including `..`, `%2e`, NUL, backslashes) otherwise.
fn site_article() -> impl Strategy<Value = ((String, String, String, String, String), bool)> {
    let valid = (
        tricky(8),
        prop::option::of(phrase(3)),
        phrase(3),
        phrase(2),
        phrase(2),
    )
        .prop_map(|(title, slug, alias, category, tag)| {
            (
                title,
                slug.map(|s| slug_of(&s)).unwrap_or_default(),
                format!("/cu/{}.html", slug_of(&alias)),
                category,
                tag,
            )
        });
    let hostile = (
        hostile_text(6),
        hostile_text(4),
        hostile_text(4),
        hostile_text(4),
        hostile_text(4),
    );
    prop_oneof![
        2 => valid.prop_map(|f| (f, true)),
        1 => hostile.prop_map(|f| (f, false)),
    ]
}

/// Whatever titles, slugs, aliases, categories and tags say, every output path is relative
/// and stays inside OUTPUT; content that could escape is an error instead. Sites of valid
/// articles build.
#[test]
fn output_paths_stay_inside_output() {
    let reached = Reached::new(&["paths checked", "hostile refused", "hostile built"]);
    run(
        24,
        prop::collection::vec(site_article(), 1..4),
        |articles| {
            let dir = site(&[("site.yaml", "title: T\nbase_url: https://example.com/a/\n")]);
            let all_valid = articles.iter().all(|(_, v)| *v);
            for (i, ((title, slug, alias, category, tag), _)) in articles.iter().enumerate() {
                let mut front = format!(
                    "title: {}\ndate: 2025-01-0{}\ncategory: {}\ntags: [{}]\naliases: [{}]\n",
                    dq(&format!("t{i} {title}")),
                    i + 1,
                    dq(category),
                    dq(tag),
                    dq(alias),
                );
                if !slug.is_empty() {
                    front.push_str(&format!("slug: {}\n", dq(slug)));
                }
                write(
                    dir.path(),
                    &format!("content/{i}.md"),
                    &format!("---\n{front}---\n{title}\n"),
                );
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
                    reached.hit("paths checked");
                    if !all_valid {
                        reached.hit("hostile built");
                    }
                }
                Err(e) => {
                    let msg = e.to_string();
                    prop_assert!(!all_valid, "a site of valid articles failed: {msg}");
                    prop_assert!(
                        msg.contains("content/") || msg.contains("site.yaml"),
                        "{msg}"
                    );
                    reached.hit("hostile refused");
                }
            }
            Ok(())
        },
    );
    reached.at_least(
        "output_paths_stay_inside_output",
        &[("paths checked", 5), ("hostile refused", 2)],
    );
}
