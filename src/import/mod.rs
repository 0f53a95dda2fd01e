//! `bantin import`: scraped article text → Markdown files with YAML front matter.
//!
//! `parser` is pure (`&str` → `Story`); `writer` turns a `Story` into a content file; `run` does
//! the file I/O around them and reports one line per input file.

pub mod classify;
pub mod dates;
pub mod html;
pub mod markers;
pub mod parser;
pub mod writer;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use encoding_rs::Encoding;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::error::{ConfigError, Located};
use crate::frontmatter::{self, FrontMatter};
use crate::slug::{self, slugify};
use crate::text::{fold, nfc};
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
        opts.paths.iter().flat_map(|p| inputs(p)).collect();
    crate::timing::mark("inputs listed");
    let prepared: Vec<Result<Prepared, String>> = inputs
        .par_iter()
        .map(|input| match input {
            Ok(file) => prepare(cfg, opts, &plan, file),
            Err(_) => Err(String::new()),
        })
        .collect();
    crate::timing::mark("read and parsed");
    let outcomes = place_all(&prepared, opts.force);
    inputs
        .into_iter()
        .zip(outcomes)
        .map(|(input, outcome)| match input {
            Ok(file) => FileReport {
                outcome: outcome.unwrap_or_else(|message| Outcome::Error { message }),
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
                named_category(cfg, name)
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
        let default = named_category(cfg, &cfg.default_category)
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

/// A site.yaml category (or the default category) by name, ignoring case and tones.
fn named_category(cfg: &Config, name: &str) -> Option<(String, String)> {
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

/// The files a path names: itself, or the `.txt` files and files without extension in a folder
/// (recursively, in file-name order, hidden entries skipped).
fn inputs(path: &Path) -> Vec<Result<PathBuf, FileReport>> {
    let error = |input: &Path, message: String| FileReport {
        input: input.to_path_buf(),
        outcome: Outcome::Error { message },
    };
    match fs::metadata(path) {
        Err(e) => return vec![Err(error(path, format!("cannot read: {e}")))],
        Ok(m) if !m.is_dir() => return vec![Ok(path.to_path_buf())],
        Ok(_) => {}
    }
    let hidden =
        |e: &walkdir::DirEntry| e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
    let mut out = Vec::new();
    for entry in WalkDir::new(path)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e))
    {
        match entry {
            Ok(e) => {
                let p = e.path();
                let text_name = match p.extension() {
                    None => true,
                    Some(x) => ["txt", "html", "htm"]
                        .iter()
                        .any(|e| x.eq_ignore_ascii_case(e)),
                };
                if text_name && p.is_file() {
                    out.push(Ok(p.to_path_buf()));
                }
            }
            Err(e) => {
                let at = e.path().unwrap_or(path).to_path_buf();
                out.push(Err(error(&at, format!("cannot read: {e}"))));
            }
        }
    }
    if out.is_empty() {
        let msg = "the folder holds no .txt, .html or .htm files (or files without extension) to \
                   import";
        out.push(Err(error(path, msg.into())));
    }
    out
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
) -> Result<Prepared, String> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let mtime = fs::metadata(path).and_then(|m| m.modified()).ok();
    let is_html = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"))
        || html::sniff(&bytes[..bytes.len().min(4096)]);
    let story = if is_html {
        let enc = plan.encoding.or_else(|| html::declared_charset(&bytes));
        let text = decode(bytes, enc)?;
        html::extract(&text, &plan.markers).map_err(|e| e.to_string())?
    } else {
        let text = decode(bytes, plan.encoding)?;
        parser::parse(&text, &plan.markers).map_err(|e| e.to_string())?
    };

    let section = story
        .meta
        .section
        .as_deref()
        .and_then(|s| section_category(cfg, s));
    let (category, category_slug, how) =
        match (&plan.category, section, keyword_category(cfg, &story)) {
            (Some((name, slug)), _, _) => {
                (name.clone(), slug.clone(), "from --category".to_string())
            }
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
        };
    let (date, source) = match (plan.date, story.meta.date) {
        (None, Some(d)) => (
            d,
            format!("date from {}", story.meta.date_from.unwrap_or("the page")),
        ),
        _ => {
            let date_line = story.date_line.as_ref().map(|d| (d.line, d.date));
            let (d, s) = dates::choose(plan.date, date_line, story.images(), mtime, plan.tz)
                .ok_or(
                    "no date: no date line, no timestamp in an image name, and the file has \
                     no modification time; pass --date",
                )?;
            (d, s.to_string())
        }
    };
    let (fm, content) = writer::render(&story, &category, &date)
        .map_err(|e| format!("cannot write the front matter: {e}"))?;

    let mut slug = slugify(&story.title);
    if slug.is_empty() {
        slug = "bai-viet".into();
    }
    if !slug::is_valid(&slug) || !slug::is_valid(&category_slug) {
        return Err(format!(
            "cannot make a file name of \"{slug}\" in \"{category_slug}\""
        ));
    }
    Ok(Prepared {
        dir: opts.content_dir.join(&category_slug),
        slug,
        fm,
        content,
        note: format!("{source}; category \"{category}\" {how}"),
    })
}

/// Bytes → text: a byte-order mark decides; else `--encoding`; else UTF-8, with an error that
/// names the line and suggests `--encoding` when it is not.
fn decode(bytes: Vec<u8>, encoding: Option<&'static Encoding>) -> Result<String, String> {
    let line_at = |bytes: &[u8], at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    if let Some((enc, bom)) = Encoding::for_bom(&bytes) {
        return enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|t| t.into_owned())
            .ok_or_else(|| {
                format!(
                    "starts with a {} byte-order mark but is not valid {0} text",
                    enc.name()
                )
            });
    }
    if let Some(enc) = encoding {
        return enc
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .map(|t| t.into_owned())
            .ok_or_else(|| {
                format!(
                    "is not valid {} text; check the --encoding label",
                    enc.name()
                )
            });
    }
    if let Some(at) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(format!(
            "line {}: NUL byte: this looks like a binary file, not article text (for UTF-16 \
             text pass --encoding utf-16le or utf-16be)",
            line_at(&bytes, at)
        ));
    }
    crate::text::utf8_string(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        format!(
            "line {}: byte 0x{:02X} is not UTF-8; the file is probably in a legacy encoding: \
             re-run with --encoding windows-1258 (Vietnamese) or the file's own encoding",
            line_at(bytes, at),
            bytes[at]
        )
    })
}

