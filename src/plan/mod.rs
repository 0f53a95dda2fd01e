//! The plan of the site: every output path, what makes it, what it reads and a key of those
//! inputs. Made once from the `Site` (and the names of the static files); `build` makes every
//! entry, `serve` and `build --watch` re-make the entries whose key changed, the sitemaps list
//! its indexable pages, and `build`, `serve` and `check` report a path made twice the same way,
//! from [`Plan::overlaps`].
//!
//! Adding a page kind is: a listing in the model (`site`), a [`Job`] here (its output path, what
//! it reads, its key) and a template. Nothing else decides which pages exist.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::error::Located;
use crate::site::listing::{page_count, page_slice};
use crate::site::Site;
use crate::urls;

/// A 64-bit hash of `x`, for telling inputs apart within one process (a rebuild compares the
/// keys of two plans it made itself; nothing is written with them).
pub fn digest_of<T: Hash + ?Sized>(x: &T) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

/// One page to render: what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    Article(usize),
    Category {
        index: usize,
        page: usize,
    },
    Tag {
        index: usize,
        page: usize,
    },
    Tags,
    NotFound,
    /// The search page (when the theme has `search.html`).
    Search,
    /// A redirect page from an alias (`alias` as written) to an article.
    Alias {
        article: usize,
        alias: String,
    },
}

/// What makes an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Make {
    /// A static file: the theme's (CSS through lightningcss, fingerprinted copies) or the
    /// site's static/ folder, made by `output::static_files` under this path.
    Static,
    /// An image beside an article, copied as it is.
    Copy(PathBuf),
    /// A page rendered from a template.
    Page(Job),
}

/// One output file of the plan.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Relative to OUTPUT, `/`-separated.
    pub path: String,
    pub make: Make,
    /// The articles the page shows (in full, as cards or as links), in order.
    pub reads: Vec<usize>,
    /// A hash of everything the page is rendered from (with [`Plan::new`]'s `globals`): two
    /// plans with the same key at a path render the same bytes there. 0 for files.
    pub key: u64,
    /// `Some` for pages listed in the sitemap, with their last change.
    pub sitemap: Option<Option<DateTime<FixedOffset>>>,
}

