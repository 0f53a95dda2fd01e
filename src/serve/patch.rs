//! The quick rebuild: when the only change is the text of a few articles that keep their place
//! in the site (same title, date, category, tags, links: see `Site::same_place`), the previous
//! `Site` is patched in place and only the pages that show those articles are rendered: the
//! article itself, and the lists that show its card (home, 404, its category's and its tags'
//! pages). Everything else, and every URL, is unchanged by construction. The session tests
//! check the result against clean builds like every other rebuild.

use std::collections::{BTreeSet, HashSet};
use std::ffi::OsStr;
use std::sync::Arc;
use std::time::Instant;

use super::{Rebuilt, Session, Snapshot};
use crate::build::BuildError;
use crate::error::Located;
use crate::output::{self, Body};
use crate::render::{Job, Renderer};
use crate::site::{Article, Site};

/// Past this many articles, the general rebuild is as quick.
const MAX_ARTICLES: usize = 32;

impl Session {
    /// The quick rebuild, if the pending changes allow it (`None`: they do not, nothing was
    /// touched). Call after the changed files were read again.
    pub(super) fn patch(&mut self, start: Instant) -> Option<Result<Rebuilt, BuildError>> {
        let p = &self.pending;
        if p.config || p.theme || p.statics || p.reread.is_empty() || p.reread.len() > MAX_ARTICLES
        {
            return None;
        }
        let built = self.built.as_ref()?;
        // Each changed file: an article of the previous build, read again without error, in the
        // same place.
        // (Compared as bytes: both are shown paths, made the same way; comparing `Path`s
        // component by component, for each of 10,000 articles, was a millisecond per rebuild.)
        let reread: HashSet<&OsStr> = p.reread.iter().map(|f| f.as_os_str()).collect();
        let mut edits: Vec<(usize, Arc<crate::content::Source>)> = Vec::new();
        for (i, a) in built.site.articles.iter().enumerate() {
            if reread.contains(a.src.file.as_os_str()) {
                let path = self.opts.root.join(&a.src.file);
                let src = self.files.get(&path)?.as_ref().ok()?;
                if !Site::same_place(&a.src, src) {
                    return None;
                }
                edits.push((i, src.clone()));
            }
        }
        if edits.len() != p.reread.len() {
            // A file that is new, gone, a draft or not an article.
            return None;
        }

        let built = self.built.as_mut()?;
        let site = &mut built.site;
        let mut olds: Vec<(usize, Article)> = Vec::new();
        for (i, src) in edits {
            olds.push((i, site.replace_source(i, src)));
        }
        let same_copies = olds
            .iter()
            .all(|(i, o)| site.articles[*i].copies == o.copies);
        if !same_copies {
            // Images to copy changed: leave it to the general rebuild.
            for (i, o) in olds.into_iter().rev() {
                site.restore(i, o);
            }
            return None;
        }
        let site = &built.site;
        let rendered = Renderer::new(site, &built.theme, &built.assets).and_then(|renderer| {
            let jobs = jobs_showing(site, olds.iter().map(|(i, _)| *i));
            let paths: Vec<String> = jobs.iter().map(|j| renderer.output_path(j)).collect();
            let minify = site.config.minify;
            output::render_pages(&renderer, &jobs, minify).map(|pages| (paths, pages))
        });
        let (paths, pages) = match rendered {
            Ok(x) => x,
            Err(e) => {
                for (i, o) in olds.into_iter().rev() {
                    built.site.restore(i, o);
                }
                return Some(Err(BuildError::Input(e)));
            }
        };
        // A page path another job also writes (an alias) is left to the general rebuild.
        let ours: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
        let aliased = built.site.articles.iter().any(|a| {
            a.src
                .fm
                .aliases
                .iter()
                .any(|x| ours.contains(crate::render::alias_path(x).as_str()))
        });
        if aliased || paths.iter().any(|p| !built.base.contains_key(p)) {
            for (i, o) in olds.into_iter().rev() {
                built.site.restore(i, o);
            }
            return None;
        }
        // The last files with these pages replaced (news files, made last, keep their paths).
        let mut files = self.last.files.clone();
        let mut changed = Vec::new();
        for (path, bytes) in pages {
            let body = Arc::new(Body::Bytes(bytes));
            if !self.news.contains_key(&path) {
                if files.get(&path) != Some(&body) {
                    changed.push(path.clone());
                }
                files.insert(path.clone(), body.clone());
            }
            built.base.insert(path, body);
        }
        // Images beside the articles whose file changed (same name, new bytes).
        for (i, _) in &olds {
            for c in &built.site.articles[*i].copies {
                if self.pending.all.contains(&c.from) {
                    changed.push(c.to.clone());
                }
            }
        }
        changed.sort();
        changed.dedup();
        let removed: Vec<String> = Vec::new();
        let snapshot = Arc::new(Snapshot { files });
        let is_page = |p: &&String| p.ends_with(".html");
        let pages_changed =
            changed.iter().filter(is_page).count() + removed.iter().filter(is_page).count();
        let warnings: Vec<Located> = olds
            .iter()
            .flat_map(|(i, _)| built.site.articles[*i].warnings.iter().cloned())
            .collect();
        let rendered = paths.len();
        self.pending = Default::default();
        self.last = snapshot.clone();
        self.news_stale = true;
        Some(Ok(Rebuilt {
            first: false,
            elapsed: start.elapsed(),
            changed,
            removed,
            pages_changed,
            rendered,
            snapshot,
            warnings,
        }))
    }
}

/// The pages that show articles `ids`: each one's page, the home page and the 404 page (which
/// list the newest), and the category and tag pages its card is on.
fn jobs_showing(site: &Site, ids: impl Iterator<Item = usize>) -> Vec<Job> {
    let per = site.config.paginate.max(1);
    let page_of = |list: &[usize], i: usize| list.iter().position(|&x| x == i).map(|p| p / per + 1);
    let mut jobs: BTreeSet<JobKey> = BTreeSet::new();
    jobs.insert(JobKey::Home);
    jobs.insert(JobKey::NotFound);
    for i in ids {
        let a = &site.articles[i];
        jobs.insert(JobKey::Article(i));
        if let Some(page) = page_of(&site.categories[a.category].articles, i) {
            jobs.insert(JobKey::Category(a.category, page));
        }
        for &t in &a.tags {
            if let Some(page) = page_of(&site.tags[t].articles, i) {
                jobs.insert(JobKey::Tag(t, page));
            }
        }
    }
    jobs.into_iter().map(JobKey::job).collect()
}

/// A job, ordered and without duplicates.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum JobKey {
    Home,
    NotFound,
    Article(usize),
    Category(usize, usize),
    Tag(usize, usize),
}

impl JobKey {
    fn job(self) -> Job {
        match self {
            JobKey::Home => Job::Home,
            JobKey::NotFound => Job::NotFound,
            JobKey::Article(i) => Job::Article(i),
            JobKey::Category(index, page) => Job::Category { index, page },
            JobKey::Tag(index, page) => Job::Tag { index, page },
        }
    }
}
