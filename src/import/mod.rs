//! `bantin import`: scraped article text → Markdown files with YAML front matter.
//!
//! `parser` (text) and `html` (a page) are pure (`&str` → `Story`); `writer` turns a `Story`
//! into a content file. `run` does the file I/O around them and reports one line per input
//! file, in steps of their own: `inputs` lists and reads the files, `decode` makes text of
//! their bytes, `categories` chooses each article's category and `place` its file name, then
//! writes it.

mod categories;
pub mod classify;
pub mod dates;
mod decode;
pub mod html;
mod inputs;
pub mod markers;
pub mod parser;
mod place;
pub mod writer;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, FixedOffset};
use encoding_rs::Encoding;
use rayon::prelude::*;

use crate::config::Config;
use crate::error::{ConfigError, Located};
use crate::frontmatter::FrontMatter;
use crate::slug::{self, slugify};
use crate::text::nfc;
pub use markers::Markers;
pub use parser::{parse, ParseError, Story};

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Where articles are written: `CONTENT_DIR/<category-slug>/<slug>.md`.
    pub content_dir: PathBuf,
    pub category: Option<String>,
    pub date: Option<String>,
    /// An encoding label (`windows-1258`, `utf-16le`, ...) for non-UTF-8 input.
    pub encoding: Option<String>,
    pub force: bool,
    /// Files or folders.
    pub paths: Vec<PathBuf>,
}

/// The outcome for one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Written to `output`; `note` says where the date came from.
    Ok {
        output: PathBuf,
        note: String,
    },
    /// Not written (e.g. the output exists and `--force` was not given).
    Skipped {
        output: PathBuf,
        reason: String,
    },
    Error {
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub input: PathBuf,
    pub outcome: Outcome,
}

impl fmt::Display for FileReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            Outcome::Ok { output, note } => write!(
                f,
                "ok       {} → {} ({note})",
                self.input.display(),
                output.display()
            ),
            Outcome::Skipped { output, reason } => write!(
                f,
                "skipped  {} → {} ({reason})",
                self.input.display(),
                output.display()
            ),
            Outcome::Error { message } => {
                write!(f, "error    {}: {message}", self.input.display())
            }
        }
    }
}

/// Why one input was not imported.
#[derive(Debug, Clone)]
enum Failure {
    /// Something in the input itself, or in what it would be named: at its line when known.
    Input(Located),
    /// A file that could not be read or written (or front matter that could not be written);
    /// the context names the path. Shared: a folder that cannot be made fails each file in it.
    Io(Arc<anyhow::Error>),
    /// An input the listing of its folder already reported; never shown.
    Unlisted,
}

impl Failure {
    fn io(e: anyhow::Error) -> Failure {
        Failure::Io(Arc::new(e))
    }

    /// The message of the input's report line (which names the input itself).
    fn report(&self) -> String {
        match self {
            Failure::Input(Located {
                line: Some(line),
                message,
                ..
            }) => format!("line {line}: {message}"),
            Failure::Input(e) => e.message.clone(),
            Failure::Io(e) => format!("{e:#}"),
            Failure::Unlisted => String::new(),
        }
    }
}

/// Import every file named by `opts.paths` (folders are walked), one report per file.
///
/// Options are checked first (see [`check`]); when they are wrong, every path gets that error.
pub fn run(cfg: &Config, opts: &ImportOptions) -> Vec<FileReport> {
    let plan = match Plan::new(cfg, opts) {
        Ok(p) => p,
        Err(e) => {
            return opts
                .paths
                .iter()
                .map(|p| FileReport {
                    input: p.clone(),
                    outcome: Outcome::Error {
                        message: e.to_string(),
                    },
                })
                .collect();
        }
    };
    // Reading and parsing (most of the work) run in parallel; names are then chosen one by one
    // in input order, so which of two same-titled articles gets `-2` never depends on timing;
    // then the files are written in parallel.
    let inputs: Vec<Result<PathBuf, FileReport>> =
        opts.paths.iter().flat_map(|p| inputs::list(p)).collect();
    crate::timing::mark("inputs listed");
    let prepared: Vec<Result<Prepared, Failure>> = inputs
        .par_iter()
        .map(|input| match input {
            Ok(file) => prepare(cfg, opts, &plan, file),
            Err(_) => Err(Failure::Unlisted),
        })
        .collect();
    crate::timing::mark("read and parsed");
    let outcomes = place::place_all(&prepared, opts.force);
    inputs
        .into_iter()
        .zip(outcomes)
        .map(|(input, outcome)| match input {
            Ok(file) => FileReport {
                outcome: outcome.unwrap_or_else(|e| Outcome::Error {
                    message: e.report(),
                }),
                input: file,
            },
            Err(report) => report,
        })
        .collect()
}