/// A path two makers want; the later one (in the plan's order: statics, copies, pages) wins.
#[derive(Debug, Clone)]
pub struct Overlap {
    pub path: String,
    pub lost: Make,
    pub kept: Make,
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Statics, copies, then pages in a fixed order (home, 404, tags, search, articles,
    /// categories, tags, aliases); one entry per path.
    pub entries: Vec<Entry>,
    index: HashMap<String, usize>,
    pub overlaps: Vec<Overlap>,
}

impl Plan {
    /// The plan of `site` with the static files `statics` (output paths) and, when
    /// `has_search`, the search page. `globals` is a hash of what every page is rendered with
    /// besides the site (templates, asset URLs, configuration): it goes into every page's key.
    pub fn new<'s>(
        site: &Site,
        statics: impl IntoIterator<Item = &'s str>,
        has_search: bool,
        globals: u64,
    ) -> Plan {
        let keys = ArticleKeys::new(site);
        let globals = digest_of(&(globals, site_globals(site)));
        let mut all: Vec<Entry> = statics
            .into_iter()
            .map(|p| file(p.to_string(), Make::Static))
            .collect();
        for c in &site.copies {
            all.push(file(c.to.clone(), Make::Copy(c.from.clone())));
        }
        for job in jobs(site, has_search) {
            all.push(page(site, &keys, globals, job));
        }
        // The last maker of a path wins, in its own place.
        let mut last: HashMap<&str, usize> = HashMap::with_capacity(all.len());
        for (i, e) in all.iter().enumerate() {
            last.insert(&e.path, i);
        }
        let mut overlaps = Vec::new();
        let keep: Vec<bool> = all
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let winner = last[e.path.as_str()];
                if winner != i {
                    overlaps.push(Overlap {
                        path: e.path.clone(),
                        lost: e.make.clone(),
                        kept: all[winner].make.clone(),
                    });
                }
                winner == i
            })
            .collect();
        drop(last);
        let entries: Vec<Entry> = all
            .into_iter()
            .zip(keep)
            .filter_map(|(e, k)| k.then_some(e))
            .collect();
        let index = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.path.clone(), i))
            .collect();
        Plan {
            entries,
            index,
            overlaps,
        }
    }

    /// After articles `changed` of `site` changed in place, keeping their place (see
    /// `Site::same_place`: the same paths, listings and links), give every page that reads one
    /// of them its new key. Returns the entries whose key changed, each with its old key.
    pub fn rekey(&mut self, site: &Site, changed: &[usize], globals: u64) -> Vec<(usize, u64)> {
        let keys = ArticleKeys::new(site);
        let globals = digest_of(&(globals, site_globals(site)));
        let mut out = Vec::new();
        for (i, e) in self.entries.iter_mut().enumerate() {
            let Make::Page(job) = &e.make else { continue };
            if !e.reads.iter().any(|r| changed.contains(r)) {
                continue;
            }
            let fresh = page(site, &keys, globals, job.clone());
            if fresh.key != e.key {
                out.push((i, e.key));
                e.key = fresh.key;
                e.sitemap = fresh.sitemap;
            }
        }
        out
    }

    /// Put back the keys [`Plan::rekey`] replaced.
    pub fn restore_keys(&mut self, old: &[(usize, u64)]) {
        for &(i, key) in old {
            self.entries[i].key = key;
        }
    }

    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.index.get(path).map(|&i| &self.entries[i])
    }

    /// The pages, in the plan's order.
    pub fn pages(&self) -> impl Iterator<Item = (&Entry, &Job)> {
        self.entries.iter().filter_map(|e| match &e.make {
            Make::Page(j) => Some((e, j)),
            _ => None,
        })
    }

    /// Paths two makers want where one is an alias: refused, each naming the alias's file and
    /// line, since one of the two pages would be lost.
    pub fn alias_errors(&self, site: &Site) -> Vec<Located> {
        self.overlaps
            .iter()
            .filter_map(|o| {
                let file_of = |m: &Make| match m {
                    Make::Page(Job::Alias { article, .. }) => Some(&site.articles[*article].src.file),
                    _ => None,
                };
                // On two aliases, the one in the later file (by name) is reported, naming the
                // other; on an alias and a page, the alias.
                let alias_first = match (file_of(&o.lost), file_of(&o.kept)) {
                    (Some(l), Some(k)) => l >= k,
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => return None,
                };
                let (reported, other) = if alias_first {
                    (&o.lost, &o.kept)
                } else {
                    (&o.kept, &o.lost)
                };
                let Make::Page(Job::Alias { article, alias }) = reported else {
                    return None;
                };
                let article = *article;
                let a = &site.articles[article];
                let line = alias_line(&site.root, &a.src.file, alias);
                Some(Located::new(
                    &a.src.file,
                    line,
                    format!(
                        "alias \"{alias}\" is the URL of {}; its redirect page would replace that page: remove the alias or change it",
                        describe(site, other)
                    ),
                ))
            })
            .collect()
    }

    /// Other paths made twice (a file of static/ that a page replaces...), as warnings.
    pub fn overlap_warnings(&self, site: &Site) -> Vec<Located> {
        self.overlaps
            .iter()
            .filter(|o| {
                !matches!(o.lost, Make::Page(Job::Alias { .. }))
                    && !matches!(o.kept, Make::Page(Job::Alias { .. }))
            })
            .map(|o| {
                Located::new(
                    shown_maker(site, &o.lost, &o.path),
                    None,
                    format!(
                        "{} is also made as {}, which replaces it; rename one of them",
                        o.path,
                        describe(site, &o.kept)
                    ),
                )
            })
            .collect()
    }
}

/// What every page shows of the site: the navigation and the copyright year.
fn site_globals(site: &Site) -> u64 {
    let nav: Vec<(&str, &str, &str)> = site
        .categories
        .iter()
        .map(|c| (c.name.as_str(), c.slug.as_str(), c.url.as_str()))
        .collect();
    let year = site
        .articles
        .first()
        .map(|a| chrono::Datelike::year(&a.date));
    digest_of(&(nav, year))
}

/// Keys of each article as lists show it (a card) and as its own page shows it, each worked out
/// when first asked for (a rebuild that re-keys a few entries asks for a few).
struct ArticleKeys<'s> {
    site: &'s Site,
    card: Vec<std::cell::OnceCell<u64>>,
    page: Vec<std::cell::OnceCell<u64>>,
}

