//! The `Site`: every article with its URL, categories, tags, related-link groups, prev/next.
//! Computed once; rendering only displays it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::content::markdown::{self, ImageInfo};
use crate::content::{self, Source};
use crate::error::{Located, Many};

mod assemble;
pub mod images;
pub mod listing;
mod related;

pub use related::{Group as RelatedGroup, GroupView as RelatedGroupView, RelatedItem};

/// Options that change what a build includes.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

#[derive(Debug, Clone)]
pub struct LeadImage {
    pub info: ImageInfo,
    pub caption: String,
    pub alt: String,
}

#[derive(Debug, Clone)]
pub struct Article {
    /// Shared, so that a rebuild can reuse the sources of files that did not change.
    pub src: Arc<Source>,
    pub title: String,
    pub slug: String,
    /// Output folder relative to OUTPUT, `/`-separated (`khoa-hoc-cong-nghe/slug`).
    pub out_dir: String,
    /// Site path including the base path (`/khoa-hoc-cong-nghe/slug/`).
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    pub date: DateTime<FixedOffset>,
    pub updated: Option<DateTime<FixedOffset>>,
    pub category: usize,
    pub tags: Vec<usize>,
    /// Older article in the same category.
    pub prev: Option<usize>,
    /// Newer article in the same category.
    pub next: Option<usize>,
    /// The body as HTML (shared with the previous build when reused).
    pub content: Arc<str>,
    pub words: usize,
    pub image: Option<LeadImage>,
    /// Co-located images this article needs copied, and problems found in it (both also
    /// gathered into `Site::copies` and `Site::warnings`).
    pub copies: Vec<images::Copy>,
    pub warnings: Vec<Located>,
    /// Related stories with links resolved (to an article on the site, or their own `url`).
    pub related: Vec<RelatedItem>,
    /// `related` grouped by heading (see [`related::group`]).
    pub related_groups: Vec<RelatedGroup>,
    /// A hash of everything the article is made of: its file's text, its rendered body and
    /// images, and where it is (out_dir, url, permalink). Equal digests, equal articles.
    pub digest: u64,
    /// The part of `digest` that comes from the rendered body (kept for reuse).
    pub body_digest: u64,
}

impl Article {
    /// Minutes to read at ~200 words a minute, at least 1.
    pub fn reading_time(&self) -> usize {
        self.words.div_ceil(200).max(1)
    }
}

#[derive(Debug, Clone)]
pub struct Category {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub description: String,
    /// Indices into `Site::articles`, newest first.
    pub articles: Vec<usize>,
    /// For each of its pages, the related stories of the articles listed there, grouped by
    /// heading (each page stays small: all of a 1,250-article category's made a 2 MB page).
    pub related: Vec<Vec<RelatedGroup>>,
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub articles: Vec<usize>,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub root: PathBuf,
    /// Newest first.
    pub articles: Vec<Article>,
    /// site.yaml's categories in order, then others found in content, by name.
    pub categories: Vec<Category>,
    /// By slug.
    pub tags: Vec<Tag>,
    /// Files to copy (co-located images), sorted.
    pub copies: Vec<images::Copy>,
    /// Problems that do not stop the build (a missing image).
    pub warnings: Vec<Located>,
    /// What the home page lists.
    pub home: listing::Home,
    /// What the not-found page suggests.
    pub not_found: Vec<usize>,
}

/// Output paths bantin itself uses at the top level; no category may take them.
pub const RESERVED: &[&str] = &["tags", "search", "page", "css", "js", "404"];

impl Site {
    /// Read content/ under `root` and build the model. All content errors are returned together.
    pub fn load(root: &Path, config: Config, opts: &LoadOptions) -> Result<Site, Many> {
        let loaded = content::load::all(root, &config, content::load::Texts::Drop)
            .map_err(|e| Many(vec![e]))?;
        let links: Vec<Located> = loaded.warnings().cloned().collect();
        let sources = loaded.into_sources()?;
        crate::timing::mark("content read and parsed");
        let mut site = Site::from_sources(root, config, sources, opts)?;
        // After the articles' own warnings, whose order `Site::put` relies on.
        site.warnings.extend(links);
        Ok(site)
    }

