//! Output: every file of the built site as path → bytes (or a file to copy), in a fixed order.
//! `build` writes it, `serve` serves it from memory: the two cannot drift apart.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Located, Many};
use crate::plan::{Job, Make, Plan};
use crate::render::{assets, Assets, Rendered, Renderer, Theme};
use crate::site::Site;

pub mod compress;
pub mod feeds;
pub mod minify;
pub mod news;
pub mod search;
pub mod sitemap;
pub mod writer;
mod xml;

/// The contents of one output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Bytes(Vec<u8>),
    /// Copied from this file as it is (images, fonts, ...).
    Copy(PathBuf),
}

/// The whole site: output paths (relative, `/`-separated) → contents.
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub files: BTreeMap<String, Body>,
    /// Number of HTML pages among `files`.
    pub pages: usize,
    /// The plan the files were made by (empty when they came from elsewhere).
    pub plan: Plan,
}

/// Where produced files go: the new output folder ([`writer::Sink`]) or memory.
pub trait Put: Sync {
    fn put(&self, path: &str, body: &Body) -> anyhow::Result<()>;
}

impl Put for writer::Sink {
    fn put(&self, path: &str, body: &Body) -> anyhow::Result<()> {
        writer::Sink::put(self, path, body)
    }
}

/// Files kept in memory, as `bantin serve` and `bantin check` want them.
struct Memory(std::sync::Mutex<BTreeMap<String, Body>>);

impl Put for Memory {
    fn put(&self, path: &str, body: &Body) -> anyhow::Result<()> {
        self.0
            .lock()
            .map_err(|_| anyhow::anyhow!("a rendering thread panicked"))?
            .insert(path.to_string(), body.clone());
        Ok(())
    }
}

/// Why the output could not be made.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Problems in content or theme files, all reported together.
    #[error("{0}")]
    Input(#[from] Many),
    #[error("{0:#}")]
    Io(#[from] anyhow::Error),
}

/// What [`produce_into`] made.
#[derive(Debug, Clone, Default)]
pub struct Produced {
    /// Pages rendered.
    pub pages: usize,
    /// Files put (pages, statics, copies, news files and compressed siblings).
    pub files: usize,
    /// Paths made twice (see `plan::Plan::overlap_warnings`).
    pub warnings: Vec<Located>,
    /// The plan the files were made by.
    pub plan: Plan,
}

/// Render `site` with `theme` into an [`Output`] in memory: the files [`produce_into`] writes,
/// without compressed copies.
pub fn produce(site: &Site, theme: &Theme, minify: bool) -> Result<Output, OutputError> {
    in_memory(site, theme, minify, true)
}

/// [`produce`] without refusing an alias that lands on another page (the later maker wins, as
/// the plan decides): for `bantin check`, which reports those itself and checks the rest.
pub fn produce_lenient(site: &Site, theme: &Theme, minify: bool) -> Result<Output, OutputError> {
    in_memory(site, theme, minify, false)
}

fn in_memory(
    site: &Site,
    theme: &Theme,
    minify: bool,
    strict: bool,
) -> Result<Output, OutputError> {
    let memory = Memory(std::sync::Mutex::new(BTreeMap::new()));
    let made = make(site, theme, minify, false, &memory, strict)?;
    let files = memory
        .0
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a rendering thread panicked"))?;
    Ok(Output {
        files,
        pages: made.pages,
        plan: made.plan,
    })
}

/// A hash of what every page is rendered with besides the site: the templates and UI strings,
/// the asset URLs and the configuration (see `plan::Plan::new`).
pub fn globals(site: &Site, theme: &Theme, assets: &Assets) -> u64 {
    let templates: Vec<(&String, &[u8])> = theme
        .files
        .iter()
        .filter(|(k, _)| !k.starts_with("static/"))
        .map(|(k, f)| (k, f.bytes.as_slice()))
        .collect();
    crate::plan::digest_of(&(
        templates,
        format!("{assets:?}"),
        format!("{:?}", site.config),
    ))
}

/// The plan of `site` with the static files `statics` made for it, refused when an alias would
/// replace another page.
pub fn plan<B>(
    site: &Site,
    statics: &BTreeMap<String, B>,
    has_search: bool,
    globals: u64,
) -> Result<Plan, Many> {
    let plan = Plan::new(
        site,
        statics.keys().map(String::as_str),
        has_search,
        globals,
    );
    let errors = plan.alias_errors(site);
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(Many(errors))
    }
}

