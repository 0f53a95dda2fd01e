//! The inputs of an import: the files the command line names (folders walked), and each
//! file's bytes with what is known of it before decoding.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::Context as _;
use walkdir::WalkDir;

use super::{html, FileReport, Outcome};

/// The files a path names: itself, or the `.txt` files and files without extension in a folder
/// (recursively, in file-name order, hidden entries skipped).
pub(super) fn list(path: &Path) -> Vec<Result<PathBuf, FileReport>> {
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

/// One input file as read, before decoding.
pub(super) struct Input {
    pub bytes: Vec<u8>,
    /// Its modification time, the date of last resort.
    pub mtime: Option<SystemTime>,
    /// An HTML page (by its extension, or by its first bytes), not scraped text.
    pub is_html: bool,
}

/// Read one input file.
pub(super) fn read(path: &Path) -> anyhow::Result<Input> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mtime = fs::metadata(path).and_then(|m| m.modified()).ok();
    let is_html = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"))
        || html::sniff(&bytes[..bytes.len().min(4096)]);
    Ok(Input {
        bytes,
        mtime,
        is_html,
    })
}
