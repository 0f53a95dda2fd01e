//! The one content loader: which files under `content/` are articles ([`find`]), and reading
//! and parsing them, all in parallel ([`all`]) or one at a time ([`one`]). `build`
//! (`Site::load`), `serve`/`build --watch` (the session) and `check` read content only through
//! it, so they agree on what is an article, what is skipped and what is warned about.
//!
//! Paths: `path` is where a file is (under `ROOT/content`, as the caller gave ROOT); messages
//! name it relative to the site root (`content/a.md`), whatever `-r` was.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{parse, Source};
use crate::config::Config;
use crate::error::{Located, Many};

/// Whether to keep each file's text beside its source (`check` looks lines up in it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    Drop,
    Keep,
}

/// One content file as loaded.
#[derive(Debug)]
pub struct File {
    /// Where it is (under `ROOT/content`).
    pub path: PathBuf,
    /// As messages show it: relative to the site root.
    pub shown: PathBuf,
    /// Its text, with [`Texts::Keep`] and when it could be read (also when it did not parse).
    pub text: Option<String>,
    /// The article, or every error in the file.
    pub parsed: Result<Source, Vec<Located>>,
}

/// Everything read under `content/` (or a folder of it).
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every article file, sorted by path.
    pub files: Vec<File>,
    /// Symbolic links met on the way (not followed), sorted, each with its warning.
    pub links: Vec<(PathBuf, Located)>,
}

impl Loaded {
    /// The errors of every file that did not load, in file order.
    pub fn errors(&self) -> impl Iterator<Item = &Located> {
        self.files
            .iter()
            .filter_map(|f| f.parsed.as_ref().err())
            .flatten()
    }

    /// What does not stop a build: one warning per symbolic link.
    pub fn warnings(&self) -> impl Iterator<Item = &Located> {
        self.links.iter().map(|(_, w)| w)
    }

    /// The articles, or every error of every file together.
    pub fn into_sources(self) -> Result<Vec<Source>, Many> {
        let errors: Vec<Located> = self.errors().cloned().collect();
        if !errors.is_empty() {
            return Err(Many(errors));
        }
        Ok(self
            .files
            .into_iter()
            .filter_map(|f| f.parsed.ok())
            .collect())
    }
}

/// What [`find`] found.
#[derive(Debug, Default)]
pub struct Found {
    /// Every `*.md` file, sorted.
    pub files: Vec<PathBuf>,
    /// Symbolic links met on the way (not followed), sorted.
    pub links: Vec<PathBuf>,
}

/// Read and parse every article under `ROOT/content`, in parallel.
pub fn all(root: &Path, cfg: &Config, texts: Texts) -> Result<Loaded, Located> {
    under(root, &root.join("content"), cfg, texts)
}

/// Read and parse every article under `dir` (`ROOT/content` or a folder in it), in parallel.
pub fn under(root: &Path, dir: &Path, cfg: &Config, texts: Texts) -> Result<Loaded, Located> {
    let Found { files, links } = find(root, dir)?;
    Ok(Loaded {
        files: files
            .into_par_iter()
            .map(|path| one(root, path, cfg, texts))
            .collect(),
        links: links
            .into_iter()
            .map(|p| {
                let w = link_warning(root, &p);
                (p, w)
            })
            .collect(),
    })
}

/// Read and parse the article at `path` (under `ROOT/content`).
pub fn one(root: &Path, path: PathBuf, cfg: &Config, texts: Texts) -> File {
    let shown = shown(root, &path).to_path_buf();
    let (text, parsed) = match read(&path, &shown) {
        Ok(text) => {
            let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
            let parsed = parse(&text, &shown, &dir, cfg);
            (Some(text).filter(|_| texts == Texts::Keep), parsed)
        }
        Err(e) => (None, Err(e)),
    };
    File {
        path,
        shown,
        text,
        parsed,
    }
}

/// `path` as messages show it: relative to the site root when it is under it.
pub fn shown<'p>(root: &Path, path: &'p Path) -> &'p Path {
    crate::error::in_site(root, path)
}