/// Where one prepared article goes, decided before anything is written.
enum Placement {
    /// Write the article to `output`; `durable` when it replaces a file that was on disk.
    Write {
        output: PathBuf,
        durable: bool,
        note: String,
    },
    /// Named `output`, then replaced by a later input of the same run (`--force`): not written.
    Superseded { output: PathBuf, note: String },
    /// Nothing to write.
    Done(Outcome),
}

/// Place every prepared article: names in input order (a lookup per candidate name), then the
/// writes in parallel (creating files is most of an import's system time).
fn place_all(prepared: &[Result<Prepared, String>], force: bool) -> Vec<Result<Outcome, String>> {
    let mut claimed: HashMap<PathBuf, usize> = HashMap::new();
    let mut on_disk = Listings::default();
    let mut plans: Vec<Result<Placement, String>> = Vec::with_capacity(prepared.len());
    for i in 0..prepared.len() {
        let plan = choose_name(i, prepared, &claimed, &mut on_disk, force);
        if let Ok((Placement::Write { output, .. }, replaced)) = &plan {
            if let Some(Ok(earlier)) = replaced.and_then(|j| plans.get_mut(j)) {
                if let Placement::Write { output, note, .. } = earlier {
                    let (output, note) = (std::mem::take(output), std::mem::take(note));
                    *earlier = Placement::Superseded { output, note };
                }
            }
            claimed.insert(output.clone(), i);
        }
        plans.push(plan.map(|(p, _)| p));
    }
    crate::timing::mark("names chosen");
    // Each category folder is made once, not checked once per file.
    let mut folders: HashMap<&Path, Result<(), String>> = HashMap::new();
    for plan in &plans {
        if let Ok(Placement::Write { output, .. }) = plan {
            let dir = output.parent().unwrap_or(Path::new("."));
            folders.entry(dir).or_insert_with(|| {
                fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
            });
        }
    }
    let written = plans
        .par_iter()
        .zip(prepared.par_iter())
        .map(
            |(plan, p)| match (plan.as_ref().map_err(Clone::clone)?, p) {
                (
                    Placement::Write {
                        output,
                        durable,
                        note,
                    },
                    Ok(p),
                ) => {
                    let dir = output.parent().unwrap_or(Path::new("."));
                    if let Some(Err(e)) = folders.get(dir) {
                        return Err(e.clone());
                    }
                    if *durable {
                        write_atomic(output, &p.content, true)?;
                    } else {
                        write_new(output, &p.content)?;
                    }
                    Ok(Outcome::Ok {
                        output: output.clone(),
                        note: note.clone(),
                    })
                }
                (Placement::Write { .. }, Err(e)) => Err(e.clone()),
                (Placement::Superseded { output, note }, _) => Ok(Outcome::Ok {
                    output: output.clone(),
                    note: note.clone(),
                }),
                (Placement::Done(outcome), _) => Ok(outcome.clone()),
            },
        )
        .collect();
    crate::timing::mark("files written");
    written
}

