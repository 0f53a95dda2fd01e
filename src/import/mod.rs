//! `bantin import`: scraped article text → Markdown files with YAML front matter.
//!
//! `parser` is pure (`&str` → `Story`); `writer` turns a `Story` into a content file; `run` does
//! the file I/O around them and reports one line per input file.

use std::fmt;
use std::path::PathBuf;

use crate::config::Config;

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
    Ok { output: PathBuf, note: String },
    /// Not written (e.g. the output exists and `--force` was not given).
    Skipped { output: PathBuf, reason: String },
    Error { message: String },
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
pub fn run(_cfg: &Config, _opts: &ImportOptions) -> Vec<FileReport> {
    unimplemented!("filled in by the import work")
}
