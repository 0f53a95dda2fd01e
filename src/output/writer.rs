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

/// Write `output` as the new contents of `out` (see [`write_with`]).
pub fn write(output: &Output, out: &Path) -> anyhow::Result<()> {
    write_with(out, |sink| {
        let files: Vec<(&String, &Body)> = output.files.iter().collect();
        files
            .par_iter()
            .try_for_each(|(rel, body)| sink.put(rel, body))
    })
}

/// Fill a new folder with `fill` and make it the contents of `out`, atomically with respect to
/// failures: everything is written to a sibling temporary folder first, swapped in only when
/// `fill` succeeded. Call [`check_target`] before.
pub fn write_with<T, E: From<anyhow::Error>>(
    out: &Path,
    fill: impl FnOnce(&Sink) -> Result<T, E>,
) -> Result<T, E> {
    let out = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(anyhow::Error::from)?
            .join(out)
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
    // Files whose bytes are unchanged are hard-linked from the previous build instead of written
    // again: the new folder costs directory entries only, and deleting the old one afterwards
    // frees no data blocks (on a file system mounted with `discard`, freeing them was most of a
    // rebuild's time).
    let sink = Sink::new(&tmp, out.join(MARKER).is_file().then_some(out.as_path()))?;
    let filled = match fill(&sink) {
        Ok(x) => x,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    if out.exists() {
        let old = parent.join(format!(".{name}.bantin-old-{}", std::process::id()));
        std::fs::rename(&out, &old)
            .with_context(|| format!("cannot move the old {} aside", out.display()))?;
        if let Err(e) = std::fs::rename(&tmp, &out) {
            let _ = std::fs::rename(&old, &out);
            return Err(anyhow::Error::from(e)
                .context(format!("cannot move the new site into {}", out.display()))
                .into());
        }
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&tmp, &out)
            .with_context(|| format!("cannot move the new site into {}", out.display()))?;
    }
    Ok(filled)
}

/// Put back the previous output if a build was killed between moving it aside and moving the
/// new site in (the only moment OUTPUT does not exist): `.NAME.bantin-old-PID` holding the
/// marker becomes OUTPUT again. Returns whether it did. Called before every build, so even a
/// build that then fails on content leaves the previous site in place.
///
/// Several such folders (builds killed at that moment more than once, or two builds at once):
/// the newest (by modification time; on a tie the last by name) is restored, and the others
/// are kept, renamed `.NAME.bantin-kept-PID` so that no build removes them; [`kept`] lists them
/// for the build to tell the user.
pub fn recover(out: &Path) -> anyhow::Result<bool> {
    if out.exists() {
        return Ok(false);
    }
    let Some((parent, name)) = beside(out) else {
        return Ok(false);
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(false);
    };
    let old_prefix = format!(".{name}.bantin-old-");
    let mut olds: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&old_prefix))
        .map(|e| e.path())
        .filter(|p| p.join(MARKER).is_file())
        .map(|p| {
            let modified = std::fs::metadata(&p)
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (modified, p)
        })
        .collect();
    olds.sort();
    let Some((_, newest)) = olds.pop() else {
        return Ok(false);
    };
    std::fs::rename(&newest, out).with_context(|| {
        format!(
            "cannot restore the previous output {} from {}",
            out.display(),
            newest.display()
        )
    })?;
    for (_, old) in olds {
        // The name starts with `old_prefix` (filtered above): keep what follows, the PID.
        let file_name = old.file_name().unwrap_or_default().to_string_lossy();
        let suffix = file_name.get(old_prefix.len()..).unwrap_or("").to_string();
        let mut to = parent.join(format!(".{name}.bantin-kept-{suffix}"));
        let mut n = 2;
        while to.exists() {
            to = parent.join(format!(".{name}.bantin-kept-{suffix}-{n}"));
            n += 1;
        }
        std::fs::rename(&old, &to).with_context(|| {
            format!(
                "cannot keep the older output {} as {}",
                old.display(),
                to.display()
            )
        })?;
    }
    Ok(true)
}

/// The older outputs [`recover`] kept beside `out` (`.NAME.bantin-kept-…`), sorted.
pub fn kept(out: &Path) -> Vec<PathBuf> {
    let Some((parent, name)) = beside(out) else {
        return Vec::new();
    };
    let prefix = format!(".{name}.bantin-kept-");
    let mut found: Vec<PathBuf> = std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// The folder `out` is in (`.` for a bare name) and its name.
fn beside(out: &Path) -> Option<(&Path, String)> {
    let (parent, name) = (out.parent()?, out.file_name()?);
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    Some((parent, name.to_string_lossy().into_owned()))
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
        // Only folders bantin made: with its marker, or empty (killed before writing it).
        let ours = e.path().join(MARKER).exists()
            || std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_none());
        if (n.starts_with(&tmp_prefix) || n.starts_with(&old_prefix)) && ours {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// A new output folder being filled (from several threads at once).
pub struct Sink {
    dir: PathBuf,
    /// The previous build, whose unchanged files are linked rather than written.
    previous: Option<PathBuf>,
}

impl Sink {
    fn new(dir: &Path, previous: Option<&Path>) -> anyhow::Result<Sink> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        // The marker first, so a killed build's leftovers can be recognised and cleaned.
        std::fs::write(
            dir.join(MARKER),
            b"This folder is written by bantin build; it is replaced on every build.\n",
        )
        .with_context(|| format!("cannot write in {}", dir.display()))?;
        Ok(Sink {
            dir: dir.to_path_buf(),
            previous: previous.map(Path::to_path_buf),
        })
    }

    /// Write `body` at `rel` (an output path: relative, `/`-separated, checked to stay inside).
    pub fn put(&self, rel: &str, body: &Body) -> anyhow::Result<()> {
        let path = inside(&self.dir, rel)?;
        if let Some(old) = self.previous.as_ref().map(|p| p.join(rel)) {
            if holds(&old, body) && link(&old, &path).is_ok() {
                return Ok(());
            }
        }
        let write = |path: &Path| match body {
            Body::Bytes(b) => std::fs::write(path, b),
            Body::Copy(from) => std::fs::copy(from, path).map(|_| ()),
        };
        let result = match write(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // The folder is not there yet (the first file in it).
                make_parent(&path).and_then(|()| write(&path))
            }
            r => r,
        };
        result.with_context(|| match body {
            Body::Bytes(_) => format!("cannot write {}", path.display()),
            Body::Copy(from) => format!("cannot copy {} to {}", from.display(), path.display()),
        })
    }
}

