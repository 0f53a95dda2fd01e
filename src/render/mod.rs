//! Rendering: the Tera environment (theme + site overrides) and one job per output page.
//! A pure function of the `Site`, the theme and the asset URLs.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::error::{Located, Many};
use crate::site::listing::{page_count, page_slice};
use crate::site::Site;

pub mod assets;
pub mod context;
pub mod meta;
pub mod theme;

pub use assets::Assets;
use context::{CategoryCtx, TagCtx};
pub use theme::Theme;

/// Templates every theme must have.
pub const REQUIRED: &[&str] = &[
    "home.html",
    "article.html",
    "category.html",
    "tag.html",
    "tags.html",
    "404.html",
];

pub use crate::plan::Job;

/// A rendered file: output path relative to OUTPUT (`/`-separated) and its bytes.
pub type Rendered = (String, Vec<u8>);

pub struct Renderer<'a> {
    tera: Tera,
    theme: &'a Theme,
    site: &'a Site,
    /// Each article's card view, serialised once, when a rendered list first needs it (a
    /// rebuild that renders a few pages serialises only the articles those pages show). The
    /// page view is used by one page only and is not kept: keeping all of them held a copy of
    /// every article's HTML for the whole build (half of the peak memory at 100,000 articles).
    cards: Vec<OnceLock<Value>>,
    /// The theme's UI strings (`t`), for titles computed here.
    strings: BTreeMap<String, String>,
    /// Site path of the search page; `""` when the theme has no `search.html`.
    search_url: String,
    /// URL of the search page's script (fingerprinted like the other assets).
    search_script: String,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    base_url: String,
    base_path: String,
    language: &'a str,
    nav: Vec<context::LinkRef<'a>>,
    year: i32,
    /// The tags index, the site's Atom feed and the search page (`""` when there is none).
    tags_url: String,
    feed_url: String,
    search_url: String,
}