/// Read one content file as NFC text (errors name `shown_as`).
pub fn read(path: &Path, shown_as: &Path) -> Result<String, Vec<Located>> {
    let bytes = std::fs::read(path)
        .map_err(|e| vec![Located::new(shown_as, None, format!("cannot read: {e}"))])?;
    let text = crate::text::utf8_string(bytes).map_err(|e| {
        let line = crate::error::line_of(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        vec![Located::new(
            shown_as,
            Some(line),
            "not UTF-8: save the file as UTF-8 (bantin import --encoding converts scraped text)",
        )]
    })?;
    Ok(crate::text::nfc_owned(text))
}

/// The warning for the symbolic link at `path` (under `ROOT/content`).
pub fn link_warning(root: &Path, path: &Path) -> Located {
    Located::new(
        shown(root, path),
        None,
        "symbolic links are not followed; copy the file in or remove the link",
    )
}

/// What kind of entry `path` is, without following a symbolic link (`None` when it is gone).
pub fn kind(path: &Path) -> Option<std::fs::FileType> {
    std::fs::symlink_metadata(path).ok().map(|m| m.file_type())
}

/// Whether the loader skips `path` (a file or folder, there or gone): outside `ROOT/content`,
/// hidden (a part of it below `content/` starts with `.`), or reached through a symbolic link
/// (a file watcher may name files inside a linked folder).
pub fn skipped(root: &Path, path: &Path) -> bool {
    let content = root.join("content");
    let Ok(rel) = path.strip_prefix(&content) else {
        return true;
    };
    if rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return true;
    }
    path.ancestors()
        .skip(1)
        .take_while(|a| *a != content)
        .any(|a| kind(a).is_some_and(|k| k.is_symlink()))
}

/// Every `*.md` file under `dir`, sorted, skipping hidden files and folders. Symbolic links are
/// not followed (they could lead out of the site or loop): they are listed in `links`. `dir`
/// itself is followed when it is `ROOT/content` (a site may keep its content elsewhere), not
/// when it is a folder below it (which [`find`] would have listed as a link).
pub fn find(root: &Path, dir: &Path) -> Result<Found, Located> {
    let mut found = Found::default();
    if dir != root.join("content") && kind(dir).is_some_and(|k| k.is_symlink()) {
        found.links.push(dir.to_path_buf());
        return Ok(found);
    }
    if !dir.exists() {
        return Ok(found);
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.map_err(|e| {
            let p = e.path().unwrap_or(dir);
            Located::new(shown(root, p), None, format!("cannot read: {e}"))
        })?;
        let kind = entry.file_type();
        if kind.is_symlink() && entry.depth() > 0 {
            found.links.push(entry.into_path());
        } else if kind.is_file() && entry.path().extension().is_some_and(|x| x == "md") {
            found.files.push(entry.into_path());
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn loads_every_article_with_errors_texts_and_links_named_from_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "content/a.md",
            "---\ntitle: A\ndate: 2025-01-01\n---\nA\n",
        );
        write(
            root,
            "content/x/b.md",
            "---\ntitle: B\ndate: 2025-13-01\n---\n",
        );
        write(
            root,
            "content/.nhap/c.md",
            "---\ntitle: C\ndate: 2025-01-01\n---\n",
        );
        write(root, "content/ghi-chu.txt", "not an article");
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("content/a.md"), root.join("content/x/l.md")).unwrap();
        let cfg = Config::default();
        let loaded = all(root, &cfg, Texts::Keep).unwrap();
        let shown: Vec<&Path> = loaded.files.iter().map(|f| f.shown.as_path()).collect();
        assert_eq!(
            shown,
            [Path::new("content/a.md"), Path::new("content/x/b.md")]
        );
        assert!(loaded.files[0].parsed.is_ok());
        assert!(
            loaded.files[1]
                .text
                .as_deref()
                .unwrap()
                .contains("2025-13-01"),
            "the text of a file that did not parse is kept"
        );
        let errors: Vec<String> = loaded.errors().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("content/x/b.md:3: "), "{errors:?}");
        #[cfg(unix)]
        assert_eq!(
            loaded.warnings().map(|w| w.to_string()).collect::<Vec<_>>(),
            ["content/x/l.md: symbolic links are not followed; copy the file in or remove the link"]
        );
        let dropped = all(root, &cfg, Texts::Drop).unwrap();
        assert!(dropped.files.iter().all(|f| f.text.is_none()));
        assert!(matches!(dropped.into_sources(), Err(Many(e)) if e.len() == 1));
    }
}