/// Check the options against the config before touching any file: `--encoding` must be a known
/// label, `--date` a date, `--category` one of site.yaml's categories. `main` maps the error to
/// exit code 2.
pub fn check(cfg: &Config, opts: &ImportOptions) -> Result<(), ConfigError> {
    Plan::new(cfg, opts).map(|_| ())
}

/// The options, checked and resolved once for all files.
struct Plan {
    encoding: Option<&'static Encoding>,
    date: Option<DateTime<FixedOffset>>,
    /// `--category`: (name, slug).
    category: Option<(String, String)>,
    default: (String, String),
    markers: Markers,
    tz: FixedOffset,
}

impl Plan {
    fn new(cfg: &Config, opts: &ImportOptions) -> Result<Plan, ConfigError> {
        let usage = |flag: &str, msg: String| ConfigError(Located::new(flag, None, msg));
        let tz = cfg.tz();
        let encoding = match &opts.encoding {
            None => None,
            Some(label) => Some(
                Encoding::for_label_no_replacement(label.trim().as_bytes()).ok_or_else(|| {
                    usage(
                        "--encoding",
                        format!(
                            "unknown encoding label \"{label}\" (use a WHATWG label such as \
                             windows-1258, windows-1252, utf-16le or utf-8)"
                        ),
                    )
                })?,
            ),
        };
        let date = match &opts.date {
            None => None,
            Some(s) => Some(dates::parse_flag(s, tz).ok_or_else(|| {
                usage(
                    "--date",
                    format!(
                        "\"{s}\" is not a date (expected 2025-01-25, 2025-01-25 13:53, RFC 3339 \
                         such as 2025-01-25T13:53:22+07:00, or 25/01/2025 14:30)"
                    ),
                )
            })?),
        };
        let category = match &opts.category {
            None => None,
            Some(name) => Some(
                categories::named(cfg, name)
                    .or_else(|| {
                        let slug = slugify(name);
                        let free = cfg.categories.is_empty() && !slug.is_empty();
                        free.then(|| (nfc(name.trim()), slug))
                    })
                    .ok_or_else(|| {
                        let known: Vec<&str> =
                            cfg.categories.iter().map(|c| c.name.as_str()).collect();
                        usage(
                            "--category",
                            format!(
                                "no category \"{name}\" in site.yaml (categories: {}); fix the \
                                 spelling or add it under categories:",
                                known.join(", ")
                            ),
                        )
                    })?,
            ),
        };
        let default = categories::named(cfg, &cfg.default_category)
            .or_else(|| {
                let slug = slugify(&cfg.default_category);
                (!slug.is_empty()).then(|| (cfg.default_category.clone(), slug))
            })
            .ok_or_else(|| {
                usage(
                    "site.yaml",
                    format!(
                        "default_category \"{}\" has no letters or digits to make a folder name \
                         of; give it a name",
                        cfg.default_category
                    ),
                )
            })?;
        Ok(Plan {
            encoding,
            date,
            category,
            default,
            markers: Markers::with(&cfg.import),
            tz,
        })
    }
}

/// An article ready to be placed: where, under which slug, and its text.
struct Prepared {
    dir: PathBuf,
    slug: String,
    fm: FrontMatter,
    content: String,
    note: String,
}