/// What a page job decides besides its template's own entries: the template, its site path,
/// and the head's title, description and the navigation entry shown as current (a category's
/// slug, or `""`). Where it is written is the plan's to say (`plan::output_path`).
struct Page<'s> {
    template: &'static str,
    url: String,
    title: String,
    description: String,
    nav_current: &'s str,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, assets: &Assets) -> Result<Renderer<'a>, Many> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        assets.register(&mut tera);
        let templates: Vec<(String, String)> = theme
            .under("templates/")
            .map(|(name, f)| {
                (
                    name.to_string(),
                    String::from_utf8_lossy(&f.bytes).into_owned(),
                )
            })
            .collect();
        tera.add_raw_templates(templates)
            .map_err(|e| Many(vec![template_error(theme, &e, None)]))?;
        let missing: Vec<Located> = REQUIRED
            .iter()
            .filter(|t| !tera.contains_template(t))
            .map(|t| {
                Located::new(
                    format!("templates/{t}"),
                    None,
                    "the theme has no such template; add it to the theme or to the site's templates/",
                )
            })
            .collect();
        if !missing.is_empty() {
            return Err(Many(missing));
        }
        let lang = &site.config.language;
        let strings: BTreeMap<String, String> = match theme.get(&format!("i18n/{lang}.yaml")) {
            Some(f) => serde_yaml::from_slice(&f.bytes).map_err(|e| {
                Many(vec![Located::new(
                    theme.display_path(&format!("i18n/{lang}.yaml")),
                    e.location().map(|l| l.line()),
                    format!("UI strings: {e}"),
                )])
            })?,
            None => BTreeMap::new(),
        };
        let cfg = &site.config;
        let year = site
            .articles
            .first()
            .map(|a| chrono::Datelike::year(&a.date))
            .unwrap_or(1970);
        let search_url = if tera.contains_template("search.html") {
            format!("{}search/", cfg.base_path())
        } else {
            String::new()
        };
        let site_ctx = SiteCtx {
            title: &cfg.title,
            description: &cfg.description,
            base_url: cfg.base(),
            base_path: cfg.base_path(),
            language: lang,
            nav: site.categories.iter().map(context::cat_ref).collect(),
            year,
            tags_url: format!("{}tags/", cfg.base_path()),
            feed_url: format!("{}{}", cfg.base_path(), crate::urls::ATOM.file),
            search_url: search_url.clone(),
        };
        let g = tera.global_context();
        g.insert("site", &site_ctx);
        g.insert("t", &strings);
        g.insert("assets", assets);

        let n = site.articles.len();
        Ok(Renderer {
            tera,
            theme,
            site,
            cards: (0..n).map(|_| OnceLock::new()).collect(),
            strings,
            search_url,
            search_script: assets.url("js/search.js"),
        })
    }

    fn card(&self, i: usize) -> Value {
        self.cards[i]
            .get_or_init(|| {
                Value::from_serializable(&context::card(self.site, &self.site.articles[i]))
            })
            .clone()
    }

    fn page(&self, i: usize) -> Value {
        Value::from_serializable(&context::page(self.site, &self.site.articles[i]))
    }

    /// Where `job` is written (relative to OUTPUT), without rendering it; always the path
    /// [`Renderer::render`] returns.
    pub fn output_path(&self, job: &Job) -> String {
        crate::plan::output_path(self.site, job)
    }

    /// Render one job to its output path and HTML: the job's own arm fills the context with
    /// what its template lists and says what the page is (`Page`); the head's entries
    /// (URL, canonical, title, description, meta) are then added the same way for all.
    pub fn render(&self, job: &Job) -> Result<Rendered, Located> {
        let mut ctx = Context::new();
        let page = match job {
            Job::Home => self.home(&mut ctx),
            Job::Article(i) => self.article(*i, &mut ctx),
            Job::Category { index, page } => self.category(*index, *page, &mut ctx),
            Job::Tag { index, page } => self.tag(*index, *page, &mut ctx),
            Job::Tags => self.tags(&mut ctx),
            Job::NotFound => self.not_found(&mut ctx),
            Job::Search => self.search(&mut ctx),
            Job::Alias { article, .. } => {
                let a = &self.site.articles[*article];
                return Ok((
                    self.output_path(job),
                    redirect_page(&a.permalink).into_bytes(),
                ));
            }
        };
        let cfg = &self.site.config;
        let base_path = cfg.base_path();
        let url = &page.url;
        let canonical = format!(
            "{}{}",
            cfg.base(),
            url.strip_prefix(&base_path).unwrap_or(url)
        );
        ctx.insert("current_url", url);
        ctx.insert("canonical", &canonical);
        ctx.insert("nav_current", page.nav_current);
        ctx.insert("title", &page.title);
        ctx.insert("description", &page.description);
        ctx.insert("meta", &self.meta(job));
        let html = self
            .tera
            .render(page.template, &ctx)
            .map_err(|e| template_error(self.theme, &e, Some((page.template, url))))?;
        Ok((self.output_path(job), html.into_bytes()))
    }

    /// The cards of articles `ids`, in order.
    fn cards(&self, ids: &[usize]) -> Vec<Value> {
        ids.iter().map(|&i| self.card(i)).collect()
    }

    /// The home page: the lead story, the latest and a section per category.
    fn home(&self, ctx: &mut Context) -> Page<'a> {
        let site = self.site;
        let home = &site.home;
        ctx.insert_value(
            "lead",
            home.lead.map(|i| self.card(i)).unwrap_or_else(Value::none),
        );
        ctx.insert_value("latest", Value::from(self.cards(&home.latest)));
        let sections: Vec<Value> = home
            .sections
            .iter()
            .map(|s| {
                let mut m = tera::Map::new();
                m.insert(
                    "category".into(),
                    Value::from_serializable(&category_ctx(&site.categories[s.category])),
                );
                m.insert("articles".into(), Value::from(self.cards(&s.articles)));
                Value::from(m)
            })
            .collect();
        ctx.insert_value("sections", Value::from(sections));
        Page {
            template: "home.html",
            url: site.config.base_path(),
            title: String::new(),
            description: site.config.description.clone(),
            nav_current: "",
        }
    }

    /// Article `i`'s page.
    fn article(&self, i: usize, ctx: &mut Context) -> Page<'a> {
        let site = self.site;
        let a = &site.articles[i];
        ctx.insert_value("page", self.page(i));
        let c = &site.categories[a.category];
        Page {
            template: "article.html",
            url: a.url.clone(),
            title: a.title.clone(),
            description: description_of(a.src.fm.summary.as_deref().unwrap_or(&a.title)),
            nav_current: c.slug.as_str(),
        }
    }

    /// Page `page` of category `index`, with the related stories of the articles it lists.
    fn category(&self, index: usize, page: usize, ctx: &mut Context) -> Page<'a> {
        let site = self.site;
        let cfg = &site.config;
        let per = cfg.paginate;
        let c = &site.categories[index];
        let ids = page_slice(&c.articles, page, per);
        let total = page_count(c.articles.len(), per);
        ctx.insert("category", &category_ctx(c));
        ctx.insert_value("articles", Value::from(self.cards(ids)));
        ctx.insert("pagination", &context::pagination(&c.url, page, total));
        let groups: Vec<_> = c
            .related
            .get(page - 1)
            .into_iter()
            .flatten()
            .map(|g| g.view(&site.articles))
            .collect();
        ctx.insert("related_groups", &groups);
        let url = context::page_url(&c.url, page);
        let mut title = c.name.clone();
        if page > 1 {
            title = format!("{title} ({page}/{total})");
        }
        let description = if c.description.is_empty() {
            format!("{} – {}", c.name, cfg.title)
        } else {
            c.description.clone()
        };
        Page {
            template: "category.html",
            url,
            title,
            description,
            nav_current: c.slug.as_str(),
        }
    }

    /// Page `page` of tag `index`.
    fn tag(&self, index: usize, page: usize, ctx: &mut Context) -> Page<'a> {
        let site = self.site;
        let cfg = &site.config;
        let per = cfg.paginate;
        let t = &site.tags[index];
        let ids = page_slice(&t.articles, page, per);
        let total = page_count(t.articles.len(), per);
        ctx.insert("tag", &tag_ctx(t));
        ctx.insert_value("articles", Value::from(self.cards(ids)));
        ctx.insert("pagination", &context::pagination(&t.url, page, total));
        let url = context::page_url(&t.url, page);
        let mut title = format!("#{}", t.name);
        if page > 1 {
            title = format!("{title} ({page}/{total})");
        }
        Page {
            template: "tag.html",
            url,
            title,
            description: format!("{} – {}", t.name, cfg.title),
            nav_current: "",
        }
    }

    /// The index of all tags.
    fn tags(&self, ctx: &mut Context) -> Page<'a> {
        let site = self.site;
        let tags: Vec<TagCtx> = site.tags.iter().map(tag_ctx).collect();
        ctx.insert("tags", &tags);
        Page {
            template: "tags.html",
            url: format!("{}tags/", site.config.base_path()),
            title: self.t("all_tags", "Tags"),
            description: format!("{} – {}", self.t("all_tags", "Tags"), site.config.title),
            nav_current: "",
        }
    }

    /// The not-found page, with the stories it suggests.
    fn not_found(&self, ctx: &mut Context) -> Page<'a> {
        let site = self.site;
        ctx.insert_value("latest", Value::from(self.cards(&site.not_found)));
        Page {
            template: "404.html",
            url: format!("{}404.html", site.config.base_path()),
            title: self.t("not_found_title", "404"),
            description: site.config.description.clone(),
            nav_current: "",
        }
    }

    /// The search page.
    fn search(&self, ctx: &mut Context) -> Page<'a> {
        ctx.insert("search", &self.search_ctx());
        let title = self.t("search", "Search");
        Page {
            template: "search.html",
            url: self.search_url.clone(),
            description: format!("{title} – {}", self.site.config.title),
            title,
            nav_current: "",
        }
    }

    /// Whether the site has a search page (the theme has `search.html`).
    pub fn has_search(&self) -> bool {
        !self.search_url.is_empty()
    }

    /// The UI string `key`, or `fallback` when the theme has none.
    fn t(&self, key: &str, fallback: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    }

    /// What the search page's script needs.
    fn search_ctx(&self) -> context::SearchCtx {
        let base_path = self.site.config.base_path();
        context::SearchCtx {
            index_url: format!("{base_path}{}", crate::urls::SEARCH_MANIFEST),
            script_url: self.search_script.clone(),
        }
    }

    /// A page's Open Graph image, feed links and JSON-LD.
    fn meta(&self, job: &Job) -> meta::Meta {
        let site = self.site;
        match job {
            Job::Article(i) => meta::article(site, &site.articles[*i]),
            Job::Home => meta::page(
                meta::site_alternates(site),
                meta::script_json(&meta::website_jsonld(site, &self.search_url)),
            ),
            Job::Category { index, .. } => {
                meta::page(meta::category_alternates(site, *index), String::new())
            }
            Job::Tag { index, .. } => meta::page(meta::tag_alternates(site, *index), String::new()),
            _ => meta::page(meta::site_alternates(site), String::new()),
        }
    }

    /// Render every job in parallel; errors are collected (one per distinct message).
    pub fn render_all(
        &self,
        jobs: &[Job],
        finish: &(dyn Fn(Rendered) -> Rendered + Sync),
    ) -> Result<Vec<Rendered>, Many> {
        let results: Vec<Result<Rendered, Located>> = jobs
            .par_iter()
            .map(|j| self.render(j).map(finish))
            .collect();
        let mut out = Vec::with_capacity(results.len());
        let mut errors: Vec<Located> = Vec::new();
        for r in results {
            match r {
                Ok(x) => out.push(x),
                Err(e) => {
                    if !errors
                        .iter()
                        .any(|x| x.message == e.message && x.file == e.file)
                    {
                        errors.push(e);
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            errors.truncate(10);
            Err(Many(errors))
        }
    }
}

fn tag_ctx(t: &crate::site::Tag) -> TagCtx<'_> {
    TagCtx {
        name: &t.name,
        slug: &t.slug,
        url: &t.url,
        count: t.articles.len(),
    }
}

fn category_ctx(c: &crate::site::Category) -> CategoryCtx<'_> {
    CategoryCtx {
        name: &c.name,
        slug: &c.slug,
        url: &c.url,
        description: &c.description,
        count: c.articles.len(),
    }
}