/// Render `site` into `sink` (for `bantin build`, the new output folder): each page is put as
/// soon as it is rendered, so the site never sits whole in memory. Every entry of the site's
/// plan is put once, then the news files (which win a path they share with an entry), and with
/// `compress` the `.gz` and `.br` of each compressible file (as `build::add_compressed_if`
/// adds them to an `Output`).
pub fn produce_into(
    site: &Site,
    theme: &Theme,
    minify: bool,
    compress: bool,
    sink: &impl Put,
) -> Result<Produced, OutputError> {
    make(site, theme, minify, compress, sink, true)
}

fn make(
    site: &Site,
    theme: &Theme,
    minify: bool,
    compress: bool,
    sink: &impl Put,
    strict: bool,
) -> Result<Produced, OutputError> {
    use rayon::prelude::*;

    let statics = static_files(site, theme, minify)?;
    crate::timing::mark("static files");
    let renderer = Renderer::new(site, theme, &assets(site, &statics))?;
    crate::timing::mark("renderer");
    let plan = if strict {
        plan(site, &statics, renderer.has_search(), 0)?
    } else {
        Plan::new(
            site,
            statics.keys().map(String::as_str),
            renderer.has_search(),
            0,
        )
    };
    crate::timing::mark("plan");
    // The news files look up image sizes (feed enclosures) and a robots.txt of the site's own
    // among the files made before them.
    let copies: BTreeMap<&str, Body> = plan
        .entries
        .iter()
        .filter_map(|e| match &e.make {
            Make::Copy(from) => Some((e.path.as_str(), Body::Copy(from.clone()))),
            _ => None,
        })
        .collect();
    let lookup = |p: &str| statics.get(p).or_else(|| copies.get(p));
    let news = news::files(site, &plan, &lookup, renderer.has_search())?;
    crate::timing::mark("feeds, sitemaps, search");
    let news_paths: std::collections::HashSet<&str> =
        news.iter().map(|(p, _)| p.as_str()).collect();

    let mut pages: Vec<Job> = Vec::new();
    let mut page_paths: Vec<&str> = Vec::new();
    let mut plain: Vec<(&str, &Body)> = Vec::new();
    for e in plan
        .entries
        .iter()
        .filter(|e| !news_paths.contains(e.path.as_str()))
    {
        match &e.make {
            Make::Static => plain.extend(statics.get(&e.path).map(|b| (e.path.as_str(), b))),
            Make::Copy(_) => {
                plain.extend(copies.get(e.path.as_str()).map(|b| (e.path.as_str(), b)))
            }
            Make::Page(job) => {
                pages.push(job.clone());
                page_paths.push(&e.path);
            }
        }
    }
    plain.extend(news.iter().map(|(p, b)| (p.as_str(), b)));
    // With `compress`, every compressible file gets its `.gz` and `.br` as it is written.
    let made = plain.len() + pages.len();
    let siblings = if compress {
        let compressible = plain
            .iter()
            .map(|(p, _)| *p)
            .chain(page_paths.iter().copied())
            .filter(|p| compress::is_compressible(p))
            .count();
        compress::SUFFIXES.len() * compressible
    } else {
        0
    };
    let put = |path: &str, body: &Body| -> anyhow::Result<()> {
        sink.put(path, body)?;
        if compress && compress::is_compressible(path) {
            for (p, b) in compress::siblings_of(path, body)? {
                sink.put(&p, &Body::Bytes(b))?;
            }
        }
        Ok(())
    };
    plain
        .par_iter()
        .try_for_each(|(path, body)| put(path, body))?;
    crate::timing::mark("plain files written");

    let finisher = minify::Pages::new(minify);
    let failed: std::sync::Mutex<Option<anyhow::Error>> = std::sync::Mutex::new(None);
    let write = |(path, html): Rendered| {
        let bytes = finisher.finish(html);
        if let Err(e) = put(&path, &Body::Bytes(bytes)) {
            if let Ok(mut f) = failed.lock() {
                f.get_or_insert(e);
            }
        }
        (path, Vec::new())
    };
    let count = renderer.render_all(&pages, &write)?.len();
    crate::timing::mark("pages rendered and written");
    if let Some(e) = failed.into_inner().ok().flatten() {
        return Err(OutputError::Io(e));
    }
    Ok(Produced {
        pages: count,
        files: made + siblings,
        warnings: plan.overlap_warnings(site),
        plan,
    })
}

