//! `bantin serve` and `bantin build --watch`: the site built in memory, rebuilt in milliseconds on
//! every change, and served over HTTP with live reload or written to the output folder.
//!
//! The rebuild is the same load → render as `bantin build` (see `session`), so what the preview
//! shows and what lands in public/ cannot drift apart.

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};

use crate::build::{BuildError, BuildOptions};
use crate::output::{writer, Output};

pub mod http;
pub mod reload;
pub mod session;
pub mod watch;

pub use session::{Rebuilt, Session, Snapshot};

/// Quiet time after a rebuild before the news files are brought up to date.
const NEWS_AFTER: std::time::Duration = std::time::Duration::from_millis(300);

/// What `bantin serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
    /// Minify pages and CSS as `bantin build` does (off by default: a preview is read, not
    /// shipped, and minifying was half of a one-article rebuild's time).
    pub minify: bool,
}

/// What happens while serving or watching, for `main` to print.
pub enum Report<'a> {
    /// The server is up at this URL.
    Serving {
        url: &'a str,
        exposed: bool,
    },
    /// `build --watch` wrote its first build and is watching.
    Watching {
        output: &'a Path,
    },
    Rebuilt(&'a Rebuilt),
    Failed(&'a BuildError),
    Warning(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}{hint}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
        hint: &'static str,
    },
    /// Not a site, an output folder that may not be replaced, ...
    #[error("{0:#}")]
    Usage(anyhow::Error),
    #[error("{0:#}")]
    Io(anyhow::Error),
}

impl ServeError {
    pub fn exit_code(&self) -> u8 {
        match self {
            ServeError::Bind { .. } | ServeError::Usage(_) => 2,
            ServeError::Io(_) => 1,
        }
    }
}

/// The site root as an absolute, canonical path (file events name files that way).
fn canonical_root(root: &Path) -> Result<PathBuf, ServeError> {
    let abs = root.canonicalize().map_err(|e| {
        ServeError::Usage(anyhow::anyhow!(
            "{}: {e} (give the site's folder with -r/--root)",
            root.display()
        ))
    })?;
    if !abs.is_dir() {
        return Err(ServeError::Usage(anyhow::anyhow!(
            "{} is not a folder (give the site's folder with -r/--root)",
            root.display()
        )));
    }
    Ok(abs)
}

/// Bind the listening socket: a busy port or a bad address is an error, never a panic.
pub fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, ServeError> {
    let addr = SocketAddr::new(ip, port);
    TcpListener::bind(addr).map_err(|source| {
        let hint = match source.kind() {
            std::io::ErrorKind::AddrInUse => {
                " (is another bantin serve running? choose another port with -p PORT, or -p 0 for any free one)"
            }
            std::io::ErrorKind::AddrNotAvailable => {
                " (that address is not one of this machine's; try --bind 127.0.0.1)"
            }
            std::io::ErrorKind::PermissionDenied => {
                " (ports below 1024 need privileges; choose a port above 1024)"
            }
            _ => "",
        };
        ServeError::Bind { addr, source, hint }
    })
}

/// The URL to print and to build links with for a socket bound at `addr`.
pub fn url_for(addr: SocketAddr) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => "127.0.0.1".to_string(),
        ip if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!("http://{host}:{}/", addr.port())
}

