//! A site kept in memory between rebuilds: content files parsed once and re-read only when they
//! change, the last good `Site`, its plan and its files, and a rebuild that renders only the
//! pages whose plan key changed. Every rebuild must equal a clean `bantin build` byte for byte.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use imbl::ordmap::DiffItem;
use rayon::prelude::*;

use crate::build::{self, BuildError, BuildOptions};
use crate::config::Config;
use crate::content::load::{self, Texts};
use crate::content::Source;
use crate::error::{Located, Many};
use crate::output::{self, Body};
use crate::plan::{Make, Plan};
use crate::render::{Assets, Renderer, Theme};
use crate::site::{LoadOptions, Reuse, Site};

/// Output path → contents. A persistent map: a rebuild that changes a few pages clones the last
/// one in O(1) and inserts them, instead of copying 16,000 entries at 10,000 articles (which was
/// most of a one-article rebuild), and comparing two builds skips the subtrees they share.
pub type Files = imbl::OrdMap<String, Arc<Body>>;

/// The built site as served, shared cheaply between rebuilds.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub files: Files,
}

impl Snapshot {
    /// The bytes of an in-memory file (`None` for copies from disk and missing paths).
    pub fn bytes(&self, path: &str) -> Option<&[u8]> {
        match self.files.get(path).map(|b| b.as_ref()) {
            Some(Body::Bytes(b)) => Some(b),
            _ => None,
        }
    }
}

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Nothing was built before (the session's first good build).
    pub first: bool,
    pub elapsed: Duration,
    /// Output paths added or whose bytes changed, sorted.
    pub changed: Vec<String>,
    /// Output paths that are gone, sorted.
    pub removed: Vec<String>,
    /// HTML pages among `changed` and `removed`.
    pub pages_changed: usize,
    /// Pages rendered to get there (all of them after a template change).
    pub rendered: usize,
    pub snapshot: Arc<Snapshot>,
    /// Problems that did not stop the build, in the articles this rebuild read, and the
    /// symbolic links under content/ it met (all of them after a full build).
    pub warnings: Vec<Located>,
}

/// The last good build.
struct Built {
    theme: Theme,
    site: Site,
    /// `output::static_files` of this build.
    statics: BTreeMap<String, Arc<Body>>,
    /// Statics, copies and pages: everything but the news files.
    base: Files,
    /// Whether the theme has a search page (the search index is written then).
    has_search: bool,
    /// The asset URLs the pages were rendered with.
    assets: Assets,
    /// The plan the files were made by.
    plan: Plan,
}

/// The files of a site, made by its plan.
struct Made {
    files: Files,
    plan: Plan,
    has_search: bool,
    assets: Assets,
    /// Pages rendered (the others kept their bytes).
    rendered: usize,
    /// Paths made twice (warnings).
    overlaps: Vec<Located>,
}

/// A content file as last read.
type Parsed = Result<Arc<Source>, Vec<Located>>;

pub struct Session {
    opts: BuildOptions,
    /// Content files by path (as found under ROOT/content), parsed with the configuration
    /// `loaded`.
    files: BTreeMap<PathBuf, Parsed>,
    /// Symbolic links under ROOT/content (not followed), by path, with their warnings.
    links: BTreeMap<PathBuf, Located>,
    loaded: Option<Config>,
    built: Option<Built>,
    /// The files of the last good build (what a rebuild's changes are counted against).
    last: Arc<Snapshot>,
    /// What changed since `built` (kept across failed rebuilds).
    pending: Touched,
    /// The news files (feeds, sitemaps, robots.txt, search index) as last made, and whether
    /// they are older than the pages (see [`Session::news`]).
    news: BTreeMap<String, Arc<Body>>,
    news_stale: bool,
}

/// What a set of changed paths touches.
#[derive(Debug, Default)]
struct Touched {
    config: bool,
    /// themes/, templates/, or CSS/JS in static/ (merged into the theme).
    theme: bool,
    /// Other files in static/: image lookups and copies.
    statics: bool,
    /// Changed paths under content/.
    content: BTreeSet<PathBuf>,
    /// Every changed path (copied files whose source is among them have changed).
    all: BTreeSet<PathBuf>,
    /// Content files read again, as shown (`Source::file`).
    reread: BTreeSet<PathBuf>,
    /// Symbolic links met since the last good build (warned about in the next one).
    links: BTreeSet<PathBuf>,
}