/// A meta description: the summary cut to about 160 characters at a word.
fn description_of(s: &str) -> String {
    crate::text::truncate_words(s, 160)
}

/// A small page that sends readers (and search engines, via canonical) to `to`.
pub fn redirect_page(to: &str) -> String {
    let to = crate::text::escape_html(to);
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Redirect</title>\
<link rel=\"canonical\" href=\"{to}\"><meta name=\"robots\" content=\"noindex\">\
<meta http-equiv=\"refresh\" content=\"0; url={to}\"></head>\
<body><p><a href=\"{to}\">{to}</a></p></body></html>\n"
    )
}

/// A template error as `file:line:col: message`, with the page being rendered. Tera 2 reports
/// some errors as structured spans and others (unknown filters, includes...) as rendered reports
/// holding `--> name:line:col` lines; both become located errors. `rendering`: the template and
/// the URL of the page being made, if any; an error Tera gives no place for is put on that
/// template, else on the theme's templates folder.
fn template_error(theme: &Theme, e: &tera::Error, rendering: Option<(&str, &str)>) -> Located {
    let while_rendering = rendering
        .map(|(_, url)| format!(" (while rendering {url})"))
        .unwrap_or_default();
    let locate = |name: &str, line: usize, col: usize| {
        format!(
            "{}:{line}:{col}",
            theme.display_path(&format!("templates/{name}"))
        )
    };
    if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = e.kind() {
        let span = r.span();
        return Located::new(
            locate(r.filename(), span.start_line, span.start_col + 1),
            None,
            format!("{}{while_rendering}", r.message()),
        );
    }
    let text = e.to_string();
    let mut message = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m.trim().to_string());
        } else if let Some(loc) = line.trim_start().strip_prefix("--> ") {
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.trim().parse::<usize>().ok());
            let line_no = parts.next().and_then(|l| l.trim().parse::<usize>().ok());
            if let (Some(col), Some(line_no), Some(name)) = (col, line_no, parts.next()) {
                let msg = message.clone().unwrap_or_else(|| text.clone());
                return Located::new(
                    locate(name.trim(), line_no, col),
                    None,
                    format!("{msg}{while_rendering}"),
                );
            }
        }
    }
    let file = match rendering {
        Some((template, _)) => theme.display_path(&format!("templates/{template}")),
        None => {
            let base = theme.display_path("templates/base.html");
            base.strip_suffix("base.html").unwrap_or(&base).to_string()
        }
    };
    Located::new(file, None, format!("{text}{while_rendering}"))
}
