//! Which pages a content change can reach. Given the previous `Site` and the new one (built with
//! the same configuration, templates and static files), mark every job whose page may render
//! differently; the others keep their previous bytes. Over-marking costs time, under-marking
//! would serve stale pages, so every comparison here mirrors what `render::context` shows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::render::Job;
use crate::site::{Article, Category, Site, Tag};

/// Per job of `new`: may its page differ from the one built from `old`? `changed` holds the
/// content files (as `Source::file`) read again since `old`.
pub fn select(old: &Site, new: &Site, changed: &BTreeSet<PathBuf>, jobs: &[Job]) -> Vec<bool> {
    if !same_globals(old, new) {
        return vec![true; jobs.len()];
    }
    let d = Diff::new(old, new, changed);
    jobs.iter().map(|j| d.job(j)).collect()
}

/// Jobs writing the same output path are all rendered, so that the last one wins as in a build.
pub fn render_duplicates(paths: &[String], render: &mut [bool]) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut dup = vec![false; paths.len()];
    for (i, p) in paths.iter().enumerate() {
        if let Some(&first) = seen.get(p.as_str()) {
            dup[first] = true;
            dup[i] = true;
        } else {
            seen.insert(p, i);
        }
    }
    for (i, p) in paths.iter().enumerate() {
        if dup[i] || seen.get(p.as_str()).is_some_and(|&f| dup[f]) {
            render[i] = true;
        }
    }
}

/// What every page shows: navigation and the copyright year.
fn same_globals(old: &Site, new: &Site) -> bool {
    let nav = |s: &Site| -> Vec<(String, String, String)> {
        s.categories
            .iter()
            .map(|c| (c.name.clone(), c.slug.clone(), c.url.clone()))
            .collect()
    };
    let year = |s: &Site| s.articles.first().map(|a| chrono::Datelike::year(&a.date));
    nav(old) == nav(new) && year(old) == year(new)
}

struct Diff<'a> {
    old: &'a Site,
    new: &'a Site,
    /// Old index of each new article (same content file), if it was there.
    old_of: Vec<Option<usize>>,
    /// The article's card (as lists show it) is as before.
    card_same: Vec<bool>,
    /// The article's own page is as before.
    page_same: Vec<bool>,
    old_cats: BTreeMap<&'a str, &'a Category>,
    old_tags: BTreeMap<&'a str, &'a Tag>,
}