/// Serve the site until the process is stopped. Returns only on a setup error.
pub fn serve(opts: &ServeOptions, report: &dyn Fn(Report)) -> Result<(), ServeError> {
    let root = canonical_root(&opts.root)?;
    let listener = bind(opts.bind, opts.port)?;
    let io = |e: std::io::Error| ServeError::Io(anyhow::Error::new(e));
    listener.set_nonblocking(true).map_err(io)?;
    let addr = listener.local_addr().map_err(io)?;
    let url = url_for(addr);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("bantin-http")
        .enable_all()
        .build()
        .map_err(io)?;
    let listener = {
        let _guard = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(io)?
    };
    let shared = reload::Shared::new();
    let app = http::router(shared.clone());
    runtime.spawn(async move { axum::serve(listener, app).await });

    // Watch before the first build, so that no change made during it is missed.
    let mut watcher = watch::Watcher::new(&root, None)
        .map_err(|e| ServeError::Io(anyhow::anyhow!("cannot watch {}: {e}", root.display())))?;
    let mut build = BuildOptions::new(&root);
    // Links and redirects point at the preview, not at the real site.
    build.base_url = Some(url.clone());
    build.drafts = opts.drafts;
    build.minify = opts.minify;
    // Stylesheets keep their plain names while serving: an edited stylesheet is then swapped
    // into open pages in place, and no page has to be rendered again to link a new name.
    build.fingerprint = false;
    let mut session = Session::new(build);
    rebuild_and_publish(&mut session, &[], &shared, report);
    report(Report::Serving {
        url: &url,
        exposed: !addr.ip().is_loopback(),
    });
    if opts.open {
        if let Err(e) = open_browser(&url) {
            report(Report::Warning(format!("cannot open a browser: {e}")));
        }
    }
    loop {
        // The news files (feeds, sitemaps, search index) follow once the files have been quiet
        // for a moment: they take longer than pages, and no browser is waiting for them.
        let limit = session.news_stale().then_some(NEWS_AFTER);
        match watcher.wait_up_to(limit) {
            None => break,
            Some(watch::Next::Changed(paths)) => {
                rebuild_and_publish(&mut session, &paths, &shared, report)
            }
            Some(watch::Next::Trouble(why)) => {
                report(Report::Warning(format!(
                    "file watcher: {why}; rebuilding everything"
                )));
                rebuild_and_publish(&mut session, &[], &shared, report);
            }
            Some(watch::Next::Idle) => match session.news() {
                Ok(Some(r)) => shared.replace(r.snapshot),
                Ok(None) => {}
                Err(e) => {
                    shared.fail(&errors_of(&e));
                    report(Report::Failed(&e));
                }
            },
        }
    }
    Err(ServeError::Io(anyhow::anyhow!("the file watcher stopped")))
}

fn rebuild_and_publish(
    session: &mut Session,
    paths: &[PathBuf],
    shared: &reload::Shared,
    report: &dyn Fn(Report),
) {
    match session.rebuild(paths) {
        Ok(r) => {
            shared.publish(&r);
            report(Report::Rebuilt(&r));
        }
        Err(e) => {
            shared.fail(&errors_of(&e));
            report(Report::Failed(&e));
        }
    }
}

/// A build error as the overlay shows it: every located error, or the message of one that
/// names no file of the site (an I/O error, whose message holds its path).
pub fn errors_of(e: &BuildError) -> Vec<reload::Failure> {
    match e {
        BuildError::Input(many) => many.0.iter().map(reload::Failure::from).collect(),
        BuildError::Config(c) => vec![reload::Failure::from(&c.0)],
        other => vec![reload::Failure {
            file: None,
            line: None,
            message: other.to_string(),
        }],
    }
}

