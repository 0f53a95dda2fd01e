//! The steps [`Site::from_shared_sources`](super::Site::from_shared_sources) assembles the model
//! in, one idea each: which category each article is in, its slug, the tags, the articles
//! themselves (URLs and rendered bodies), then the links between them (category lists,
//! prev/next, related stories). Each step reads what the earlier ones decided.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{
    article_digest, categories_from_config, images, listing, related, render_body, Article, Body,
    Category, Reuse, Tag, RESERVED,
};
use crate::config::Config;
use crate::content::Source;
use crate::error::{Located, Many};
use crate::slug::slugify;
use crate::text::title_key;

/// The categories (site.yaml's in order, then those first named in content, by name) and the
/// index of each source's category in them. A category named in content that gives no usable
/// URL, or the URL of another, is an error at the file naming it; all are returned together.
pub(super) fn categories(
    config: &Config,
    sources: &[Arc<Source>],
) -> Result<(Vec<Category>, Vec<usize>), Many> {
    let base_path = config.base_path();
    let mut categories = categories_from_config(config, &base_path);
    let mut errors = Vec::new();
    let mut article_cat = Vec::with_capacity(sources.len());
    for s in sources {
        let name =
            s.fm.category
                .as_deref()
                .filter(|c| !c.trim().is_empty())
                .unwrap_or(&config.default_category);
        let key = crate::text::fold(name);
        let idx = match categories
            .iter()
            .position(|c| crate::text::fold(&c.name) == key)
        {
            Some(i) => i,
            None => {
                let slug = slugify(name);
                if slug.is_empty() || RESERVED.contains(&slug.as_str()) {
                    errors.push(Located::new(
                        &s.file,
                        None,
                        format!("category \"{name}\" gives no usable URL; add it to site.yaml with a slug:"),
                    ));
                    continue;
                }
                if let Some(other) = categories.iter().find(|c| c.slug == slug) {
                    errors.push(Located::new(
                        &s.file,
                        None,
                        format!("category \"{name}\" has the same URL as \"{}\"; use the same spelling, or give one a slug: in site.yaml", other.name),
                    ));
                    continue;
                }
                categories.push(Category {
                    name: name.trim().to_string(),
                    url: format!("{base_path}{slug}/"),
                    slug,
                    description: String::new(),
                    articles: Vec::new(),
                    related: Vec::new(),
                });
                categories.len() - 1
            }
        };
        article_cat.push(idx);
    }
    if !errors.is_empty() {
        return Err(Many(errors));
    }
    // Keep site.yaml's order, then discovered categories by name.
    let configured = config.categories.len();
    let mut order: Vec<usize> = (0..categories.len()).collect();
    order[configured..].sort_by(|&a, &b| categories[a].name.cmp(&categories[b].name));
    let mut remap = vec![0; categories.len()];
    for (new, &old) in order.iter().enumerate() {
        remap[old] = new;
    }
    let mut sorted: Vec<Option<Category>> = categories.into_iter().map(Some).collect();
    let categories: Vec<Category> = order.iter().filter_map(|&i| sorted[i].take()).collect();
    let article_cat: Vec<usize> = article_cat.into_iter().map(|c| remap[c]).collect();
    Ok((categories, article_cat))
}

/// Each source's slug: its `slug:` or its title's, unique within its category (`-2`, `-3`, ...);
/// the earliest article keeps the plain slug.
pub(super) fn slugs(sources: &[Arc<Source>], article_cat: &[usize]) -> Vec<String> {
    let mut slugs = vec![String::new(); sources.len()];
    let mut taken: BTreeMap<(usize, String), ()> = BTreeMap::new();
    for i in (0..sources.len()).rev() {
        let s = &sources[i];
        let mut base_slug = s.fm.slug.clone().unwrap_or_else(|| slugify(&s.fm.title));
        if base_slug.is_empty() {
            base_slug = "bai-viet".into();
        }
        if base_slug == "page" {
            base_slug = "page-1".into();
        }
        let mut slug = base_slug.clone();
        let mut n = 2;
        while taken.contains_key(&(article_cat[i], slug.clone())) {
            slug = format!("{base_slug}-{n}");
            n += 1;
        }
        taken.insert((article_cat[i], slug.clone()), ());
        slugs[i] = slug;
    }
    slugs
}

/// The tags, by slug, each named as first written and listing its articles in source order.
pub(super) fn tags(sources: &[Arc<Source>], base_path: &str) -> Vec<Tag> {
    let mut tag_map: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, s) in sources.iter().enumerate() {
        for t in &s.fm.tags {
            let slug = slugify(t);
            if slug.is_empty() {
                continue;
            }
            let entry = tag_map
                .entry(slug)
                .or_insert_with(|| (t.trim().to_string(), Vec::new()));
            if entry.1.last() != Some(&i) {
                entry.1.push(i);
            }
        }
    }
    tag_map
        .into_iter()
        .map(|(slug, (name, articles))| Tag {
            name,
            url: format!("{base_path}tags/{slug}/"),
            slug,
            articles,
        })
        .collect()
}

