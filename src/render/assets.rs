//! The theme's CSS and JS as pages link them: under content-hashed names when fingerprinting is
//! on (`css/style.css` → `css/style.3f2a9c1e.css`), so a host can cache them forever and a new
//! stylesheet still reaches every reader at once.
//!
//! Templates get `assets.css` and `assets.js`, and the `asset(path=...)` function for any other
//! file: `{{ asset(path="css/print.css") }}` gives its fingerprinted URL when it has one, else
//! the plain `base_path + path`.

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Hex digits of the content hash in a fingerprinted name.
const HASH_LEN: usize = 8;

/// URLs of the bundled assets, as pages link them.
#[derive(Debug, Clone, Serialize, Default, PartialEq, Eq)]
pub struct Assets {
    /// The main stylesheet and script.
    pub css: String,
    pub js: String,
    /// Every fingerprinted file: output path (`css/style.css`) → URL (`/tin/css/style.3f2a9c1e.css`).
    #[serde(skip)]
    pub urls: BTreeMap<String, String>,
    /// The site's base path (`/` or `/tin/`), for files without a fingerprint.
    #[serde(skip)]
    pub base_path: String,
}

impl Assets {
    /// The assets of a site with base path `base_path`; `fingerprints` maps each fingerprinted
    /// output path to its hashed name (see [`fingerprints`]).
    pub fn new(base_path: &str, fingerprints: &BTreeMap<String, String>) -> Assets {
        let urls: BTreeMap<String, String> = fingerprints
            .iter()
            .map(|(plain, hashed)| (plain.clone(), format!("{base_path}{hashed}")))
            .collect();
        let mut a = Assets {
            css: String::new(),
            js: String::new(),
            urls,
            base_path: base_path.to_string(),
        };
        a.css = a.url("css/style.css");
        a.js = a.url("js/main.js");
        a
    }

    /// The URL pages use for the output file `path` (`css/style.css`).
    pub fn url(&self, path: &str) -> String {
        let path = path.trim_start_matches('/');
        self.urls
            .get(path)
            .cloned()
            .unwrap_or_else(|| format!("{}{path}", self.base_path))
    }

    /// Add the `asset(path=...)` function to `tera`.
    pub fn register(&self, tera: &mut tera::Tera) {
        let assets = self.clone();
        tera.register_function(
            "asset",
            move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
                let path = kwargs.must_get::<&str>("path")?;
                Ok(assets.url(path))
            },
        );
    }
}

/// Whether an output file is fingerprinted: the theme's stylesheets and scripts.
pub fn is_fingerprinted(path: &str) -> bool {
    path.ends_with(".css") || path.ends_with(".js")
}

/// `css/style.css` and its bytes → `css/style.3f2a9c1e.css` (the first hex digits of the
/// SHA-256 of the bytes, before the extension).
pub fn hashed_name(path: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest
        .iter()
        .take(HASH_LEN / 2)
        .map(|b| format!("{b:02x}"))
        .collect();
    let (dir, name) = match path.rfind('/') {
        Some(i) => (&path[..=i], &path[i + 1..]),
        None => ("", path),
    };
    match name.rfind('.') {
        Some(dot) if dot > 0 => format!("{dir}{}.{hex}{}", &name[..dot], &name[dot..]),
        _ => format!("{dir}{name}.{hex}"),
    }
}

/// The fingerprinted names of the files among `files` (output path → bytes) that get one.
pub fn fingerprints<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> BTreeMap<String, String> {
    files
        .into_iter()
        .filter(|(path, _)| is_fingerprinted(path))
        .map(|(path, bytes)| (path.to_string(), hashed_name(path, bytes)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_keep_folder_and_extension() {
        let a = hashed_name("css/style.css", b"a{color:red}");
        assert!(a.starts_with("css/style.") && a.ends_with(".css"), "{a}");
        assert_eq!(a.len(), "css/style..css".len() + HASH_LEN);
        assert_eq!(a, hashed_name("css/style.css", b"a{color:red}"));
        assert_ne!(a, hashed_name("css/style.css", b"a{color:blue}"));
        assert!(hashed_name("main.js", b"x").starts_with("main."));
    }

    #[test]
    fn urls_carry_the_base_path() {
        let f = fingerprints([
            ("css/style.css", b"a".as_slice()),
            ("img/a.png", b"b".as_slice()),
        ]);
        assert_eq!(f.len(), 1);
        let a = Assets::new("/tin/", &f);
        assert_eq!(a.css, format!("/tin/{}", f["css/style.css"]));
        assert_eq!(a.js, "/tin/js/main.js", "no such file: the plain name");
        assert_eq!(a.url("/img/a.png"), "/tin/img/a.png");
    }
}