    /// Build the model from parsed sources (pure but for image lookups on disk).
    pub fn from_sources(
        root: &Path,
        config: Config,
        sources: Vec<Source>,
        opts: &LoadOptions,
    ) -> Result<Site, Many> {
        let sources = sources.into_iter().map(Arc::new).collect();
        Site::from_shared_sources(root, config, sources, opts, None)
    }

    /// [`Site::from_sources`] for a rebuild: articles whose source is unchanged and whose URL
    /// stays the same take their rendered body (and its images and warnings) from `reuse`.
    /// The steps are in `assemble`, in the order they run here.
    pub fn from_shared_sources(
        root: &Path,
        config: Config,
        mut sources: Vec<Arc<Source>>,
        opts: &LoadOptions,
        reuse: Option<&Reuse>,
    ) -> Result<Site, Many> {
        if !opts.drafts {
            sources.retain(|s| !s.fm.draft);
        }
        // Newest first; ties broken by file path so the order never depends on the disk.
        sources.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.file.cmp(&b.file)));

        let (mut categories, article_cat) = assemble::categories(&config, &sources)?;
        let slugs = assemble::slugs(&sources, &article_cat);
        let tags = assemble::tags(&sources, &config.base_path());
        let places = assemble::Places {
            categories: &categories,
            article_cat: &article_cat,
            slugs: &slugs,
        };
        let mut articles = assemble::articles(root, &config, sources, &places, &tags, reuse);
        let (copies, warnings) = gather(&articles);
        assemble::link_categories(&mut categories, &mut articles);
        assemble::link_related(&mut articles);
        assemble::group_related(&mut categories, &mut articles, config.paginate);

        let home = listing::home(articles.len(), &categories, &config.home);
        let not_found = listing::not_found(articles.len(), &config.not_found);
        Ok(Site {
            config,
            root: root.to_path_buf(),
            articles,
            categories,
            tags,
            copies,
            warnings,
            home,
            not_found,
        })
    }
}

/// Every article's image copies (sorted, one per output path) and warnings (in article order).
fn gather(articles: &[Article]) -> (Vec<images::Copy>, Vec<Located>) {
    let mut copies: Vec<images::Copy> = articles
        .iter()
        .flat_map(|a| a.copies.iter().cloned())
        .collect();
    let warnings: Vec<Located> = articles
        .iter()
        .flat_map(|a| a.warnings.iter().cloned())
        .collect();
    copies.sort();
    copies.dedup_by(|a, b| a.to == b.to);
    (copies, warnings)
}

impl Site {
    /// True when an article read from `old` and one read from `new` hold the same place in the
    /// site: same title, date, category, tags, slug, related stories and aliases, neither a
    /// draft. Only its body, summary, image and other page-only fields may differ.
    pub fn same_place(old: &Source, new: &Source) -> bool {
        let (a, b) = (&old.fm, &new.fm);
        old.file == new.file
            && old.date == new.date
            && a.title == b.title
            && a.category == b.category
            && a.tags == b.tags
            && a.slug == b.slug
            && a.related == b.related
            && a.aliases == b.aliases
            && !a.draft
            && !b.draft
    }

    /// Give article `i` the source `src` (which must hold the same place, see
    /// [`Site::same_place`]) and render its body again; returns the article as it was. The
    /// result equals loading the site with `src` from scratch.
    pub fn replace_source(&mut self, i: usize, src: Arc<Source>) -> Article {
        let old = self.articles[i].clone();
        let base_path = self.config.base_path();
        let static_dir = self.root.join("static");
        let body = render_body(
            &src,
            &images::Resolver {
                article_dir: &src.dir,
                article_out: &old.out_dir,
                article_url: &old.url,
                static_dir: &static_dir,
                base_path: &base_path,
            },
        );
        let mut new = old.clone();
        new.updated = src.updated;
        new.content = body.content;
        new.words = body.words;
        new.image = body.image;
        new.copies = body.copies;
        new.warnings = body.warnings;
        new.body_digest = body.digest;
        new.digest = article_digest(&src, body.digest, &old.out_dir, &old.url, &old.permalink);
        new.src = src;
        self.put(i, new)
    }