/// The files that do not depend on content: the theme's static files (CSS through lightningcss)
/// and the site's own static/ folder.
pub fn static_files(
    site: &Site,
    theme: &Theme,
    minify: bool,
) -> Result<BTreeMap<String, Body>, Many> {
    let cfg = &site.config;
    let mut files = BTreeMap::new();

    // Theme static files: CSS through lightningcss, the rest as they are.
    let targets =
        minify::targets(&cfg.browsers, Path::new("site.yaml")).map_err(|e| Many(vec![e]))?;
    let mut errors = Vec::new();
    for (rel, f) in theme.under("static/") {
        let bytes = if rel.ends_with(".css") {
            let name = theme.display_path(&format!("static/{rel}"));
            match minify::css(&String::from_utf8_lossy(&f.bytes), &name, targets, minify) {
                Ok(css) => css.into_bytes(),
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            }
        } else {
            f.bytes.clone()
        };
        files.insert(rel.to_string(), Body::Bytes(bytes));
    }
    if !errors.is_empty() {
        return Err(Many(errors));
    }
    // CSS and JS again under content-hashed names, which pages link (see `assets`); the plain
    // names stay for templates and other sites that link them directly.
    if cfg.fingerprint {
        let hashed: Vec<(String, Body)> = files
            .iter()
            .filter_map(|(rel, body)| match body {
                Body::Bytes(b) if assets::is_fingerprinted(rel) => {
                    Some((assets::hashed_name(rel, b), body.clone()))
                }
                _ => None,
            })
            .collect();
        files.extend(hashed);
    }
    // The site's own static/ (CSS/JS overrides were merged into the theme above).
    copy_tree(&site.root, &site.root.join("static"), &mut files).map_err(|e| Many(vec![e]))?;
    Ok(files)
}

/// The bundled assets' URLs, as pages link them: the fingerprinted name of every file of
/// `statics` (as made by [`static_files`]) that has one, else the plain name.
pub fn assets<B: Borrow<Body>>(site: &Site, statics: &BTreeMap<String, B>) -> Assets {
    let fingerprinted = statics
        .iter()
        .filter_map(|(rel, body)| match body.borrow() {
            Body::Bytes(b) if assets::is_fingerprinted(rel) => {
                let hashed = assets::hashed_name(rel, b);
                statics.contains_key(&hashed).then(|| (rel.clone(), hashed))
            }
            _ => None,
        });
    Assets::new(&site.config.base_path(), &fingerprinted.collect())
}

/// Render `jobs` (in parallel), minified when asked, in the order given.
pub fn render_pages(
    renderer: &Renderer,
    jobs: &[Job],
    minify: bool,
) -> Result<Vec<Rendered>, Many> {
    let finisher = minify::Pages::new(minify);
    let finish = |(path, html): Rendered| (path, finisher.finish(html));
    renderer.render_all(jobs, &finish)
}

/// Add every file under `dir` (not CSS/JS, which the theme pipeline handles) as a copy.
fn copy_tree(root: &Path, dir: &Path, files: &mut BTreeMap<String, Body>) -> Result<(), Located> {
    for (rel, path) in crate::render::theme::visible_files(root, dir)? {
        if !path.extension().is_some_and(|x| x == "css" || x == "js") {
            files.insert(rel, Body::Copy(path));
        }
    }
    Ok(())
}