impl<'s> ArticleKeys<'s> {
    fn new(site: &'s Site) -> ArticleKeys<'s> {
        let n = site.articles.len();
        ArticleKeys {
            site,
            card: (0..n).map(|_| std::cell::OnceCell::new()).collect(),
            page: (0..n).map(|_| std::cell::OnceCell::new()).collect(),
        }
    }

    /// A card shows the article (its digest) and its category's name and URL (see
    /// `render::context::card`).
    fn card(&self, i: usize) -> u64 {
        *self.card[i].get_or_init(|| {
            let a = &self.site.articles[i];
            let c = &self.site.categories[a.category];
            digest_of(&(a.digest, &c.name, &c.slug, &c.url))
        })
    }

    /// Its page shows the card, the tags, the neighbours' titles and URLs and the related
    /// stories with their resolved links (`render::context::page`).
    fn page(&self, i: usize) -> u64 {
        *self.page[i].get_or_init(|| {
            let site = self.site;
            let a = &site.articles[i];
            let link = |i: Option<usize>| {
                i.map(|i| {
                    let a = &site.articles[i];
                    (a.title.as_str(), a.url.as_str())
                })
            };
            let tags: Vec<(&str, &str, &str)> = a
                .tags
                .iter()
                .map(|&t| {
                    let t = &site.tags[t];
                    (t.name.as_str(), t.slug.as_str(), t.url.as_str())
                })
                .collect();
            digest_of(&(self.card(i), tags, link(a.prev), link(a.next), &a.related))
        })
    }
}

fn file(path: String, make: Make) -> Entry {
    Entry {
        path,
        make,
        reads: Vec::new(),
        key: 0,
        sitemap: None,
    }
}

/// Every page of the site, in a fixed order.
pub fn jobs(site: &Site, has_search: bool) -> Vec<Job> {
    let per = site.config.paginate;
    let mut jobs = vec![Job::Home, Job::NotFound, Job::Tags];
    if has_search {
        jobs.push(Job::Search);
    }
    jobs.extend((0..site.articles.len()).map(Job::Article));
    for (index, c) in site.categories.iter().enumerate() {
        for page in 1..=page_count(c.articles.len(), per) {
            jobs.push(Job::Category { index, page });
        }
    }
    for (index, t) in site.tags.iter().enumerate() {
        for page in 1..=page_count(t.articles.len(), per) {
            jobs.push(Job::Tag { index, page });
        }
    }
    for (i, a) in site.articles.iter().enumerate() {
        for alias in &a.src.fm.aliases {
            jobs.push(Job::Alias {
                article: i,
                alias: alias.clone(),
            });
        }
    }
    jobs
}

/// Where `job` is written, relative to OUTPUT.
pub fn output_path(site: &Site, job: &Job) -> String {
    let base_path = site.config.base_path();
    match job {
        Job::Home => "index.html".into(),
        Job::NotFound => "404.html".into(),
        Job::Tags => "tags/index.html".into(),
        Job::Search => "search/index.html".into(),
        Job::Article(i) => format!("{}/index.html", site.articles[*i].out_dir),
        Job::Category { index, page } => urls::output_path(
            &urls::page_url(&site.categories[*index].url, *page),
            &base_path,
        ),
        Job::Tag { index, page } => {
            urls::output_path(&urls::page_url(&site.tags[*index].url, *page), &base_path)
        }
        Job::Alias { alias, .. } => urls::alias_path(alias),
    }
}

/// The entry of a page: its path, what it reads, its key and its sitemap line.
fn page(site: &Site, keys: &ArticleKeys, globals: u64, job: Job) -> Entry {
    let per = site.config.paginate;
    let tz = site.config.tz();
    let changed = |i: usize| {
        let a = &site.articles[i];
        a.updated.unwrap_or(a.date).with_timezone(&tz)
    };
    let newest = |ids: &mut dyn Iterator<Item = usize>| ids.map(changed).max();
    let cards = |ids: &[usize]| -> Vec<u64> { ids.iter().map(|&i| keys.card(i)).collect() };
    let path = output_path(site, &job);
    let (reads, key, sitemap): (Vec<usize>, u64, Option<Option<DateTime<FixedOffset>>>) = match &job
    {
        Job::Home => {
            let h = &site.home;
            let mut reads: Vec<usize> = h.lead.into_iter().chain(h.latest.clone()).collect();
            let sections: Vec<_> = h
                .sections
                .iter()
                .map(|s| {
                    reads.extend(&s.articles);
                    let c = &site.categories[s.category];
                    (
                        (&c.name, &c.slug, &c.url, &c.description, c.articles.len()),
                        cards(&s.articles),
                    )
                })
                .collect();
            let lead = h.lead.map(|i| keys.card(i));
            let key = digest_of(&(lead, cards(&h.latest), sections));
            let lastmod = newest(&mut (0..site.articles.len()));
            (reads, key, Some(lastmod))
        }
        Job::Article(i) => (vec![*i], keys.page(*i), Some(Some(changed(*i)))),
        Job::Category { index, page } => {
            let c = &site.categories[*index];
            let ids = page_slice(&c.articles, *page, per);
            let total = page_count(c.articles.len(), per);
            // The page also shows the related stories of its articles, grouped.
            let related: Vec<_> = ids.iter().map(|&i| &site.articles[i].related).collect();
            let head = (&c.name, &c.slug, &c.url, &c.description, c.articles.len());
            let key = digest_of(&(head, page, total, cards(ids), related));
            let lastmod = newest(&mut ids.iter().copied());
            (ids.to_vec(), key, Some(lastmod))
        }
        Job::Tag { index, page } => {
            let t = &site.tags[*index];
            let ids = page_slice(&t.articles, *page, per);
            let total = page_count(t.articles.len(), per);
            let head = (&t.name, &t.slug, &t.url, t.articles.len());
            let key = digest_of(&(head, page, total, cards(ids)));
            let lastmod = newest(&mut ids.iter().copied());
            (ids.to_vec(), key, Some(lastmod))
        }
        Job::Tags => {
            let list: Vec<_> = site
                .tags
                .iter()
                .map(|t| (&t.name, &t.slug, &t.url, t.articles.len()))
                .collect();
            let mut tagged: Vec<usize> = site
                .tags
                .iter()
                .flat_map(|t| t.articles.iter().copied())
                .collect();
            tagged.sort_unstable();
            tagged.dedup();
            let lastmod = newest(&mut tagged.iter().copied());
            (Vec::new(), digest_of(&list), Some(lastmod))
        }
        Job::NotFound => (
            site.not_found.clone(),
            digest_of(&cards(&site.not_found)),
            None,
        ),
        Job::Search => (Vec::new(), 0, None),
        Job::Alias { article, alias } => (
            vec![*article],
            digest_of(&(alias, &site.articles[*article].permalink)),
            None,
        ),
    };
    Entry {
        path,
        key: digest_of(&(globals, &job, key)),
        make: Make::Page(job),
        reads,
        sitemap,
    }
}

/// How a maker is named in messages.
fn describe(site: &Site, make: &Make) -> String {
    match make {
        Make::Static => "a static file".into(),
        Make::Copy(from) => format!("the image {}", shown(site, from).display()),
        Make::Page(job) => match job {
            Job::Home => "the home page".into(),
            Job::NotFound => "the not-found page".into(),
            Job::Tags => "the tags page".into(),
            Job::Search => "the search page".into(),
            Job::Article(i) => format!("the article {}", site.articles[*i].src.file.display()),
            Job::Category { index, page } => {
                let c = &site.categories[*index];
                if *page > 1 {
                    format!("page {page} of category \"{}\"", c.name)
                } else {
                    format!("category \"{}\"", c.name)
                }
            }
            Job::Tag { index, page } => {
                let t = &site.tags[*index];
                if *page > 1 {
                    format!("page {page} of tag \"{}\"", t.name)
                } else {
                    format!("tag \"{}\"", t.name)
                }
            }
            Job::Alias { article, .. } => {
                format!("an alias of {}", site.articles[*article].src.file.display())
            }
        },
    }
}

/// The file a maker of `path` comes from, for messages: the one a user can change to rename
/// it (a static file: the site's `static/` copy; a category or tag page: the newest article
/// that names it; bantin's own pages: site.yaml).
fn shown_maker(site: &Site, make: &Make, path: &str) -> PathBuf {
    match make {
        Make::Static => Path::new("static").join(path),
        Make::Copy(from) => shown(site, from).to_path_buf(),
        Make::Page(Job::Article(i) | Job::Alias { article: i, .. }) => {
            site.articles[*i].src.file.clone()
        }
        Make::Page(Job::Category { index, .. }) => {
            first_file(site, &site.categories[*index].articles)
        }
        Make::Page(Job::Tag { index, .. }) => first_file(site, &site.tags[*index].articles),
        Make::Page(Job::Home | Job::Tags | Job::NotFound | Job::Search) => {
            PathBuf::from("site.yaml")
        }
    }
}

fn first_file(site: &Site, ids: &[usize]) -> PathBuf {
    ids.first()
        .map(|&i| site.articles[i].src.file.clone())
        .unwrap_or_else(|| PathBuf::from("site.yaml"))
}

fn shown<'p>(site: &Site, p: &'p Path) -> &'p Path {
    p.strip_prefix(&site.root).unwrap_or(p)
}

/// The line of `file`'s front matter that lists `alias`.
fn alias_line(root: &Path, file: &Path, alias: &str) -> Option<usize> {
    let path = if file.is_absolute() {
        file.to_path_buf()
    } else {
        root.join(file)
    };
    let text = std::fs::read_to_string(path).ok()?;
    crate::frontmatter::line_with(&text, alias, "aliases")
}