/// `bantin build --watch`: build, then after every change write only the files whose bytes
/// changed and delete those that disappeared. Returns only on a setup error.
pub fn watch_build(opts: &BuildOptions, report: &dyn Fn(Report)) -> Result<(), ServeError> {
    crate::build::check_base_url_flag(opts).map_err(|e| ServeError::Usage(e.into()))?;
    let root = canonical_root(&opts.root)?;
    let out = opts.output_dir();
    writer::check_target(&out, &opts.root, opts.force).map_err(ServeError::Usage)?;
    let out_abs = std::path::absolute(&out).map_err(|e| ServeError::Io(e.into()))?;
    let mut watcher = watch::Watcher::new(&root, Some(&out_abs))
        .map_err(|e| ServeError::Io(anyhow::anyhow!("cannot watch {}: {e}", root.display())))?;
    let mut build = opts.clone();
    build.root = root;
    let mut session = Session::new(build);
    let mut written = false;
    // Whether the folder on disk holds compressed siblings (`compress: true` when last written).
    let mut compressed = false;
    let mut step = |session: &mut Session, paths: &[PathBuf]| match with_news(session, paths) {
        Ok(mut r) => {
            // Until a build is on disk, the next one is the first ("built in"), even when the
            // session built before but the writing failed.
            r.first |= !written;
            let compress = session.config().is_some_and(|c| c.compress);
            let result = if written && compress == compressed {
                write_changes(&out, &r, compress)
            } else {
                let mut output = to_output(&r.snapshot);
                crate::build::add_compressed_if(&mut output, compress)
                    .and_then(|()| writer::write(&output, &out))
            };
            match result {
                Ok(()) => {
                    report(Report::Rebuilt(&r));
                    if !written {
                        report(Report::Watching { output: &out });
                    }
                    written = true;
                    compressed = compress;
                }
                Err(e) => report(Report::Failed(&BuildError::Io(e))),
            }
        }
        Err(e) => report(Report::Failed(&e)),
    };
    step(&mut session, &[]);
    while let Some(next) = watcher.wait() {
        match next {
            watch::Next::Changed(paths) => step(&mut session, &paths),
            watch::Next::Trouble(why) => {
                report(Report::Warning(format!(
                    "file watcher: {why}; rebuilding everything"
                )));
                step(&mut session, &[]);
            }
            watch::Next::Idle => {}
        }
    }
    Err(ServeError::Io(anyhow::anyhow!("the file watcher stopped")))
}

/// Write the files a rebuild changed and delete those it removed; with `compress`, their
/// compressed siblings too (so nginx never serves a stale `.gz`).
fn write_changes(out: &Path, r: &Rebuilt, compress: bool) -> anyhow::Result<()> {
    let mut bodies: Vec<(&str, &crate::output::Body)> = r
        .changed
        .iter()
        .filter_map(|p| r.snapshot.files.get(p).map(|b| (p.as_str(), b.as_ref())))
        .collect();
    let mut removed: Vec<String> = r.removed.clone();
    let made = if compress {
        for p in &r.removed {
            if crate::output::compress::is_compressible(p) {
                removed.extend(crate::output::compress::SUFFIXES.map(|x| format!("{p}{x}")));
            }
        }
        crate::output::compress::all(bodies.iter().copied())?
    } else {
        Vec::new()
    };
    bodies.extend(made.iter().map(|(p, b)| (p.as_str(), b)));
    let removed: Vec<&str> = removed.iter().map(String::as_str).collect();
    writer::update(out, &bodies, &removed)
}

/// A rebuild and its news files, as one change.
fn with_news(session: &mut Session, paths: &[PathBuf]) -> Result<Rebuilt, BuildError> {
    let mut r = session.rebuild(paths)?;
    if let Some(news) = session.news()? {
        let files = &news.snapshot.files;
        let mut changed: std::collections::BTreeSet<String> = r.changed.into_iter().collect();
        changed.extend(news.changed);
        changed.retain(|p| files.contains_key(p));
        let mut removed: std::collections::BTreeSet<String> = r.removed.into_iter().collect();
        removed.extend(news.removed);
        removed.retain(|p| !files.contains_key(p));
        r.changed = changed.into_iter().collect();
        r.removed = removed.into_iter().collect();
        r.snapshot = news.snapshot;
        r.elapsed += news.elapsed;
    }
    Ok(r)
}

/// A snapshot as an [`Output`] (copies the bytes; for writing a whole folder).
pub fn to_output(s: &Snapshot) -> Output {
    let files: std::collections::BTreeMap<String, crate::output::Body> = s
        .files
        .iter()
        .map(|(k, v)| (k.clone(), v.as_ref().clone()))
        .collect();
    let pages = files.keys().filter(|k| k.ends_with(".html")).count();
    Output {
        files,
        pages,
        plan: Default::default(),
    }
}

/// Open `url` in the desktop's browser.
fn open_browser(url: &str) -> std::io::Result<()> {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}
