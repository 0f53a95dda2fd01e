//! Writing an [`Output`] to disk safely: into a temporary folder beside OUTPUT, swapped in only
//! when complete, so a failed build leaves the previous site untouched.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use rayon::prelude::*;

use super::{Body, Output};

/// The file that marks a folder as bantin's output (and so safe to replace).
pub const MARKER: &str = ".bantin-output";

/// Refuse output folders that would destroy the user's own files.
pub fn check_target(out: &Path, root: &Path, force: bool) -> anyhow::Result<()> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let out_abs = abs(out);
    let root_abs = abs(root);
    if root_abs.starts_with(&out_abs) {
        bail!(
            "refusing to build into {}: it contains the site itself (choose an output folder inside the site, like public/)",
            out.display()
        );
    }
    for protected in ["content", "static", "templates", "themes"] {
        if out_abs.starts_with(root_abs.join(protected)) {
            bail!(
                "refusing to build into {}: it is inside the site's {protected}/ folder",
                out.display()
            );
        }
    }
    if out.exists() {
        if !out.is_dir() {
            bail!("{} exists and is not a folder", out.display());
        }
        let has_marker = out.join(MARKER).is_file();
        let empty = std::fs::read_dir(out)
            .with_context(|| format!("cannot read {}", out.display()))?
            .next()
            .is_none();
        if !has_marker && !empty && !force {
            bail!(
                "refusing to replace {}: it holds files bantin did not create (no {MARKER} marker). Choose another --output, or pass --force to replace it",
                out.display()
            );
        }
    }
    Ok(())
}

/// Lexically resolve `.` and `..` (the folders may not exist yet).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c.as_os_str()),
        }
    }
    out
}

/// Write `output` as the new contents of `out`, atomically with respect to failures: everything is
/// written to a sibling temporary folder first. Call [`check_target`] before.
pub fn write(output: &Output, out: &Path) -> anyhow::Result<()> {
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()?.join(out)
    };
    let parent = out
        .parent()
        .context("the output folder has no parent folder")?
        .to_path_buf();
    let name = out
        .file_name()
        .context("the output folder has no name")?
        .to_string_lossy()
        .into_owned();
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    clean_leftovers(&parent, &name);
    let tmp = parent.join(format!(".{name}.bantin-tmp-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)
            .with_context(|| format!("cannot remove {}", tmp.display()))?;
    }
    let result = write_tree(output, &tmp);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e.context(format!(
            "the build was not written; {} is unchanged",
            out.display()
        )));
    }
    if out.exists() {
        let old = parent.join(format!(".{name}.bantin-old-{}", std::process::id()));
        std::fs::rename(&out, &old)
            .with_context(|| format!("cannot move the old {} aside", out.display()))?;
        if let Err(e) = std::fs::rename(&tmp, &out) {
            let _ = std::fs::rename(&old, &out);
            return Err(e)
                .with_context(|| format!("cannot move the new site into {}", out.display()));
        }
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&tmp, &out)
            .with_context(|| format!("cannot move the new site into {}", out.display()))?;
    }
    Ok(())
}

/// Remove temporary folders left by builds that were killed.
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let tmp_prefix = format!(".{name}.bantin-tmp-");
    let old_prefix = format!(".{name}.bantin-old-");
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if (n.starts_with(&tmp_prefix) || n.starts_with(&old_prefix))
            && e.path().join(MARKER).exists()
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn write_tree(output: &Output, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // The marker first, so a killed build's leftovers can be recognised and cleaned.
    std::fs::write(
        dir.join(MARKER),
        b"This folder is written by bantin build; it is replaced on every build.\n",
    )
    .with_context(|| format!("cannot write in {}", dir.display()))?;
    let mut dirs: Vec<PathBuf> = output
        .files
        .keys()
        .filter_map(|p| Path::new(p).parent().map(|d| dir.join(d)))
        .collect();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).with_context(|| format!("cannot create {}", d.display()))?;
    }
    let files: Vec<(&String, &Body)> = output.files.iter().collect();
    files
        .par_iter()
        .try_for_each(|(rel, body)| -> anyhow::Result<()> {
            let path = dir.join(rel);
            match body {
                Body::Bytes(b) => std::fs::write(&path, b)
                    .with_context(|| format!("cannot write {}", path.display())),
                Body::Copy(from) => std::fs::copy(from, &path).map(|_| ()).with_context(|| {
                    format!("cannot copy {} to {}", from.display(), path.display())
                }),
            }
        })
}

/// Bring a folder written by [`write`] up to date in place: write the `changed` files (each
/// through a temporary file renamed over the old one) and delete the `removed` ones, with the
/// folders they leave empty. Only a folder holding bantin's marker is touched.
pub fn update(out: &Path, changed: &[(&str, &Body)], removed: &[&str]) -> anyhow::Result<()> {
    if !out.join(MARKER).is_file() {
        bail!(
            "refusing to update {}: it has no {MARKER} marker (it was not written by bantin build)",
            out.display()
        );
    }
    for (rel, body) in changed {
        let path = inside(out, rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let tmp = path.with_file_name(format!(
            ".{}.bantin-tmp",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ));
        match body {
            Body::Bytes(b) => std::fs::write(&tmp, b)
                .with_context(|| format!("cannot write {}", tmp.display()))?,
            Body::Copy(from) => {
                std::fs::copy(from, &tmp).with_context(|| {
                    format!("cannot copy {} to {}", from.display(), tmp.display())
                })?;
            }
        }
        std::fs::rename(&tmp, &path)
            .with_context(|| format!("cannot replace {}", path.display()))?;
    }
    for rel in removed {
        let path = inside(out, rel)?;
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {}", path.display())),
        }
        // Remove the folders this leaves empty, up to (not including) `out`.
        let mut dir = path.parent();
        while let Some(d) = dir {
            if d == out || !d.starts_with(out) || std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
}

/// `out/rel` for an output path, refusing anything that could leave `out`.
fn inside(out: &Path, rel: &str) -> anyhow::Result<PathBuf> {
    let ok = !rel.is_empty()
        && rel != MARKER
        && !rel.contains('\\')
        && rel
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains(':'));
    if !ok {
        bail!("refusing to write the output path {rel:?}");
    }
    Ok(out.join(rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_changes_and_removes_only_inside_a_marked_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut output = Output::default();
        output
            .files
            .insert("a/index.html".into(), Body::Bytes(b"a".to_vec()));
        output
            .files
            .insert("b/c/index.html".into(), Body::Bytes(b"b".to_vec()));
        write(&output, &out).unwrap();

        let new = Body::Bytes(b"A".to_vec());
        update(
            &out,
            &[("a/index.html", &new), ("d.txt", &new)],
            &["b/c/index.html"],
        )
        .unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"A");
        assert_eq!(std::fs::read(out.join("d.txt")).unwrap(), b"A");
        assert!(!out.join("b").exists(), "emptied folders go too");
        assert!(out.join(MARKER).is_file());

        assert!(update(&out, &[], &["../x"]).is_err());
        assert!(update(&out, &[], &[MARKER]).is_err());
        let unmarked = dir.path().join("mine");
        std::fs::create_dir_all(&unmarked).unwrap();
        std::fs::write(unmarked.join("keep.txt"), "mine").unwrap();
        assert!(update(&unmarked, &[], &["keep.txt"]).is_err());
        assert!(unmarked.join("keep.txt").is_file());
    }
}