/// The names in each content folder, listed once when a name in it is first looked up, so a
/// new article's name costs no failed open. A folder that cannot be listed (other than missing)
/// is looked up name by name.
#[derive(Default)]
struct Listings(HashMap<PathBuf, Option<std::collections::HashSet<std::ffi::OsString>>>);

impl Listings {
    /// The bytes of `path`, or `NotFound`.
    fn read(&mut self, path: &Path) -> io::Result<Vec<u8>> {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return fs::read(path);
        };
        let names = self
            .0
            .entry(dir.to_path_buf())
            .or_insert_with(|| match fs::read_dir(dir) {
                Ok(entries) => entries
                    .map(|e| e.map(|e| e.file_name()))
                    .collect::<Result<_, _>>()
                    .ok(),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Some(Default::default()),
                Err(_) => None,
            });
        match names {
            Some(names) if !names.contains(name) => Err(io::ErrorKind::NotFound.into()),
            _ => fs::read(path),
        }
    }
}

/// Most `-N` suffixes tried for one slug.
const MAX_SUFFIX: usize = 1000;

/// The name of `all[i]`: `dir/slug.md`, or `slug-2.md`, ... when another article holds the name
/// (on disk, or an earlier input of this run, `claimed`). The same article (same title and lead)
/// is never overwritten without `force`. With the placement, the earlier input of this run it
/// replaces, if any.
fn choose_name(
    i: usize,
    all: &[Result<Prepared, String>],
    claimed: &HashMap<PathBuf, usize>,
    on_disk: &mut Listings,
    force: bool,
) -> Result<(Placement, Option<usize>), String> {
    let p = all[i].as_ref().map_err(Clone::clone)?;
    for n in 1..=MAX_SUFFIX {
        let name = if n == 1 {
            format!("{}.md", p.slug)
        } else {
            format!("{}-{n}.md", p.slug)
        };
        let output = p.dir.join(name);
        // What the name will hold when this article's turn comes.
        let earlier = claimed.get(&output).copied();
        let existing: Cow<[u8]> = match earlier.map(|j| &all[j]) {
            Some(Ok(e)) => Cow::Borrowed(e.content.as_bytes()),
            _ => match on_disk.read(&output) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    // A new file: were it lost in a crash, importing again brings it back.
                    let note = p.note.clone();
                    let write = Placement::Write {
                        output,
                        durable: false,
                        note,
                    };
                    return Ok((write, None));
                }
                Err(e) => return Err(format!("cannot read {}: {e}", output.display())),
                Ok(bytes) => Cow::Owned(bytes),
            },
        };
        if *existing == *p.content.as_bytes() {
            let reason = "already imported, unchanged".into();
            return Ok((Placement::Done(Outcome::Skipped { output, reason }), None));
        }
        if same_article(&existing, &p.fm) {
            if !force {
                let reason = "exists and differs (edited since?); pass --force to overwrite";
                let skipped = Outcome::Skipped {
                    output,
                    reason: reason.into(),
                };
                return Ok((Placement::Done(skipped), None));
            }
            // Replacing a file on disk: flushed before the rename, so a crash leaves the old
            // article or the new one, never an empty file. An earlier input of this run is
            // simply not written.
            let note = format!("{}; overwrote the existing file (--force)", p.note);
            let write = Placement::Write {
                output,
                durable: earlier.is_none(),
                note,
            };
            return Ok((write, earlier));
        }
        // another article with this slug: try the next suffix
    }
    Err(format!(
        "{MAX_SUFFIX} articles named {}*.md already exist in {}",
        p.slug,
        p.dir.display()
    ))
}