fn make_parent(path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(d) => std::fs::create_dir_all(d),
        None => Ok(()),
    }
}

/// Hard-link `old` at `path`, making the folder if needed.
fn link(old: &Path, path: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(old, path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            make_parent(path).and_then(|()| std::fs::hard_link(old, path))
        }
        r => r,
    }
}

/// `path` is a regular file (not a link) holding exactly the bytes of `body`.
fn holds(path: &Path, body: &Body) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.file_type().is_file() {
        return false;
    }
    match body {
        Body::Bytes(b) => {
            meta.len() == b.len() as u64 && std::fs::read(path).is_ok_and(|old| old == *b)
        }
        Body::Copy(from) => {
            std::fs::metadata(from).is_ok_and(|m| m.len() == meta.len())
                && matches!((std::fs::read(path), std::fs::read(from)), (Ok(a), Ok(b)) if a == b)
        }
    }
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

    /// `.public.bantin-old-PID` as a killed build leaves it: the marker, a page, a given mtime.
    fn old_output(parent: &Path, pid: &str, page: &str, age_s: u64) -> PathBuf {
        let dir = parent.join(format!(".public.bantin-old-{pid}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(MARKER), "").unwrap();
        std::fs::write(dir.join("index.html"), page).unwrap();
        let when = std::time::SystemTime::now() - std::time::Duration::from_secs(age_s);
        std::fs::File::open(&dir)
            .unwrap()
            .set_modified(when)
            .unwrap();
        dir
    }

    #[test]
    fn recover_restores_the_newest_old_output_and_keeps_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // The newest is neither first nor last by name.
        old_output(dir.path(), "100", "oldest", 3000);
        old_output(dir.path(), "200", "newest", 10);
        old_output(dir.path(), "300", "middle", 2000);
        assert!(recover(&out).unwrap());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "newest"
        );
        let kept = kept(&out);
        let names: Vec<String> = kept
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [".public.bantin-kept-100", ".public.bantin-kept-300"]
        );
        assert_eq!(
            std::fs::read_to_string(kept[0].join("index.html")).unwrap(),
            "oldest"
        );
        // A build's clean-up of killed builds' folders leaves the kept ones alone.
        clean_leftovers(dir.path(), "public");
        assert_eq!(super::kept(&out).len(), 2);
        // With OUTPUT in place there is nothing to recover.
        assert!(!recover(&out).unwrap());
    }

    #[test]
    fn recover_breaks_a_tie_of_times_by_the_last_name() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let a = old_output(dir.path(), "7", "a", 0);
        let b = old_output(dir.path(), "8", "b", 0);
        let t = std::fs::metadata(&a).unwrap().modified().unwrap();
        std::fs::File::open(&b).unwrap().set_modified(t).unwrap();
        assert!(recover(&out).unwrap());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "b"
        );
        assert_eq!(kept(&out), [dir.path().join(".public.bantin-kept-7")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_keeps_unchanged_files_and_rewrites_the_rest() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let image = dir.path().join("a.jpg");
        std::fs::write(&image, b"jpeg").unwrap();
        let mut output = Output::default();
        let mut put = |p: &str, b: &[u8]| {
            output.files.insert(p.into(), Body::Bytes(b.to_vec()));
        };
        put("same/index.html", b"same");
        put("edited/index.html", b"old");
        put("tampered.css", b"css");
        output
            .files
            .insert("img/a.jpg".into(), Body::Copy(image.clone()));
        write(&output, &out).unwrap();
        let ino = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        let (same, img, edited) = (
            ino("same/index.html"),
            ino("img/a.jpg"),
            ino("edited/index.html"),
        );
        // Someone edits the built site by hand: the next build puts the right bytes back.
        std::fs::write(out.join("tampered.css"), b"xss").unwrap();

        output
            .files
            .insert("edited/index.html".into(), Body::Bytes(b"new".to_vec()));
        write(&output, &out).unwrap();
        let read = |p: &str| std::fs::read(out.join(p)).unwrap();
        assert_eq!(read("same/index.html"), b"same");
        assert_eq!(read("edited/index.html"), b"new");
        assert_eq!(read("tampered.css"), b"css");
        assert_eq!(read("img/a.jpg"), b"jpeg");
        // Unchanged files are the previous build's own (hard-linked, not written again).
        assert_eq!(ino("same/index.html"), same);
        assert_eq!(ino("img/a.jpg"), img);
        assert_ne!(ino("edited/index.html"), edited);
        assert_eq!(
            std::fs::metadata(out.join("same/index.html"))
                .unwrap()
                .nlink(),
            1
        );
        // Nothing is left beside the output.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
