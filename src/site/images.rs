//! Where an article's images are, how big they are, and what must be copied.

use std::path::{Component, Path, PathBuf};

use crate::content::markdown::ImageInfo;

/// Used when neither the file nor its name tells the size (16:9).
pub const DEFAULT_SIZE: (u32, u32) = (1200, 675);

/// A file to copy into the output: source path → output path (relative, `/`-separated).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Copy {
    pub from: PathBuf,
    pub to: String,
}

/// Resolves image sources for one article.
pub struct Resolver<'a> {
    /// The article's folder (co-located images).
    pub article_dir: &'a Path,
    /// The article's output folder, relative (`khoa-hoc-cong-nghe/slug`).
    pub article_out: &'a str,
    /// The article's URL (`/khoa-hoc-cong-nghe/slug/`).
    pub article_url: &'a str,
    /// The site's static/ folder.
    pub static_dir: &'a Path,
    pub base_path: &'a str,
}

/// The outcome of resolving one `src`.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub info: ImageInfo,
    pub copy: Option<Copy>,
}

impl Resolver<'_> {
    pub fn resolve(&self, src: &str) -> Resolved {
        let src = src.trim();
        if is_external(src) {
            let (width, height) = size_from_name(src).unwrap_or(DEFAULT_SIZE);
            return Resolved {
                info: ImageInfo {
                    url: src.to_string(),
                    width,
                    height,
                    missing: false,
                },
                copy: None,
            };
        }
        let from_name = size_from_name(src);
        let missing = |url: String| Resolved {
            info: ImageInfo {
                url,
                width: from_name.unwrap_or(DEFAULT_SIZE).0,
                height: from_name.unwrap_or(DEFAULT_SIZE).1,
                missing: true,
            },
            copy: None,
        };
        let Some(rel) = safe_relative(src) else {
            return missing(src.to_string());
        };
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        if !src.starts_with('/') {
            if let Some(beside) = regular_file_within(self.article_dir, &rel) {
                let (width, height) = measure(&beside, from_name);
                return Resolved {
                    info: ImageInfo {
                        url: format!("{}{}", self.article_url, rel_str),
                        width,
                        height,
                        missing: false,
                    },
                    copy: Some(Copy {
                        from: beside,
                        to: format!("{}/{}", self.article_out, rel_str),
                    }),
                };
            }
        }
        for candidate in [rel.clone(), Path::new("images").join(&rel)] {
            if let Some(path) = regular_file_within(self.static_dir, &candidate) {
                let (width, height) = measure(&path, from_name);
                let url_path = candidate.to_string_lossy().replace('\\', "/");
                return Resolved {
                    info: ImageInfo {
                        url: format!("{}{}", self.base_path, url_path),
                        width,
                        height,
                        missing: false,
                    },
                    copy: None, // static/ is copied wholesale
                };
            }
        }
        missing(format!("{}{}", self.article_url, rel_str))
    }
}

fn is_external(src: &str) -> bool {
    src.starts_with("http://")
        || src.starts_with("https://")
        || src.starts_with("//")
        || src.starts_with("data:")
}

/// `a/b.png` or `/a/b.png` → `a/b.png`; anything that climbs out (`..`) or is a drive → None.
fn safe_relative(src: &str) -> Option<PathBuf> {
    let src = src.split(['?', '#']).next().unwrap_or(src);
    let mut out = PathBuf::new();
    for c in Path::new(src.trim_start_matches('/')).components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.as_os_str().is_empty() {
        None
    } else {
        Some(out)
    }
}

/// `base/rel` when it is a regular file reached without following a symbolic link (a link in
/// content/ or static/ could lead out of the site and have, say, `/etc/shadow` copied into the
/// output).
fn regular_file_within(base: &Path, rel: &Path) -> Option<PathBuf> {
    let mut path = base.to_path_buf();
    for part in rel.components() {
        path.push(part);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if meta.file_type().is_symlink() {
            return None;
        }
    }
    std::fs::symlink_metadata(&path)
        .ok()
        .filter(|m| m.file_type().is_file())
        .map(|_| path)
}

fn measure(path: &Path, from_name: Option<(u32, u32)>) -> (u32, u32) {
    match imagesize::size(path) {
        Ok(s) if s.width > 0 && s.height > 0 => (s.width as u32, s.height as u32),
        _ => from_name.unwrap_or(DEFAULT_SIZE),
    }
}

/// `deepseek-990x600-1737788002.png` → `(990, 600)`.
pub fn size_from_name(src: &str) -> Option<(u32, u32)> {
    let name = src.rsplit('/').next().unwrap_or(src);
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()) {
            let w_end = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            if w_end < bytes.len() && (bytes[w_end] == b'x' || bytes[w_end] == b'X') {
                let h_start = w_end + 1;
                let h_end = h_start
                    + bytes[h_start..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                let (wl, hl) = (w_end - i, h_end - h_start);
                if (2..=5).contains(&wl) && (2..=5).contains(&hl) {
                    let w: u32 = name[i..w_end].parse().ok()?;
                    let h: u32 = name[h_start..h_end].parse().ok()?;
                    if w > 0 && h > 0 {
                        return Some((w, h));
                    }
                }
            }
            i = w_end;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_in_name() {
        assert_eq!(
            size_from_name("deepseek-990x600-1737788002-7520-1737788112.png"),
            Some((990, 600))
        );
        assert_eq!(size_from_name("a-1737788002.png"), None);
        assert_eq!(size_from_name("x_1200X675.jpg"), Some((1200, 675)));
    }

    #[test]
    fn traversal_is_never_resolved() {
        assert!(safe_relative("../../etc/passwd").is_none());
        assert_eq!(
            safe_relative("/images/a.png"),
            Some(PathBuf::from("images/a.png"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_not_followed_to_images() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.png"), "secret").unwrap();
        let art = dir.path().join("content");
        std::fs::create_dir_all(&art).unwrap();
        std::fs::write(art.join("real.png"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.png"), art.join("a.png")).unwrap();
        std::os::unix::fs::symlink(outside.path(), art.join("d")).unwrap();
        let r = Resolver {
            article_dir: &art,
            article_out: "c/a",
            article_url: "/c/a/",
            static_dir: &dir.path().join("static"),
            base_path: "/",
        };
        assert!(r.resolve("a.png").info.missing);
        assert!(r.resolve("d/secret.png").info.missing);
        assert!(r.resolve("a.png").copy.is_none());
        assert!(!r.resolve("real.png").info.missing);
    }

    #[test]
    fn missing_image_keeps_size_from_name() {
        let dir = tempfile::tempdir().unwrap();
        let r = Resolver {
            article_dir: dir.path(),
            article_out: "c/a",
            article_url: "/c/a/",
            static_dir: &dir.path().join("static"),
            base_path: "/",
        };
        let got = r.resolve("deepseek-990x600-1.png");
        assert!(got.info.missing);
        assert_eq!((got.info.width, got.info.height), (990, 600));
    }
}