impl<'a> Diff<'a> {
    fn new(old: &'a Site, new: &'a Site, changed: &BTreeSet<PathBuf>) -> Diff<'a> {
        let by_file: BTreeMap<&Path, usize> = old
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.src.file.as_path(), i))
            .collect();
        let old_of: Vec<Option<usize>> = new
            .articles
            .iter()
            .map(|a| by_file.get(a.src.file.as_path()).copied())
            .collect();
        let mut card_same = Vec::with_capacity(new.articles.len());
        let mut page_same = Vec::with_capacity(new.articles.len());
        for (a, j) in new.articles.iter().zip(&old_of) {
            let (card, page) = match j {
                Some(j) if !changed.contains(&a.src.file) => {
                    let o = &old.articles[*j];
                    let card = o.url == a.url
                        && o.permalink == a.permalink
                        && cat_ref(old, o) == cat_ref(new, a);
                    let page = card
                        && tag_refs(old, o) == tag_refs(new, a)
                        && neighbour(old, o.prev) == neighbour(new, a.prev)
                        && neighbour(old, o.next) == neighbour(new, a.next)
                        && o.related == a.related;
                    (card, page)
                }
                _ => (false, false),
            };
            card_same.push(card);
            page_same.push(page);
        }
        Diff {
            old,
            new,
            old_of,
            card_same,
            page_same,
            old_cats: old
                .categories
                .iter()
                .map(|c| (c.slug.as_str(), c))
                .collect(),
            old_tags: old.tags.iter().map(|t| (t.slug.as_str(), t)).collect(),
        }
    }

    fn job(&self, job: &Job) -> bool {
        let (old, new) = (self.old, self.new);
        let per = new.config.paginate.max(1);
        match job {
            Job::Article(i) => !self.page_same[*i],
            Job::Alias { article, .. } => match self.old_of[*article] {
                Some(j) => {
                    let a = &new.articles[*article];
                    // Same source (so the same aliases) and the same target.
                    !(self.card_same[*article] && old.articles[j].permalink == a.permalink)
                }
                None => true,
            },
            Job::Home => {
                let n = |s: &Site| s.articles.len().min(13);
                !self.same_cards(&first(old, n(old)), &first(new, n(new))) || !self.same_sections(4)
            }
            Job::NotFound => {
                let n = |s: &Site| s.articles.len().min(5);
                !self.same_cards(&first(old, n(old)), &first(new, n(new)))
            }
            // Depends only on site.yaml and the theme, whose changes render everything.
            Job::Search => false,
            Job::Tags => {
                let list = |s: &Site| -> Vec<(String, String, String, usize)> {
                    s.tags
                        .iter()
                        .map(|t| {
                            (
                                t.name.clone(),
                                t.slug.clone(),
                                t.url.clone(),
                                t.articles.len(),
                            )
                        })
                        .collect()
                };
                list(old) != list(new)
            }
            Job::Category { index, page } => {
                let c = &new.categories[*index];
                let Some(o) = self.old_cats.get(c.slug.as_str()) else {
                    return true;
                };
                let same_head = o.name == c.name
                    && o.url == c.url
                    && o.description == c.description
                    && o.articles.len() == c.articles.len();
                let (was, is) = (
                    slice(&o.articles, *page, per),
                    slice(&c.articles, *page, per),
                );
                let same_groups = crate::site::related_groups(was, &self.old.articles)
                    == crate::site::related_groups(is, &new.articles);
                !(same_head && same_groups && self.same_cards(was, is))
            }
            Job::Tag { index, page } => {
                let t = &new.tags[*index];
                let Some(o) = self.old_tags.get(t.slug.as_str()) else {
                    return true;
                };
                let same_head =
                    o.name == t.name && o.url == t.url && o.articles.len() == t.articles.len();
                !(same_head
                    && self.same_cards(
                        slice(&o.articles, *page, per),
                        slice(&t.articles, *page, per),
                    ))
            }
        }
    }

    /// The old list `o` and the new list `n` show the same cards in the same order.
    fn same_cards(&self, o: &[usize], n: &[usize]) -> bool {
        o.len() == n.len()
            && o.iter()
                .zip(n)
                .all(|(&oi, &ni)| self.card_same[ni] && self.old_of[ni] == Some(oi))
    }

    /// The home page's sections: each non-empty category with its first `k` cards.
    fn same_sections(&self, k: usize) -> bool {
        let sections = |s: &'a Site| -> Vec<&'a Category> {
            s.categories
                .iter()
                .filter(|c| !c.articles.is_empty())
                .collect()
        };
        let (o, n) = (sections(self.old), sections(self.new));
        o.len() == n.len()
            && o.iter().zip(&n).all(|(o, n)| {
                o.name == n.name
                    && o.slug == n.slug
                    && o.url == n.url
                    && o.description == n.description
                    && o.articles.len() == n.articles.len()
                    && self.same_cards(
                        &o.articles[..o.articles.len().min(k)],
                        &n.articles[..n.articles.len().min(k)],
                    )
            })
    }
}

fn first(s: &Site, n: usize) -> Vec<usize> {
    (0..n.min(s.articles.len())).collect()
}

fn slice(ids: &[usize], page: usize, per: usize) -> &[usize] {
    let start = (page.saturating_sub(1) * per).min(ids.len());
    let end = (start + per).min(ids.len());
    &ids[start..end]
}

fn cat_ref<'s>(s: &'s Site, a: &Article) -> (&'s str, &'s str, &'s str) {
    let c = &s.categories[a.category];
    (&c.name, &c.slug, &c.url)
}

fn tag_refs<'s>(s: &'s Site, a: &Article) -> Vec<(&'s str, &'s str, &'s str)> {
    a.tags
        .iter()
        .map(|&t| {
            let t = &s.tags[t];
            (t.name.as_str(), t.slug.as_str(), t.url.as_str())
        })
        .collect()
}

fn neighbour(s: &Site, i: Option<usize>) -> Option<(&str, &str)> {
    i.map(|i| (s.articles[i].title.as_str(), s.articles[i].url.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_all_rendered() {
        let paths: Vec<String> = ["a", "b", "a", "c"].iter().map(|s| s.to_string()).collect();
        let mut render = vec![false, false, false, true];
        render_duplicates(&paths, &mut render);
        assert_eq!(render, vec![true, false, true, true]);
    }

    #[test]
    fn pages_slice_like_the_renderer() {
        let ids: Vec<usize> = (0..45).collect();
        assert_eq!(slice(&ids, 1, 20).len(), 20);
        assert_eq!(slice(&ids, 3, 20), &ids[40..45]);
        assert!(slice(&ids, 4, 20).is_empty());
    }
}
