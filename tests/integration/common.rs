//! Helpers shared by the integration tests: temporary sites and running the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary site made of `(relative path, contents)` pairs.
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, text) in files {
        write(dir.path(), rel, text);
    }
    dir
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Run the bantin binary with `args` in `cwd`.
pub fn bantin(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run bantin")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// An article file with the given front matter lines and body.
pub fn article(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}\n")
}

/// The repository root (the example site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, relative, sorted, with contents. A file that disappears while it is
/// read (a `build --watch` replacing it through a renamed temporary file) is left out: callers
/// that poll a folder being written compare again.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let gone = |e: &std::io::Error| e.kind() == std::io::ErrorKind::NotFound;
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = match e {
            Ok(e) => e,
            Err(e) if e.io_error().is_some_and(gone) => continue,
            Err(e) => panic!("walk {}: {e}", dir.display()),
        };
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            match std::fs::read(e.path()) {
                Ok(bytes) => out.push((rel, bytes)),
                Err(e) if gone(&e) => {}
                Err(e) => panic!("read {rel}: {e}"),
            }
        }
    }
    out
}
