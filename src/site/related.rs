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
    /// `title_key(title)`: what repeats are recognised by.
    #[serde(skip)]
    pub key: String,
}

/// Related stories listed under one heading: each item is (article, index into its `related`).
/// Indices, so an article's groups and a category page's cost no copies of the stories.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Group {
    pub heading: String,
    pub items: Vec<(usize, usize)>,
}

/// A [`Group`] as templates see it: `{heading, items: [{title, summary, url, internal, group}]}`.
#[derive(Serialize)]
pub struct GroupView<'a> {
    pub heading: &'a str,
    pub items: Vec<&'a RelatedItem>,
}

impl Group {
    pub fn view<'a>(&'a self, articles: &'a [Article]) -> GroupView<'a> {
        GroupView {
            heading: &self.heading,
            items: self
                .items
                .iter()
                .map(|&(a, j)| &articles[a].related[j])
                .collect(),
        }
    }
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
            let key = title_key(&r.title);
            let (url, internal) = match by_title.get(&key) {
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
                key,
            }
        })
        .collect()
}

/// The related stories of some articles (an article's own, or a category page's, newest
/// first), grouped by heading in order of first appearance, de-duplicated by normalised title
/// (the first listed wins).
pub fn group(ids: &[usize], articles: &[Article]) -> Vec<Group> {
    let mut seen = BTreeSet::new();
    let mut groups: Vec<Group> = Vec::new();
    for &a in ids {
        for (j, item) in articles[a].related.iter().enumerate() {
            if !seen.insert(item.key.as_str()) {
                continue;
            }
            match groups.iter_mut().find(|g| g.heading == item.group) {
                Some(g) => g.items.push((a, j)),
                None => groups.push(Group {
                    heading: item.group.clone(),
                    items: vec![(a, j)],
                }),
            }
        }
    }
    groups
}
