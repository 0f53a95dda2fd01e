//! Output: every file of the built site as path → bytes (or a file to copy), in a fixed order.
//! `build` writes it, `serve` serves it from memory: the two cannot drift apart.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::build::BuildError;
use crate::error::{Located, Many};
use crate::render::{assets, Assets, Job, Rendered, Renderer, Theme};
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

/// Render `site` with `theme` into an [`Output`] in memory: the files [`produce_into`] writes,
/// without compressed copies.
pub fn produce(site: &Site, theme: &Theme, minify: bool) -> Result<Output, Many> {
    let memory = Memory(std::sync::Mutex::new(BTreeMap::new()));
    let (pages, _) = produce_into(site, theme, minify, false, &memory).map_err(|e| match e {
        BuildError::Input(many) => many,
        other => Many(vec![Located::new("bantin", None, other.to_string())]),
    })?;
    let files = memory.0.into_inner().map_err(|_| {
        Many(vec![Located::new(
            "bantin",
            None,
            "a rendering thread panicked",
        )])
    })?;
    Ok(Output { files, pages })
}

/// Render `site` into `sink` (for `bantin build`, the new output folder): each page is put as
/// soon as it is rendered, so the site never sits whole in memory. A path made twice is put
/// once, with the bytes of the last maker (statics, copies, pages in job order, news files),
/// and with `compress` the `.gz` and `.br` of each compressible file (as
/// `build::add_compressed_if` adds them to an `Output`). Returns the number of pages and of
/// files.
pub fn produce_into(
    site: &Site,
    theme: &Theme,
    minify: bool,
    compress: bool,
    sink: &impl Put,
) -> Result<(usize, usize), BuildError> {
    use rayon::prelude::*;

    let mut files = static_files(site, theme, minify)?;
    for c in &site.copies {
        files.insert(c.to.clone(), Body::Copy(c.from.clone()));
    }
    crate::timing::mark("static files");
    let renderer = Renderer::new(site, theme, &assets(site, &files))?;
    crate::timing::mark("renderer");
    let news = news::files(site, &|p| files.get(p), renderer.has_search())?;
    crate::timing::mark("feeds, sitemaps, search");
    let jobs = renderer.jobs();

    // Who makes each path, the last maker winning.
    enum Maker<'a> {
        File(&'a Body),
        Page(usize),
    }
    let mut plan: BTreeMap<&str, Maker> = BTreeMap::new();
    for (path, body) in &files {
        plan.insert(path, Maker::File(body));
    }
    let paths: Vec<String> = jobs.iter().map(|j| renderer.output_path(j)).collect();
    for (i, path) in paths.iter().enumerate() {
        plan.insert(path, Maker::Page(i));
    }
    for (path, body) in &news {
        plan.insert(path, Maker::File(body));
    }
    // With `compress`, every compressible file gets its `.gz` and `.br` as it is written.
    let siblings = if compress {
        compress::SUFFIXES.len() * plan.keys().filter(|p| compress::is_compressible(p)).count()
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
    let total = plan.len() + siblings;
    let mut pages: Vec<Job> = Vec::new();
    let mut plain: Vec<(&str, &Body)> = Vec::new();
    for (path, maker) in plan {
        match maker {
            Maker::File(body) => plain.push((path, body)),
            Maker::Page(i) => pages.push(jobs[i].clone()),
        }
    }
    plain
        .par_iter()
        .try_for_each(|(path, body)| put(path, body))
        .map_err(BuildError::Io)?;
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
        return Err(BuildError::Io(e));
    }
    Ok((count, total))
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
        minify::targets(&cfg.browsers, &site.root.join("site.yaml")).map_err(|e| Many(vec![e]))?;
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
    copy_tree(&site.root.join("static"), &mut files).map_err(|e| Many(vec![e]))?;
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
fn copy_tree(dir: &Path, files: &mut BTreeMap<String, Body>) -> Result<(), Located> {
    for (rel, path) in crate::render::theme::visible_files(dir)? {
        if !path.extension().is_some_and(|x| x == "css" || x == "js") {
            files.insert(rel, Body::Copy(path));
        }
    }
    Ok(())
}
