//! File events on the site's inputs (site.yaml, content/, themes/, templates/, static/),
//! debounced by a few tens of milliseconds, without the output folder or editors' temporary
//! files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// The folders under the site root whose files are inputs.
pub const INPUT_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];
/// Quiet time after an event before the batch is handed over: long enough to gather an editor's
/// save (write a temporary file, rename it over the old one), short enough not to be felt.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// What the next batch of events brought.
#[derive(Debug)]
pub enum Next {
    /// Inputs that changed (created, modified, deleted or moved; files or folders).
    Changed(Vec<PathBuf>),
    /// The watcher reported a problem; events may have been lost.
    Trouble(String),
    /// Nothing happened within the time asked for.
    Idle,
}

pub struct Watcher {
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    ignore: Option<PathBuf>,
    watched: BTreeSet<PathBuf>,
}

/// Raw events, gathered here rather than by a debouncer that merges them: a debouncer that
/// drops a "create then remove" pair as "nothing happened" is right about events but not about
/// a reader who looked at the disk in between (the rebuild that read the created file then never
/// heard that it was removed, and served it for good). Every event only says "look at this
/// path again"; the session reads what is on disk.
impl Watcher {
    /// Watch the site at `root` (site.yaml and the input folders), ignoring `ignore` (the
    /// output folder of `build --watch`).
    pub fn new(root: &Path, ignore: Option<&Path>) -> notify::Result<Watcher> {
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut w = Watcher {
            watcher,
            rx,
            root: root.to_path_buf(),
            ignore: ignore.map(Path::to_path_buf),
            watched: BTreeSet::new(),
        };
        for d in INPUT_DIRS {
            w.watch_dir(&root.join(d));
        }
        Ok(w)
    }

    /// Watch an input folder recursively once it exists (it may be created after the start).
    fn watch_dir(&mut self, dir: &Path) {
        if dir.is_dir() {
            // Again after a delete and re-create: the old watch went with the old folder.
            if self.watcher.watch(dir, RecursiveMode::Recursive).is_ok() {
                self.watched.insert(dir.to_path_buf());
            }
        } else {
            self.watched.remove(dir);
        }
    }

    /// Wait for the next batch of input changes (`None` when the watcher is gone).
    pub fn wait(&mut self) -> Option<Next> {
        self.wait_up_to(None)
    }

    /// As [`Watcher::wait`], but give up after `limit` without events ([`Next::Idle`]). A batch
    /// is every event until [`DEBOUNCE`] passes without one.
    pub fn wait_up_to(&mut self, limit: Option<Duration>) -> Option<Next> {
        loop {
            let first = match limit {
                None => self.rx.recv().ok()?,
                Some(d) => match self.rx.recv_timeout(d) {
                    Ok(e) => e,
                    Err(RecvTimeoutError::Timeout) => return Some(Next::Idle),
                    Err(RecvTimeoutError::Disconnected) => return None,
                },
            };
            let mut paths: Vec<PathBuf> = Vec::new();
            let mut trouble: Vec<String> = Vec::new();
            let mut take = |e: notify::Result<notify::Event>| match e {
                Ok(e) if e.need_rescan() => {
                    trouble.push("events were lost (the kernel's queue overflowed)".into())
                }
                Ok(e) if matches!(e.kind, EventKind::Access(_)) => {}
                Ok(e) => paths.extend(e.paths),
                Err(e) => trouble.push(e.to_string()),
            };
            take(first);
            // Gather until the events pause, however long they keep coming in.
            let mut quiet_from = Instant::now();
            loop {
                let left = DEBOUNCE.saturating_sub(quiet_from.elapsed());
                match self.rx.recv_timeout(left) {
                    Ok(e) => {
                        take(e);
                        quiet_from = Instant::now();
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            if !trouble.is_empty() {
                trouble.dedup();
                return Some(Next::Trouble(trouble.join("; ")));
            }
            let mut paths: Vec<PathBuf> = paths
                .into_iter()
                .filter(|p| relevant(&self.root, p, self.ignore.as_deref()))
                .collect();
            paths.sort();
            paths.dedup();
            for p in &paths {
                if INPUT_DIRS.iter().any(|d| *p == self.root.join(d)) {
                    self.watch_dir(p);
                }
            }
            if !paths.is_empty() {
                return Some(Next::Changed(paths));
            }
        }
    }
}

pub fn relevant(root: &Path, path: &Path, ignore: Option<&Path>) -> bool {
    if ignore.is_some_and(|out| path.starts_with(out)) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.iter().map(|c| c.to_string_lossy());
    match parts.next() {
        Some(first) if first == "site.yaml" => rel.iter().count() == 1,
        Some(first) if INPUT_DIRS.contains(&first.as_ref()) => {
            rel.iter().all(|c| !c.to_string_lossy().starts_with('.'))
                && !rel
                    .file_name()
                    .is_some_and(|n| editor_temp(&n.to_string_lossy()))
        }
        _ => false,
    }
}

/// Files editors write while saving or as backups: vim's `.x.swp` and `4913`, `x~`, Emacs'
/// `.#x` and `#x#`, JetBrains' `x___jb_tmp___`, and other `.tmp` files.
pub fn editor_temp(name: &str) -> bool {
    name == "4913"
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A removal after a batch is always heard, even when the file was created again just
    /// before that batch (the pair a merging debouncer cancels).
    #[test]
    fn a_removal_after_a_batch_is_never_lost() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let file = root.join("content/a.md");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "1").unwrap();
        let mut w = Watcher::new(&root, None).unwrap();
        let next = |w: &mut Watcher| match w.wait_up_to(Some(Duration::from_secs(5))) {
            Some(Next::Changed(p)) => p,
            other => panic!("expected a change, got {other:?}"),
        };
        for round in 0..20 {
            std::fs::remove_file(&file).unwrap();
            std::fs::write(&file, format!("{round}")).unwrap();
            assert!(next(&mut w).contains(&file), "round {round}: the re-create");
            std::fs::remove_file(&file).unwrap();
            assert!(next(&mut w).contains(&file), "round {round}: the removal");
            std::fs::write(&file, "again").unwrap();
            assert!(next(&mut w).contains(&file), "round {round}: the new file");
        }
    }

    #[test]
    fn inputs_only() {
        let root = Path::new("/s");
        let yes = [
            "/s/site.yaml",
            "/s/content/a.md",
            "/s/content/new-folder",
            "/s/content",
            "/s/themes/t/templates/base.html",
            "/s/templates/article.html",
            "/s/static/img/a.jpg",
        ];
        for p in yes {
            assert!(
                relevant(root, Path::new(p), Some(Path::new("/s/public"))),
                "{p}"
            );
        }
        let no = [
            "/s/public/index.html",
            "/s/public",
            "/s/README.md",
            "/s/.git/index",
            "/s/content/.a.md.swp",
            "/s/content/a.md~",
            "/s/content/.#a.md",
            "/s/content/#a.md#",
            "/s/content/4913",
            "/s/content/a.md.tmp",
            "/s/content/.hidden/a.md",
            "/s/content/a.md___jb_tmp___",
            "/s/site.yaml/x",
            "/elsewhere/content/a.md",
        ];
        for p in no {
            assert!(
                !relevant(root, Path::new(p), Some(Path::new("/s/public"))),
                "{p}"
            );
        }
    }

    #[test]
    fn output_inside_an_input_is_ignored() {
        let root = Path::new("/s");
        let out = Some(Path::new("/s/static/out"));
        assert!(!relevant(root, Path::new("/s/static/out/index.html"), out));
        assert!(relevant(root, Path::new("/s/static/outside.png"), out));
    }
}
