//! Errors that point at a file and a line, and say what to do.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error in a user's file: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl Located {
    /// `file` is kept as given but for a leading `./` (see [`shown`]).
    pub fn new(file: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Located {
            file: shown(file.as_ref()).to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for Located {}

/// Several located errors reported together (e.g. all broken content files of one build).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Many(pub Vec<Located>);

impl fmt::Display for Many {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Many {}

/// A configuration or usage problem: `main` maps it to exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub Located);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ConfigError {}

/// A path as messages show it: without leading `./` (`./content/a.md` → `content/a.md`, the
/// same file; the default `--root .` joined to a file name gives the former). `.` stays `.`.
pub fn shown(path: &Path) -> &Path {
    let mut rest = path.components();
    while rest.clone().next() == Some(std::path::Component::CurDir) {
        rest.next();
    }
    match rest.as_path() {
        p if p.as_os_str().is_empty() => path,
        p => p,
    }
}

/// A file of the site (`root`) as messages show it: relative to the site root, whatever `-r`
/// was (`content/a.md`, `templates/base.html`, `site.yaml`); a path outside it as given.
pub fn in_site<'p>(root: &Path, path: &'p Path) -> &'p Path {
    shown(path.strip_prefix(root).unwrap_or(path))
}

/// 1-based line number of a byte offset in `text`.
pub fn line_of(text: &str, byte_offset: usize) -> usize {
    let end = byte_offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_without_a_leading_dot_slash() {
        let e = Located::new("./content/a.md", Some(3), "bad");
        assert_eq!(e.to_string(), "content/a.md:3: bad");
        assert_eq!(
            shown(Path::new("././templates/x.html")),
            Path::new("templates/x.html")
        );
        assert_eq!(shown(Path::new("../site/a.md")), Path::new("../site/a.md"));
        assert_eq!(shown(Path::new("/abs/a.md")), Path::new("/abs/a.md"));
        assert_eq!(shown(Path::new(".")), Path::new("."));
        assert_eq!(shown(Path::new("./")), Path::new("./"));
    }

    #[test]
    fn site_files_are_shown_from_the_site_root() {
        let at = |root: &str, p: &str| in_site(Path::new(root), Path::new(p)).to_path_buf();
        assert_eq!(
            at("../tin", "../tin/templates/a.html"),
            Path::new("templates/a.html")
        );
        assert_eq!(at(".", "./content/a.md"), Path::new("content/a.md"));
        assert_eq!(at("/s", "/s/site.yaml"), Path::new("site.yaml"));
        assert_eq!(at("/s", "/other/x.md"), Path::new("/other/x.md"));
    }
}