/// The existing file holds the same article: same title and lead.
fn same_article(existing: &[u8], fm: &FrontMatter) -> bool {
    let Ok(text) = std::str::from_utf8(existing) else {
        return false;
    };
    let Some((yaml, _, _)) = frontmatter::split(text) else {
        return false;
    };
    match frontmatter::read(yaml) {
        Ok(old) => nfc(&old.title) == fm.title && old.summary.map(|s| nfc(&s)) == fm.summary,
        Err(_) => false,
    }
}

/// Write a new article whose name is free: on Linux into an unnamed file (`O_TMPFILE`) in its
/// folder, then given its name with `linkat`, so a reader never sees half a file, no temporary
/// name is ever left behind, and a file that appeared under that name meanwhile is never
/// replaced. One rename fewer than [`write_atomic`], which is the fallback (other systems,
/// file systems without `O_TMPFILE`, no `/proc`). The folder exists.
fn write_new(path: &Path, content: &str) -> Result<(), String> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{AtFlags, Mode, OFlags, CWD};
        use std::os::fd::AsRawFd;
        let dir = path.parent().unwrap_or(Path::new("."));
        let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
        if let Ok(fd) = rustix::fs::open(dir, flags, Mode::from_raw_mode(0o666)) {
            let proc_path = format!("/proc/self/fd/{}", fd.as_raw_fd());
            let mut file = fs::File::from(fd);
            file.write_all(content.as_bytes())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            match rustix::fs::linkat(CWD, &proc_path, CWD, path, AtFlags::SYMLINK_FOLLOW) {
                Ok(()) => return Ok(()),
                Err(rustix::io::Errno::EXIST) => {
                    return Err(format!(
                        "cannot write {}: a file of that name appeared during the import; \
                         import again to choose another name",
                        path.display()
                    ))
                }
                Err(_) => {} // e.g. no /proc: the unnamed file goes when closed
            }
        }
    }
    write_atomic(path, content, false)
}

/// Write through a temporary file in the same folder (which exists) and rename it into place,
/// so a reader never sees half a file; with `durable`, flushed to disk before the rename.
fn write_atomic(path: &Path, content: &str, durable: bool) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(content.as_bytes())?;
            if durable {
                f.sync_data()?;
            }
            Ok(())
        })
        .and_then(|()| fs::rename(&tmp, path));
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("cannot write {}: {e}", path.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_boms_and_labels() {
        assert_eq!(decode(b"\xef\xbb\xbfA".to_vec(), None).unwrap(), "A");
        let utf16 = b"\xff\xfeL\x00\xe0\x00o\x00".to_vec();
        assert_eq!(decode(utf16, None).unwrap(), "Lào");
        let e = decode(b"ok\nH\xe0 N\xf4i".to_vec(), None).unwrap_err();
        assert!(e.starts_with("line 2: byte 0xE0 is not UTF-8"), "{e}");
        assert!(e.contains("--encoding windows-1258"), "{e}");
        let cp1258 = Encoding::for_label(b"windows-1258");
        assert_eq!(
            decode(b"Ha\xcc N\xf4\xf2i".to_vec(), cp1258).unwrap(),
            "Ha\u{300} Nô\u{323}i"
        );
        let e = decode(b"PK\x03\x04\x00\x00".to_vec(), None).unwrap_err();
        assert!(e.contains("binary"), "{e}");
    }

    #[test]
    fn new_files_appear_whole_and_never_replace_one() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        write_new(&a, "bài một\n").unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "bài một\n");
        // Same permissions as a file made the ordinary way (the umask applies).
        let plain = dir.path().join("plain");
        fs::File::create(&plain).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions();
        assert_eq!(mode(&a), mode(&plain));
        // A file that took the name after it was chosen is left alone.
        let e = write_new(&a, "bài khác\n").unwrap_err();
        assert!(e.contains("appeared during the import"), "{e}");
        assert_eq!(fs::read_to_string(&a).unwrap(), "bài một\n");
        // Nothing else was left in the folder: no temporary names.
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["a.md", "plain"]);
    }

    #[test]
    fn listed_folders_answer_for_their_names() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("x.md"), "x").unwrap();
        let mut on_disk = Listings::default();
        assert_eq!(on_disk.read(&dir.path().join("x.md")).unwrap(), b"x");
        let missing = on_disk.read(&dir.path().join("y.md")).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
        let no_folder = on_disk.read(&dir.path().join("none/z.md")).unwrap_err();
        assert_eq!(no_folder.kind(), io::ErrorKind::NotFound);
    }

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

    fn cfg() -> Config {
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