    /// Put back an article [`Site::replace_source`] returned.
    pub fn restore(&mut self, i: usize, article: Article) {
        self.put(i, article);
    }

    /// Article `i` becomes `new`, with the gathered copies and warnings to match (as
    /// [`gather`] would make them, without copying every article's).
    fn put(&mut self, i: usize, new: Article) -> Article {
        let at: usize = self.articles[..i].iter().map(|a| a.warnings.len()).sum();
        let old = std::mem::replace(&mut self.articles[i], new);
        let a = &self.articles[i];
        if let Some(end) = at
            .checked_add(old.warnings.len())
            .filter(|&e| e <= self.warnings.len())
        {
            self.warnings.splice(at..end, a.warnings.iter().cloned());
        }
        if a.copies != old.copies {
            self.copies = gather(&self.articles).0;
        }
        old
    }
}

/// An article's body rendered to HTML, with what its images need.
struct Body {
    content: Arc<str>,
    words: usize,
    image: Option<LeadImage>,
    copies: Vec<images::Copy>,
    warnings: Vec<Located>,
    /// See [`body_digest`].
    digest: u64,
}

/// A hash of what a rendered body shows: the HTML, the word count and the lead image (whose
/// size and URL depend on files beside the article and in static/, not only on its text).
fn body_digest(content: &str, words: usize, image: &Option<LeadImage>) -> u64 {
    crate::plan::digest_of(&(content, words, format!("{image:?}")))
}

fn article_digest(src: &Source, body: u64, out_dir: &str, url: &str, permalink: &str) -> u64 {
    crate::plan::digest_of(&(src.digest, body, out_dir, url, permalink))
}

/// Render `src`'s Markdown and resolve its images (the costly part of loading an article).
fn render_body(src: &Source, resolver: &images::Resolver) -> Body {
    let mut copies = Vec::new();
    let mut warnings = Vec::new();
    let mut note = |src_path: &str, r: &images::Resolved| {
        if r.info.missing {
            warnings.push(Located::new(
                &src.file,
                None,
                format!("image \"{src_path}\" not found (looked beside the article and in static/); a placeholder is shown"),
            ));
        }
        if let Some(c) = &r.copy {
            copies.push(c.clone());
        }
    };
    let image = src
        .fm
        .image
        .as_ref()
        .filter(|im| !im.src.trim().is_empty())
        .map(|im| {
            let r = resolver.resolve(&im.src);
            note(&im.src, &r);
            let caption = im.caption.clone().unwrap_or_default();
            LeadImage {
                alt: im.alt.clone().unwrap_or_else(|| caption.clone()),
                caption,
                info: r.info,
            }
        });
    let cell = std::cell::RefCell::new(Vec::new());
    let body = markdown::render(&src.body, resolver.base_path, &|s: &str| {
        let r = resolver.resolve(s);
        cell.borrow_mut().push((s.to_string(), r.clone()));
        r.info
    });
    for (s, r) in cell.into_inner() {
        note(&s, &r);
    }
    let words = body.words + crate::text::word_count(src.fm.summary.as_deref().unwrap_or(""));
    Body {
        digest: body_digest(&body.html, words, &image),
        content: body.html.into(),
        words,
        image,
        copies,
        warnings,
    }
}

/// What a rebuild may take from the previous build: valid only when site.yaml and static/ are
/// unchanged (URLs and image lookups depend on them).
pub struct Reuse<'a> {
    pub previous: &'a Site,
    /// Content files (as [`Source::file`]) read again since `previous` was built.
    pub changed: &'a BTreeSet<PathBuf>,
}

fn categories_from_config(config: &Config, base_path: &str) -> Vec<Category> {
    config
        .categories
        .iter()
        .map(|c| {
            let slug = c.slug();
            Category {
                name: c.name.clone(),
                url: format!("{base_path}{slug}/"),
                slug,
                description: c.description.clone().unwrap_or_default(),
                articles: Vec::new(),
                related: Vec::new(),
            }
        })
        .collect()
}
