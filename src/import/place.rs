//! Placing prepared articles: a file name for each (`slug.md`, `slug-2.md`, ... never
//! overwriting another article, nor the same one without `--force`), then the writes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use rayon::prelude::*;

use super::{Failure, Outcome, Prepared};
use crate::error::Located;
use crate::frontmatter::{self, FrontMatter};
use crate::text::nfc;

/// Where one prepared article goes, decided before anything is written.
enum Placement {
    /// Write the article to `output`; `durable` when it replaces a file that was on disk.
    Write {
        output: PathBuf,
        durable: bool,
        note: String,
    },
    /// Named `output`, then replaced by a later input of the same run (`--force`): not written.
    Superseded { output: PathBuf, note: String },
    /// Nothing to write.
    Done(Outcome),
}

/// Place every prepared article: names in input order (a lookup per candidate name), then the
/// writes in parallel (creating files is most of an import's system time).
pub(super) fn place_all(
    prepared: &[Result<Prepared, Failure>],
    force: bool,
) -> Vec<Result<Outcome, Failure>> {
    let mut claimed: HashMap<PathBuf, usize> = HashMap::new();
    let mut on_disk = Listings::default();
    let mut plans: Vec<Result<Placement, Failure>> = Vec::with_capacity(prepared.len());
    for i in 0..prepared.len() {
        let plan = choose_name(i, prepared, &claimed, &mut on_disk, force);
        if let Ok((Placement::Write { output, .. }, replaced)) = &plan {
            if let Some(Ok(earlier)) = replaced.and_then(|j| plans.get_mut(j)) {
                if let Placement::Write { output, note, .. } = earlier {
                    let (output, note) = (std::mem::take(output), std::mem::take(note));
                    *earlier = Placement::Superseded { output, note };
                }
            }
            claimed.insert(output.clone(), i);
        }
        plans.push(plan.map(|(p, _)| p));
    }
    crate::timing::mark("names chosen");
    // Each category folder is made once, not checked once per file.
    let mut folders: HashMap<&Path, Result<(), Failure>> = HashMap::new();
    for plan in &plans {
        if let Ok(Placement::Write { output, .. }) = plan {
            let dir = output.parent().unwrap_or(Path::new("."));
            folders.entry(dir).or_insert_with(|| {
                fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))
                    .map_err(Failure::io)
            });
        }
    }
    let written = plans
        .par_iter()
        .zip(prepared.par_iter())
        .map(
            |(plan, p)| match (plan.as_ref().map_err(Clone::clone)?, p) {
                (
                    Placement::Write {
                        output,
                        durable,
                        note,
                    },
                    Ok(p),
                ) => {
                    let dir = output.parent().unwrap_or(Path::new("."));
                    if let Some(Err(e)) = folders.get(dir) {
                        return Err(e.clone());
                    }
                    if *durable {
                        write_atomic(output, &p.content, true).map_err(Failure::io)?;
                    } else {
                        write_new(output, &p.content).map_err(Failure::io)?;
                    }
                    Ok(Outcome::Ok {
                        output: output.clone(),
                        note: note.clone(),
                    })
                }
                (Placement::Write { .. }, Err(e)) => Err(e.clone()),
                (Placement::Superseded { output, note }, _) => Ok(Outcome::Ok {
                    output: output.clone(),
                    note: note.clone(),
                }),
                (Placement::Done(outcome), _) => Ok(outcome.clone()),
            },
        )
        .collect();
    crate::timing::mark("files written");
    written
}

/// The names in each content folder, listed once when a name in it is first looked up, so a
/// new article's name costs no failed open. A folder that cannot be listed (other than missing)
/// is looked up name by name.
#[derive(Default)]
struct Listings(HashMap<PathBuf, Option<std::collections::HashSet<std::ffi::OsString>>>);

impl Listings {
    /// The bytes of `path`, or `NotFound`.
    fn read(&mut self, path: &Path) -> io::Result<Vec<u8>> {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return fs::read(path);
        };
        let names = self
            .0
            .entry(dir.to_path_buf())
            .or_insert_with(|| match fs::read_dir(dir) {
                Ok(entries) => entries
                    .map(|e| e.map(|e| e.file_name()))
                    .collect::<Result<_, _>>()
                    .ok(),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Some(Default::default()),
                Err(_) => None,
            });
        match names {
            Some(names) if !names.contains(name) => Err(io::ErrorKind::NotFound.into()),
            _ => fs::read(path),
        }
    }
}

/// Most `-N` suffixes tried for one slug.
const MAX_SUFFIX: usize = 1000;

