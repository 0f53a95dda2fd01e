//! A theme: templates, static files and UI strings, from themes/<name>/ or built into the binary,
//! with the site's own templates/ and static/ overriding it file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use include_dir::{include_dir, Dir};

use crate::error::{in_site, Located};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file came from (for error messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    /// A file of the site, as messages show it: relative to the site root
    /// (`templates/article.html`, `themes/tin/templates/base.html`).
    Disk(PathBuf),
}

#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub bytes: Vec<u8>,
    pub origin: Origin,
}

/// Theme files by path relative to the theme folder: `templates/base.html`, `static/css/style.css`,
/// `i18n/vi.yaml`. A site's `templates/x` and `static/x` replace the theme's.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub files: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// Load theme `name` for the site at `root`. `default` falls back to the built-in copy when
    /// the site has no themes/default folder.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Located> {
        let mut theme = Theme::default();
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            theme.read_dir(root, &dir, "", &[])?;
        } else if name == "default" {
            add_builtin(&DEFAULT_THEME, &mut theme.files);
        } else {
            return Err(Located::new(
                "site.yaml",
                None,
                format!(
                    "theme \"{name}\" not found: expected a folder {} (or remove theme: to use the built-in default)",
                    in_site(root, &dir).display()
                ),
            ));
        }
        // Site-level overrides. Only templates and the CSS/JS the theme pipeline processes are read
        // here; other static files are copied as they are by the output stage.
        theme.read_dir(root, &root.join("templates"), "templates/", &[])?;
        theme.read_dir(root, &root.join("static"), "static/", &["css", "js"])?;
        Ok(theme)
    }

    /// Read files under `dir` (in the site at `root`) into `prefix + relative path`. With
    /// `only_ext` non-empty, only files with those extensions.
    fn read_dir(
        &mut self,
        root: &Path,
        dir: &Path,
        prefix: &str,
        only_ext: &[&str],
    ) -> Result<(), Located> {
        for (rel, path) in visible_files(root, dir)? {
            if !only_ext.is_empty()
                && !path
                    .extension()
                    .is_some_and(|x| only_ext.iter().any(|e| x == *e))
            {
                continue;
            }
            let shown = in_site(root, &path).to_path_buf();
            let bytes = std::fs::read(&path)
                .map_err(|e| Located::new(&shown, None, format!("cannot read: {e}")))?;
            self.files.insert(
                format!("{prefix}{rel}"),
                ThemeFile {
                    bytes,
                    origin: Origin::Disk(shown),
                },
            );
        }
        Ok(())
    }

    /// Files under `prefix` (e.g. `templates/`) with the prefix removed.
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a ThemeFile)> {
        self.files
            .range(prefix.to_string()..)
            .take_while(move |(k, _)| k.starts_with(prefix))
            .map(move |(k, v)| (&k[prefix.len()..], v))
    }

    pub fn get(&self, path: &str) -> Option<&ThemeFile> {
        self.files.get(path)
    }

    /// How to name a theme file in a message.
    pub fn display_path(&self, path: &str) -> String {
        match self.files.get(path).map(|f| &f.origin) {
            Some(Origin::Disk(p)) => p.display().to_string(),
            _ => format!("(built-in theme)/{path}"),
        }
    }
}

/// Every file under `dir` (none when it does not exist), sorted, as (`/`-separated path relative
/// to `dir`, full path). Hidden files and folders are skipped; symlinks are not followed. An
/// error names the folder from the site `root`.
pub fn visible_files(root: &Path, dir: &Path) -> Result<Vec<(String, PathBuf)>, Located> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry
            .map_err(|e| Located::new(in_site(root, dir), None, format!("cannot read: {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        if rel.split('/').any(|s| s.starts_with('.')) {
            continue;
        }
        out.push((rel, entry.into_path()));
    }
    Ok(out)
}

fn add_builtin(dir: &Dir<'static>, out: &mut BTreeMap<String, ThemeFile>) {
    for f in dir.files() {
        let rel = f.path().to_string_lossy().replace('\\', "/");
        out.insert(
            rel,
            ThemeFile {
                bytes: f.contents().to_vec(),
                origin: Origin::Builtin,
            },
        );
    }
    for d in dir.dirs() {
        add_builtin(d, out);
    }
}

/// Write the built-in default theme into `dest` (for `bantin init --theme`). Refuses to overwrite.
pub fn write_default_theme(dest: &Path) -> anyhow::Result<()> {
    let mut files = BTreeMap::new();
    add_builtin(&DEFAULT_THEME, &mut files);
    for (rel, f) in &files {
        let path = dest.join(rel);
        if path.exists() {
            anyhow::bail!("{} already exists; not overwriting it", path.display());
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, &f.bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
