//! Related stories: links resolved, and grouped by heading onto category pages.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Article;
use crate::frontmatter::Related;
use crate::text::title_key;

/// Heading used for related stories that came without one.
pub const DEFAULT_GROUP: &str = "Tin liên quan";

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RelatedItem {
    pub title: String,
    pub summary: String,
    /// Where it links: an article of this site, the story's own `url`, or nowhere.
    pub url: Option<String>,
    /// True when `url` is an article of this site.
    pub internal: bool,
    pub group: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedGroup {
    pub heading: String,
    pub items: Vec<RelatedItem>,
}

pub(super) fn resolve(
    related: &[Related],
    by_title: &BTreeMap<String, usize>,
    articles: &[Article],
) -> Vec<RelatedItem> {
    related
        .iter()
        .filter(|r| !r.title.trim().is_empty())
        .map(|r| {
            let (url, internal) = match by_title.get(&title_key(&r.title)) {
                Some(&i) => (Some(articles[i].url.clone()), true),
                None => (r.url.clone().filter(|u| !u.trim().is_empty()), false),
            };
            RelatedItem {
                title: r.title.trim().to_string(),
                summary: r.summary.clone().unwrap_or_default().trim().to_string(),
                url,
                internal,
                group: r
                    .group
                    .clone()
                    .filter(|g| !g.trim().is_empty())
                    .unwrap_or_else(|| DEFAULT_GROUP.to_string()),
            }
        })
        .collect()
}

/// The related stories of some articles (a category page's, newest first), grouped by heading in
/// order of first appearance, de-duplicated by normalised title (the newest source's copy wins).
pub fn group(ids: &[usize], articles: &[Article]) -> Vec<RelatedGroup> {
    group_items(ids.iter().flat_map(|&i| articles[i].related.iter()))
}

/// Group related stories by heading, in order of first appearance, dropping repeated titles.
pub fn group_items<'a>(items: impl IntoIterator<Item = &'a RelatedItem>) -> Vec<RelatedGroup> {
    let mut seen = BTreeSet::new();
    let mut groups: Vec<RelatedGroup> = Vec::new();
    for item in items {
        if !seen.insert(title_key(&item.title)) {
            continue;
        }
        match groups.iter_mut().find(|g| g.heading == item.group) {
            Some(g) => g.items.push(item.clone()),
            None => groups.push(RelatedGroup {
                heading: item.group.clone(),
                items: vec![item.clone()],
            }),
        }
    }
    groups
}