/// Where each article stands: the index of its category and its slug there.
pub(super) struct Places<'p> {
    pub categories: &'p [Category],
    pub article_cat: &'p [usize],
    pub slugs: &'p [String],
}

/// The articles, in source order: URLs from their places, bodies rendered (in parallel) or
/// taken from `reuse` when the file is unchanged and the URL the same, tags as indices. Not
/// yet linked: no prev/next, no related stories.
pub(super) fn articles(
    root: &Path,
    config: &Config,
    sources: Vec<Arc<Source>>,
    places: &Places,
    tags: &[Tag],
    reuse: Option<&Reuse>,
) -> Vec<Article> {
    let base_path = config.base_path();
    let base = config.base();
    let tag_index: BTreeMap<&str, usize> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.as_str(), i))
        .collect();
    let static_dir = root.join("static");
    let previous: BTreeMap<&Path, &Article> = reuse
        .map(|r| {
            r.previous
                .articles
                .iter()
                .filter(|a| !r.changed.contains(&a.src.file))
                .map(|a| (a.src.file.as_path(), a))
                .collect()
        })
        .unwrap_or_default();
    sources
        .into_par_iter()
        .enumerate()
        .map(|(i, src)| {
            let cat = &places.categories[places.article_cat[i]];
            let out_dir = format!("{}/{}", cat.slug, places.slugs[i]);
            let url = format!("{base_path}{out_dir}/");
            let permalink = format!("{base}{out_dir}/");
            let body = match previous
                .get(src.file.as_path())
                .filter(|old| old.out_dir == out_dir && old.url == url)
            {
                Some(old) => Body {
                    content: old.content.clone(),
                    words: old.words,
                    image: old.image.clone(),
                    copies: old.copies.clone(),
                    warnings: old.warnings.clone(),
                    digest: old.body_digest,
                },
                None => render_body(
                    &src,
                    &images::Resolver {
                        article_dir: &src.dir,
                        article_out: &out_dir,
                        article_url: &url,
                        static_dir: &static_dir,
                        base_path: &base_path,
                    },
                ),
            };
            let mut tags: Vec<usize> = src
                .fm
                .tags
                .iter()
                .filter_map(|t| tag_index.get(slugify(t).as_str()).copied())
                .collect();
            tags.dedup();
            let digest = article_digest(&src, body.digest, &out_dir, &url, &permalink);
            Article {
                title: src.fm.title.trim().to_string(),
                slug: places.slugs[i].clone(),
                out_dir,
                url,
                permalink,
                date: src.date,
                updated: src.updated,
                category: places.article_cat[i],
                tags,
                prev: None,
                next: None,
                content: body.content,
                words: body.words,
                image: body.image,
                copies: body.copies,
                warnings: body.warnings,
                related: Vec::new(),
                related_groups: Vec::new(),
                digest,
                body_digest: body.digest,
                src,
            }
        })
        .collect()
}

/// Each category's list of its articles (newest first, as `articles` are), and prev/next
/// within it.
pub(super) fn link_categories(categories: &mut [Category], articles: &mut [Article]) {
    for (i, a) in articles.iter().enumerate() {
        categories[a.category].articles.push(i);
    }
    for c in categories.iter() {
        for w in c.articles.windows(2) {
            let (newer, older) = (w[0], w[1]);
            articles[newer].prev = Some(older);
            articles[older].next = Some(newer);
        }
    }
}

/// Related stories: link those whose title is an article here (the newest on equal titles).
pub(super) fn link_related(articles: &mut [Article]) {
    let by_title: BTreeMap<String, usize> = articles
        .iter()
        .enumerate()
        .rev() // the newest wins on equal titles
        .map(|(i, a)| (title_key(&a.title), i))
        .collect();
    let links: Vec<Vec<related::RelatedItem>> = articles
        .iter()
        .map(|a| related::resolve(&a.src.fm.related, &by_title, articles))
        .collect();
    for (a, l) in articles.iter_mut().zip(links) {
        a.related = l;
    }
}

/// Related stories grouped by heading: each article's own, and each category page's (the
/// stories of the articles listed on it).
pub(super) fn group_related(categories: &mut [Category], articles: &mut [Article], per: usize) {
    let own: Vec<Vec<related::Group>> = (0..articles.len())
        .into_par_iter()
        .map(|i| related::group(&[i], articles))
        .collect();
    for (a, g) in articles.iter_mut().zip(own) {
        a.related_groups = g;
    }
    let articles = &*articles;
    categories.par_iter_mut().for_each(|c| {
        c.related = (1..=listing::page_count(c.articles.len(), per))
            .map(|page| related::group(listing::page_slice(&c.articles, page, per), articles))
            .collect();
    });
}