/// Read, decode, parse and render one input (no file is written).
fn prepare(
    cfg: &Config,
    opts: &ImportOptions,
    plan: &Plan,
    path: &Path,
) -> Result<Prepared, Failure> {
    let input = inputs::read(path).map_err(Failure::io)?;
    let story = if input.is_html {
        let enc = plan
            .encoding
            .or_else(|| html::declared_charset(&input.bytes));
        let text = decode::decode(path, input.bytes, enc).map_err(Failure::Input)?;
        html::extract(&text, &plan.markers).map_err(|e| Failure::Input(e.located(path)))?
    } else {
        let text = decode::decode(path, input.bytes, plan.encoding).map_err(Failure::Input)?;
        parser::parse(&text, &plan.markers).map_err(|e| Failure::Input(e.located(path)))?
    };
    let (category, category_slug, how) = categories::choose(cfg, plan, &story);
    let (date, source) = match (plan.date, story.meta.date) {
        (None, Some(d)) => (
            d,
            format!("date from {}", story.meta.date_from.unwrap_or("the page")),
        ),
        _ => {
            let date_line = story.date_line.as_ref().map(|d| (d.line, d.date));
            let (d, s) = dates::choose(plan.date, date_line, story.images(), input.mtime, plan.tz)
                .ok_or_else(|| {
                    Failure::Input(Located::new(
                        path,
                        None,
                        "no date: no date line, no timestamp in an image name, and the file \
                         has no modification time; pass --date",
                    ))
                })?;
            (d, s.to_string())
        }
    };
    let (fm, content) = writer::render(&story, &category, &date)
        .context("cannot write the front matter")
        .map_err(Failure::io)?;

    let mut slug = slugify(&story.title);
    if slug.is_empty() {
        slug = "bai-viet".into();
    }
    if !slug::is_valid(&slug) || !slug::is_valid(&category_slug) {
        return Err(Failure::Input(Located::new(
            path,
            None,
            format!("cannot make a file name of \"{slug}\" in \"{category_slug}\""),
        )));
    }
    Ok(Prepared {
        dir: opts.content_dir.join(&category_slug),
        slug,
        fm,
        content,
        note: format!("{source}; category \"{category}\" {how}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn cfg() -> Config {
        let yaml =
            "categories:\n  - name: Kinh tế\n    keywords: [kinh tế]\n  - name: Khoa học\n    \
                    keywords: [AI]\ndefault_category: Thời sự\n";
        Config::parse(yaml, Path::new("site.yaml")).unwrap()
    }

    #[test]
    fn category_options() {
        let cfg = cfg();
        let plan = |category: &str| {
            let opts = ImportOptions {
                category: Some(category.into()),
                ..ImportOptions::default()
            };
            Plan::new(&cfg, &opts).map(|p| p.category)
        };
        assert_eq!(
            plan("KINH TE").unwrap(),
            Some(("Kinh tế".into(), "kinh-te".into()))
        );
        assert_eq!(
            plan("thời sự").unwrap(),
            Some(("Thời sự".into(), "thoi-su".into()))
        );
        let e = plan("Thể thao").err().unwrap().to_string();
        assert!(e.contains("categories: Kinh tế, Khoa học"), "{e}");
        // With no categories in site.yaml, any name with letters is fine.
        let free = Config::default();
        let opts = ImportOptions {
            category: Some("../Thể thao".into()),
            ..ImportOptions::default()
        };
        let got = Plan::new(&free, &opts).map(|p| p.category).unwrap();
        assert_eq!(got, Some(("../Thể thao".into(), "the-thao".into())));
    }

    #[test]
    fn bad_flags_are_usage_errors() {
        let cfg = cfg();
        let with = |date: Option<&str>, enc: Option<&str>| ImportOptions {
            date: date.map(Into::into),
            encoding: enc.map(Into::into),
            ..ImportOptions::default()
        };
        let e = check(&cfg, &with(Some("2025-02-30"), None)).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("--date: \"2025-02-30\" is not a date"),
            "{e}"
        );
        let e = check(&cfg, &with(None, Some("latin-9000"))).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("--encoding: unknown encoding label"),
            "{e}"
        );
        assert!(check(&cfg, &with(Some("25/01/2025 14:30"), Some("windows-1258"))).is_ok());
    }
}