impl Session {
    /// A session for the site at `opts.root` (best given as an absolute path: file events
    /// name files that way). Nothing is read until [`Session::rebuild`].
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            files: BTreeMap::new(),
            links: BTreeMap::new(),
            loaded: None,
            built: None,
            last: Arc::default(),
            pending: Touched::default(),
            news: BTreeMap::new(),
            news_stale: false,
        }
    }

    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// The configuration of the last good build.
    pub fn config(&self) -> Option<&Config> {
        self.built.as_ref().map(|b| &b.site.config)
    }

    /// The files of the last good build (none before the first).
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.last.clone()
    }

    /// Bring the pages up to date after `paths` changed (an empty slice, or a session without a
    /// good build, means: everything). On error the last good build is kept. The news files are
    /// left as they were until [`Session::news`]: they depend on every article and take longer
    /// than a page, and no browser shows them.
    ///
    /// The new site's plan decides everything: its entries are the files, and a page is
    /// rendered again exactly when its key differs from the last plan's at that path.
    pub fn rebuild(&mut self, paths: &[PathBuf]) -> Result<Rebuilt, BuildError> {
        let start = Instant::now();
        self.classify(paths);
        if paths.is_empty() || self.loaded.is_none() || self.pending.config {
            self.built = None;
            self.loaded = None;
            self.pending.config = false;
            let config = build::load_config(&self.opts)?;
            self.reread_all(&config)?;
            self.loaded = Some(config);
        } else {
            let content = std::mem::take(&mut self.pending.content);
            let shown = self.reread(&content);
            self.pending.reread.extend(shown);
        }
        self.check_files()?;
        // The quick way to the new site: the last one with a few articles' text replaced.
        if let Some(olds) = self.patch() {
            let Some(mut b) = self.built.take() else {
                return Err(BuildError::Io(anyhow::anyhow!("no build to patch")));
            };
            let changed: Vec<usize> = olds.iter().map(|(i, _)| *i).collect();
            return match Session::remake(&mut b, &changed) {
                Ok((files, rendered)) => {
                    let made = Made {
                        files,
                        plan: std::mem::take(&mut b.plan),
                        has_search: b.has_search,
                        assets: b.assets.clone(),
                        rendered,
                        overlaps: Vec::new(),
                    };
                    Ok(self.finish(start, made, b.site, b.theme, b.statics, false))
                }
                Err(e) => {
                    for (i, o) in olds.into_iter().rev() {
                        b.site.restore(i, o);
                    }
                    self.built = Some(b);
                    Err(e)
                }
            };
        }
        let touched = &self.pending;
        let old = self.built.as_ref();
        let Some(config) = self.loaded.clone() else {
            return Err(BuildError::Io(anyhow::anyhow!("no configuration loaded")));
        };
        let theme = match old {
            Some(b) if !touched.theme => b.theme.clone(),
            _ => Theme::load(&self.opts.root, &config.theme)
                .map_err(|e| BuildError::Input(Many(vec![e])))?,
        };
        let sources: Vec<Arc<Source>> = self
            .files
            .values()
            .filter_map(|p| p.as_ref().ok().cloned())
            .collect();
        let reuse = old.filter(|_| !touched.statics).map(|b| Reuse {
            previous: &b.site,
            changed: &touched.reread,
        });
        let site = Site::from_shared_sources(
            &self.opts.root,
            config.clone(),
            sources,
            &LoadOptions {
                drafts: self.opts.drafts,
            },
            reuse.as_ref(),
        )?;
        let statics = match old {
            Some(b) if !touched.theme && !touched.statics => b.statics.clone(),
            _ => output::static_files(&site, &theme, config.minify)?
                .into_iter()
                .map(|(k, v)| (k, Arc::new(v)))
                .collect(),
        };
        let assets = output::assets(&site, &statics);
        let made = self.make(&site, &theme, &statics, &assets, old)?;
        let full = old.is_none();
        Ok(self.finish(start, made, site, theme, statics, full))
    }

    /// The files after `b.site` was patched in place (articles `changed`, same places): the
    /// plan keeps its paths, only the pages that read a changed article are keyed again, and of
    /// those only the ones whose key changed are rendered. On error `b.plan` is as it was.
    fn remake(b: &mut Built, changed: &[usize]) -> Result<(Files, usize), BuildError> {
        let renderer = Renderer::new(&b.site, &b.theme, &b.assets)?;
        let globals = output::globals(&b.site, &b.theme, &b.assets);
        let old_keys = b.plan.rekey(&b.site, changed, globals);
        let jobs: Vec<crate::plan::Job> = old_keys
            .iter()
            .filter_map(|(i, _)| match &b.plan.entries[*i].make {
                Make::Page(job) => Some(job.clone()),
                _ => None,
            })
            .collect();
        let pages = match output::render_pages(&renderer, &jobs, b.site.config.minify) {
            Ok(p) => p,
            Err(e) => {
                b.plan.restore_keys(&old_keys);
                return Err(BuildError::Input(e));
            }
        };
        let mut files = b.base.clone();
        for (path, bytes) in pages {
            let body = Body::Bytes(bytes);
            if files.get(&path).map(|x| x.as_ref()) != Some(&body) {
                files.insert(path, Arc::new(body));
            }
        }
        Ok((files, jobs.len()))
    }

    /// The files of `site` by its plan: every page whose key is the same as in `old`'s plan
    /// keeps its bytes, the others are rendered.
    fn make(
        &self,
        site: &Site,
        theme: &Theme,
        statics: &BTreeMap<String, Arc<Body>>,
        assets: &Assets,
        old: Option<&Built>,
    ) -> Result<Made, BuildError> {
        let renderer = Renderer::new(site, theme, assets)?;
        let has_search = renderer.has_search();
        let globals = output::globals(site, theme, assets);
        let plan = output::plan(site, statics, has_search, globals)?;
        let unchanged = |path: &str, key: u64| -> Option<Arc<Body>> {
            let b = old?;
            (b.plan.get(path)?.key == key)
                .then(|| b.base.get(path).cloned())
                .flatten()
        };
        let mut kept: Vec<Option<Arc<Body>>> = Vec::with_capacity(plan.entries.len());
        let mut jobs = Vec::new();
        for e in &plan.entries {
            let body = match &e.make {
                Make::Static => statics.get(&e.path).cloned(),
                Make::Copy(from) => Some(Arc::new(Body::Copy(from.clone()))),
                Make::Page(job) => {
                    let body = unchanged(&e.path, e.key);
                    if body.is_none() {
                        jobs.push(job.clone());
                    }
                    body
                }
            };
            kept.push(body);
        }
        let minify = site.config.minify;
        let mut fresh = output::render_pages(&renderer, &jobs, minify)?.into_iter();
        // The last files, with what differs replaced and what the plan no longer has removed:
        // the maps keep sharing their unchanged subtrees, so cloning and comparing them (the
        // changed paths of the rebuild) costs what changed, not the size of the site.
        let mut files = match old {
            Some(b) => {
                let mut f = b.base.clone();
                let gone: Vec<String> = f
                    .keys()
                    .filter(|k| plan.get(k).is_none())
                    .cloned()
                    .collect();
                for k in gone {
                    f.remove(&k);
                }
                f
            }
            None => Files::new(),
        };
        for (e, body) in plan.entries.iter().zip(kept) {
            let body = match (body, &e.make) {
                (Some(b), _) => b,
                (None, Make::Page(_)) => match fresh.next() {
                    Some((_, bytes)) => Arc::new(Body::Bytes(bytes)),
                    None => continue,
                },
                (None, _) => continue,
            };
            match files.get(&e.path) {
                Some(have) if Arc::ptr_eq(have, &body) || **have == *body => {}
                _ => {
                    files.insert(e.path.clone(), body);
                }
            }
        }
        let warnings = plan.overlap_warnings(site);
        Ok(Made {
            files,
            plan,
            has_search,
            assets: assets.clone(),
            rendered: jobs.len(),
            overlaps: warnings,
        })
    }

    /// Take `made` as the new last good build.
    fn finish(
        &mut self,
        start: Instant,
        made: Made,
        site: Site,
        theme: Theme,
        statics: BTreeMap<String, Arc<Body>>,
        full: bool,
    ) -> Rebuilt {
        let touched = &self.pending;
        let base = made.files.clone();
        let mut files = made.files;
        for (path, body) in &self.news {
            files.insert(path.clone(), body.clone());
        }
        let snapshot = Arc::new(Snapshot { files });
        let first = self.last.files.is_empty();
        let (changed, removed) = diff(&self.last, &snapshot, &touched.all);
        let is_page = |p: &&String| p.ends_with(".html");
        let pages_changed =
            changed.iter().filter(is_page).count() + removed.iter().filter(is_page).count();
        // Warnings of the articles read again (all of them after a full build).
        // As `bantin build` orders them: articles', symbolic links', paths made twice.
        let mut warnings: Vec<Located> = if full {
            site.warnings.clone()
        } else {
            site.articles
                .iter()
                .filter(|a| touched.reread.contains(&a.src.file))
                .flat_map(|a| a.warnings.iter().cloned())
                .collect()
        };
        warnings.extend(
            self.links
                .iter()
                .filter(|(p, _)| full || touched.links.contains(*p))
                .map(|(_, w)| w.clone()),
        );
        warnings.extend(made.overlaps);
        self.pending = Touched::default();
        self.last = snapshot.clone();
        self.news_stale = true;
        self.built = Some(Built {
            theme,
            site,
            statics,
            base,
            has_search: made.has_search,
            assets: made.assets,
            plan: made.plan,
        });
        Rebuilt {
            first,
            elapsed: start.elapsed(),
            changed,
            removed,
            pages_changed,
            rendered: made.rendered,
            snapshot,
            warnings,
        }
    }

    /// True when the pages are newer than the news files.
    pub fn news_stale(&self) -> bool {
        self.news_stale
    }

    /// Bring the news files (feeds, sitemaps, robots.txt, search index) up to date with the
    /// last rebuild; `None` when they already are. After this the files equal a clean build.
    pub fn news(&mut self) -> Result<Option<Rebuilt>, BuildError> {
        let start = Instant::now();
        let Some(b) = self.built.as_ref().filter(|_| self.news_stale) else {
            return Ok(None);
        };
        // The news files look up image sizes (feed enclosures) and a robots.txt of the site's
        // own among the other files, as in `output::produce`.
        let fresh = output::news::files(
            &b.site,
            &b.plan,
            &|p| b.base.get(p).map(|x| &**x),
            b.has_search,
        )?;
        let mut files = b.base.clone();
        let mut news = BTreeMap::new();
        for (path, body) in fresh {
            let body = match self.news.get(&path) {
                Some(old) if old.as_ref() == &body => old.clone(),
                _ => Arc::new(body),
            };
            files.insert(path.clone(), body.clone());
            news.insert(path, body);
        }
        let snapshot = Arc::new(Snapshot { files });
        let (changed, removed) = diff(&self.last, &snapshot, &BTreeSet::new());
        self.news = news;
        self.news_stale = false;
        self.last = snapshot.clone();
        Ok(Some(Rebuilt {
            first: false,
            elapsed: start.elapsed(),
            changed,
            removed,
            pages_changed: 0,
            rendered: 0,
            snapshot,
            warnings: Vec::new(),
        }))
    }

    /// Note what `paths` touch in `pending`; paths outside the site's inputs are dropped.
    fn classify(&mut self, paths: &[PathBuf]) {
        let t = &mut self.pending;
        for p in paths {
            t.all.insert(p.clone());
            let Ok(rel) = p.strip_prefix(&self.opts.root) else {
                continue;
            };
            let mut parts = rel.components();
            let first = parts.next().map(|c| c.as_os_str().to_string_lossy());
            let rest = parts.as_path();
            match first.as_deref() {
                Some("site.yaml") => t.config = true,
                Some("themes" | "templates") => t.theme = true,
                Some("static") => {
                    let ext = rest.extension().and_then(|e| e.to_str());
                    if matches!(ext, Some("css" | "js")) {
                        t.theme = true;
                    } else if rest.as_os_str().is_empty() || p.is_dir() || !p.exists() {
                        // The folder itself, a folder in it, or something deleted: both.
                        t.theme = true;
                        t.statics = true;
                    } else {
                        t.statics = true;
                    }
                }
                Some("content") => {
                    t.content.insert(p.clone());
                }
                _ => {}
            }
        }
    }

    /// Read every content file again.
    fn reread_all(&mut self, cfg: &Config) -> Result<(), BuildError> {
        let loaded = load::all(&self.opts.root, cfg, Texts::Drop)
            .map_err(|e| BuildError::Input(Many(vec![e])))?;
        self.files = loaded
            .files
            .into_iter()
            .map(|f| (f.path, f.parsed.map(Arc::new)))
            .collect();
        self.links = loaded.links.into_iter().collect();
        Ok(())
    }

    /// Read again what changed under content/: files, folders (new, moved in), or things gone,
    /// with the loader's rules (hidden entries skipped, symbolic links noted, not followed).
    /// Returns the shown paths of the files read or dropped.
    fn reread(&mut self, paths: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
        let Some(cfg) = self.loaded.clone() else {
            return Vec::new();
        };
        let root = self.opts.root.clone();
        let mut touched: Vec<PathBuf> = Vec::new();
        let mut read: BTreeSet<PathBuf> = BTreeSet::new();
        let is_file = |p: &Path| load::kind(p).is_some_and(|k| k.is_file());
        let is_link = |p: &Path| load::kind(p).is_some_and(|k| k.is_symlink());
        for p in paths {
            // Whatever was known under this path and is gone now is dropped (a file that
            // became a link, or whose folder did, is gone as a file).
            let gone: Vec<PathBuf> = self
                .files
                .range(p.clone()..)
                .take_while(|(k, _)| k.starts_with(p))
                .filter(|(k, _)| !is_file(k) || load::skipped(&root, k))
                .map(|(k, _)| k.clone())
                .collect();
            for k in gone {
                touched.push(load::shown(&root, &k).to_path_buf());
                self.files.remove(&k);
            }
            self.links.retain(|k, _| !k.starts_with(p) || is_link(k));
            if load::skipped(&root, p) {
                continue;
            }
            let kind = load::kind(p);
            if kind.is_some_and(|k| k.is_dir() || k.is_symlink()) {
                if let Ok(found) = load::find(&root, p) {
                    read.extend(found.files);
                    for l in found.links {
                        self.pending.links.insert(l.clone());
                        let w = load::link_warning(&root, &l);
                        self.links.insert(l, w);
                    }
                }
            }
            if kind.is_some_and(|k| k.is_dir()) {
                continue;
            }
            if p.extension().is_some_and(|x| x == "md") {
                if kind.is_some_and(|k| k.is_file()) {
                    read.insert(p.clone());
                }
            } else if p.parent().is_some() {
                // An image beside articles: those in the folders above it show it.
                for k in self.files.keys() {
                    if k.parent().is_some_and(|d| p.starts_with(d)) {
                        read.insert(k.clone());
                    }
                }
            }
        }
        touched.extend(read.iter().map(|p| load::shown(&root, p).to_path_buf()));
        let fresh: Vec<(PathBuf, Parsed)> = read
            .into_par_iter()
            .map(|path| {
                let f = load::one(&root, path, &cfg, Texts::Drop);
                (f.path, f.parsed.map(Arc::new))
            })
            .collect();
        self.files.extend(fresh);
        touched
    }

    /// All content errors, in file order.
    fn check_files(&self) -> Result<(), BuildError> {
        let errors: Vec<Located> = self
            .files
            .values()
            .filter_map(|p| p.as_ref().err())
            .flatten()
            .cloned()
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(BuildError::Input(Many(errors)))
        }
    }
}

/// Output paths added or changed from `old` to `new`, and those removed, sorted. Files copied
/// from disk count as changed when their source is among the changed `paths`.
pub fn diff(
    old: &Snapshot,
    new: &Snapshot,
    touched: &BTreeSet<PathBuf>,
) -> (Vec<String>, Vec<String>) {
    let mut changed = BTreeSet::new();
    let mut removed = Vec::new();
    for item in old.files.diff(&new.files) {
        match item {
            DiffItem::Add(path, _) | DiffItem::Update { new: (path, _), .. } => {
                changed.insert(path.clone());
            }
            DiffItem::Remove(path, _) => removed.push(path.clone()),
        }
    }
    if !touched.is_empty() {
        for (path, body) in &new.files {
            if matches!(body.as_ref(), Body::Copy(from) if touched.contains(from)) {
                changed.insert(path.clone());
            }
        }
    }
    (changed.into_iter().collect(), removed)
}

#[path = "patch.rs"]
mod patch;

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
