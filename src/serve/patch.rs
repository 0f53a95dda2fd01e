//! The quick way to the new site: when the only change is the text of a few articles that keep
//! their place in the site (same title, date, category, tags, links: see `Site::same_place`),
//! the previous `Site` is patched in place instead of assembled again. Which pages that reaches
//! is not decided here: the rebuild renders the pages whose plan key changed, as after any
//! other change, and the session tests check the result against clean builds.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::sync::Arc;

use super::Session;
use crate::site::{Article, Site};

/// Past this many articles, assembling the site again is as quick.
const MAX_ARTICLES: usize = 32;

impl Session {
    /// Patch the last good site with the changed articles, if the pending changes allow it;
    /// returns each patched article as it was (to put back if the rebuild fails). `None`: they
    /// do not, nothing was touched. Call after the changed files were read again.
    pub(super) fn patch(&mut self) -> Option<Vec<(usize, Article)>> {
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
        let site = &mut self.built.as_mut()?.site;
        let mut olds: Vec<(usize, Article)> = Vec::new();
        for (i, src) in edits {
            olds.push((i, site.replace_source(i, src)));
        }
        if olds
            .iter()
            .any(|(i, o)| site.articles[*i].copies != o.copies)
        {
            // Images to copy changed: leave it to the general rebuild.
            for (i, o) in olds.into_iter().rev() {
                site.restore(i, o);
            }
            return None;
        }
        Some(olds)
    }
}
