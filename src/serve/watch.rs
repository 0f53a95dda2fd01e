//! File events on the site's inputs (site.yaml, content/, themes/, templates/, static/),
//! debounced by a few tens of milliseconds, without the output folder or editors' temporary
//! files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

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
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    rx: Receiver<DebounceEventResult>,
    root: PathBuf,
    ignore: Option<PathBuf>,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Watch the site at `root` (an absolute, canonical path: events name files under it);
    /// changes under `ignore` (the output folder) are not reported.
    pub fn new(root: &Path, ignore: Option<&Path>) -> notify::Result<Watcher> {
        let (tx, rx) = channel();
        let mut debouncer = new_debouncer(DEBOUNCE, None, tx)?;
        // The root alone (site.yaml, input folders appearing); each input folder recursively.
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        let mut w = Watcher {
            debouncer,
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

    fn watch_dir(&mut self, dir: &Path) {
        if dir.is_dir() {
            // Watching again is harmless, and after a move it makes events name the new path.
            if self.debouncer.watch(dir, RecursiveMode::Recursive).is_ok() {
                self.watched.insert(dir.to_path_buf());
            }
        } else {
            self.watched.remove(dir);
        }
    }

    /// Wait for the next batch of relevant changes; `None` when the watcher has stopped.
    pub fn wait(&mut self) -> Option<Next> {
        self.wait_up_to(None)
    }

    /// [`Watcher::wait`] for at most `limit`: `Some(Next::Idle)` when nothing came.
    pub fn wait_up_to(&mut self, limit: Option<Duration>) -> Option<Next> {
        loop {
            let received = match limit {
                None => self.rx.recv().ok(),
                Some(d) => match self.rx.recv_timeout(d) {
                    Ok(r) => Some(r),
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => return Some(Next::Idle),
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => None,
                },
            };
            let events = match received? {
                Ok(events) => events,
                Err(errors) => {
                    let why: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                    return Some(Next::Trouble(why.join("; ")));
                }
            };
            let mut paths: Vec<PathBuf> = events
                .into_iter()
                // Reading a file is not changing it (notify reports opens, and bantin reads).
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .filter(|p| relevant(&self.root, p, self.ignore.as_deref()))
                .collect();
            paths.sort();
            paths.dedup();
            for p in &paths {
                if p.is_dir() {
                    self.watch_dir(p);
                }
            }
            if !paths.is_empty() {
                return Some(Next::Changed(paths));
            }
        }
    }
}

/// Is a change to `path` a change to the site at `root`?
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