/// The name of `all[i]`: `dir/slug.md`, or `slug-2.md`, ... when another article holds the name
/// (on disk, or an earlier input of this run, `claimed`). The same article (same title and lead)
/// is never overwritten without `force`. With the placement, the earlier input of this run it
/// replaces, if any.
fn choose_name(
    i: usize,
    all: &[Result<Prepared, Failure>],
    claimed: &HashMap<PathBuf, usize>,
    on_disk: &mut Listings,
    force: bool,
) -> Result<(Placement, Option<usize>), Failure> {
    let p = all[i].as_ref().map_err(Clone::clone)?;
    for n in 1..=MAX_SUFFIX {
        let name = if n == 1 {
            format!("{}.md", p.slug)
        } else {
            format!("{}-{n}.md", p.slug)
        };
        let output = p.dir.join(name);
        // What the name will hold when this article's turn comes.
        let earlier = claimed.get(&output).copied();
        let existing: Cow<[u8]> = match earlier.map(|j| &all[j]) {
            Some(Ok(e)) => Cow::Borrowed(e.content.as_bytes()),
            _ => match on_disk.read(&output) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    // A new file: were it lost in a crash, importing again brings it back.
                    let note = p.note.clone();
                    let write = Placement::Write {
                        output,
                        durable: false,
                        note,
                    };
                    return Ok((write, None));
                }
                Err(e) => {
                    let e =
                        anyhow::Error::new(e).context(format!("cannot read {}", output.display()));
                    return Err(Failure::io(e));
                }
                Ok(bytes) => Cow::Owned(bytes),
            },
        };
        if *existing == *p.content.as_bytes() {
            let reason = "already imported, unchanged".into();
            return Ok((Placement::Done(Outcome::Skipped { output, reason }), None));
        }
        if same_article(&existing, &p.fm) {
            if !force {
                let reason = "exists and differs (edited since?); pass --force to overwrite";
                let skipped = Outcome::Skipped {
                    output,
                    reason: reason.into(),
                };
                return Ok((Placement::Done(skipped), None));
            }
            // Replacing a file on disk: flushed before the rename, so a crash leaves the old
            // article or the new one, never an empty file. An earlier input of this run is
            // simply not written.
            let note = format!("{}; overwrote the existing file (--force)", p.note);
            let write = Placement::Write {
                output,
                durable: earlier.is_none(),
                note,
            };
            return Ok((write, earlier));
        }
        // another article with this slug: try the next suffix
    }
    Err(Failure::Input(Located::new(
        &p.dir,
        None,
        format!(
            "{MAX_SUFFIX} articles named {}*.md already exist in {}",
            p.slug,
            p.dir.display()
        ),
    )))
}

/// The existing file holds the same article: same title and lead.
fn same_article(existing: &[u8], fm: &FrontMatter) -> bool {
    let Ok(text) = std::str::from_utf8(existing) else {
        return false;
    };
    let Some((yaml, _, _)) = frontmatter::split(text) else {
        return false;
    };
    match frontmatter::read(yaml) {
        Ok(old) => nfc(&old.title) == fm.title && old.summary.map(|s| nfc(&s)) == fm.summary,
        Err(_) => false,
    }
}

/// Write a new article whose name is free: on Linux into an unnamed file (`O_TMPFILE`) in its
/// folder, then given its name with `linkat`, so a reader never sees half a file, no temporary
/// name is ever left behind, and a file that appeared under that name meanwhile is never
/// replaced. One rename fewer than [`write_atomic`], which is the fallback (other systems,
/// file systems without `O_TMPFILE`, no `/proc`). The folder exists.
fn write_new(path: &Path, content: &str) -> anyhow::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{AtFlags, Mode, OFlags, CWD};
        use std::os::fd::AsRawFd;
        let dir = path.parent().unwrap_or(Path::new("."));
        let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
        if let Ok(fd) = rustix::fs::open(dir, flags, Mode::from_raw_mode(0o666)) {
            let proc_path = format!("/proc/self/fd/{}", fd.as_raw_fd());
            let mut file = fs::File::from(fd);
            file.write_all(content.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            match rustix::fs::linkat(CWD, &proc_path, CWD, path, AtFlags::SYMLINK_FOLLOW) {
                Ok(()) => return Ok(()),
                Err(rustix::io::Errno::EXIST) => {
                    return Err(anyhow::anyhow!(
                        "cannot write {}: a file of that name appeared during the import; \
                         import again to choose another name",
                        path.display()
                    ))
                }
                Err(_) => {} // e.g. no /proc: the unnamed file goes when closed
            }
        }
    }
    write_atomic(path, content, false)
}

/// Write through a temporary file in the same folder (which exists) and rename it into place,
/// so a reader never sees half a file; with `durable`, flushed to disk before the rename.
fn write_atomic(path: &Path, content: &str, durable: bool) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(content.as_bytes())?;
            if durable {
                f.sync_data()?;
            }
            Ok(())
        })
        .and_then(|()| fs::rename(&tmp, path));
    result.with_context(|| {
        let _ = fs::remove_file(&tmp);
        format!("cannot write {}", path.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_files_appear_whole_and_never_replace_one() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        write_new(&a, "bài một\n").unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "bài một\n");
        // Same permissions as a file made the ordinary way (the umask applies).
        let plain = dir.path().join("plain");
        fs::File::create(&plain).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions();
        assert_eq!(mode(&a), mode(&plain));
        // A file that took the name after it was chosen is left alone.
        let e = write_new(&a, "bài khác\n").unwrap_err();
        assert!(e.to_string().contains("appeared during the import"), "{e}");
        assert_eq!(fs::read_to_string(&a).unwrap(), "bài một\n");
        // Nothing else was left in the folder: no temporary names.
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["a.md", "plain"]);
    }

    #[test]
    fn listed_folders_answer_for_their_names() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("x.md"), "x").unwrap();
        let mut on_disk = Listings::default();
        assert_eq!(on_disk.read(&dir.path().join("x.md")).unwrap(), b"x");
        let missing = on_disk.read(&dir.path().join("y.md")).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
        let no_folder = on_disk.read(&dir.path().join("none/z.md")).unwrap_err();
        assert_eq!(no_folder.kind(), io::ErrorKind::NotFound);
    }
}
