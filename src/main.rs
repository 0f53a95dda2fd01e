use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use bantin::config::Config;

// A build allocates millions of short-lived strings across threads (rendering, minifying);
// glibc's allocator spent about a quarter of a 10,000-article build in malloc and free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// bantin ("bản tin"): a fast static news-site generator.
#[derive(Parser)]
#[command(version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import scraped article text into Markdown files with YAML front matter.
    ///
    /// Each input file gets one line of report: ok, skipped or error. Existing files are never
    /// overwritten without --force. Exit code 1 if any file failed.
    Import {
        /// Site root holding site.yaml (categories, timezone, chrome markers).
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Folder the articles are written to, as CONTENT_DIR/<category-slug>/<slug>.md
        /// [default: ROOT/content].
        #[arg(short, long, value_name = "CONTENT_DIR")]
        content_dir: Option<PathBuf>,
        /// Put every imported article into this category (else: keyword rules in site.yaml,
        /// else default_category).
        #[arg(long, value_name = "NAME")]
        category: Option<String>,
        /// Publication date for every imported article (2025-01-25, 2025-01-25 13:53 or RFC 3339);
        /// else a date line in the text, a Unix timestamp in the image name, the file's mtime.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Character encoding of the input when it is not UTF-8 (e.g. windows-1258, utf-16le).
        #[arg(long, value_name = "LABEL")]
        encoding: Option<String>,
        /// Overwrite articles that already exist.
        #[arg(long)]
        force: bool,
        /// Text files, or folders of them (walked recursively; *.txt and files without extension).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Build the site into a folder of static files ready for any host.
    ///
    /// The site is built in a temporary folder and swapped in when complete, so a failed build
    /// leaves the previous output untouched. Exit code 1 for content or template errors (all
    /// reported together), 2 for configuration or usage errors.
    Build {
        /// Site root holding site.yaml, content/, themes/, and optional templates/ and static/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/public].
        #[arg(short, long, value_name = "OUTPUT")]
        output: Option<PathBuf>,
        /// Override site.yaml's base_url (e.g. for a preview deploy).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Write HTML and CSS as rendered, unminified (for debugging templates).
        #[arg(long)]
        no_minify: bool,
        /// Link CSS and JS under their plain names, not content-hashed ones (as `bantin serve`
        /// does; same as `fingerprint: false` in site.yaml).
        #[arg(long)]
        no_fingerprint: bool,
        /// Replace an existing output folder even if bantin did not create it.
        #[arg(long)]
        force: bool,
        /// After building, keep watching site.yaml, content/, themes/, templates/ and static/;
        /// on every change rebuild what it touches and write only the files whose bytes changed
        /// (files that disappeared are deleted from the output folder). Stop with Ctrl-C.
        #[arg(short, long)]
        watch: bool,
    },
    /// Preview the site: build it in memory, serve it over HTTP, rebuild on every change.
    ///
    /// Pages reload in the browser after each rebuild (a stylesheet change is swapped in without
    /// a reload). When a change breaks the build, the last good site stays served with the errors
    /// shown over it. Nothing is written to disk. Links point at the preview's own URL. Exit code
    /// 2 when the port is taken or the address cannot be used.
    Serve {
        /// Site root holding site.yaml, content/, themes/, and optional templates/ and static/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on; 0 picks a free one (the URL is printed).
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. Anything but a loopback address (127.0.0.1, ::1) lets other
        /// machines see the preview, and prints a warning.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser once it is built.
        #[arg(long)]
        open: bool,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Minify pages and CSS as `bantin build` does (slower rebuilds; off by default).
        #[arg(long)]
        minify: bool,
    },
    /// Check the site without writing anything: dead internal links, missing images, duplicate
    /// slugs and URLs, articles without date or summary, related stories whose title nearly
    /// matches an article's, unknown front matter fields.
    ///
    /// Each finding is printed as `error:` or `warning:` with file and line. Exit code 1 when
    /// there is an error, 2 for a broken site.yaml, else 0.
    Check {
        /// Site root holding site.yaml, content/, themes/, and optional templates/ and static/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// `human` (one line per finding) or `json` (stable, for scripts and CI).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Write a minimal working site skeleton into DIR (which must be empty or absent).
    Init {
        /// Also write the default theme into DIR/themes/default for editing.
        #[arg(long)]
        theme: bool,
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

/// Exit codes: 0 success, 1 some input failed, 2 usage or configuration error.
fn main() -> ExitCode {
    bantin::timing::start();
    let code = run(Cli::parse());
    if out::failed() && code == ExitCode::SUCCESS {
        ExitCode::from(1)
    } else {
        code
    }
}

/// A line on stdout through [`out::line`]: never a panic when stdout is closed.
macro_rules! outln {
    ($($arg:tt)*) => { out::line(format_args!($($arg)*)) };
}

/// A line on stderr; a closed stderr is ignored (there is nowhere left to say so).
macro_rules! errln {
    ($($arg:tt)*) => { out::err_line(format_args!($($arg)*)) };
}

/// Printing without panics. `println!` panics when a write fails, and it fails as soon as the
/// reader of a pipe has gone (`bantin check | head -1`: BrokenPipe, since Rust ignores
/// SIGPIPE). Here a closed stdout stops the printing quietly and the command goes on to end
/// with its own status; any other failure (a full disk under `> report.txt`) is said once on
/// stderr and turns a success into exit code 1, so a script does not trust a cut report.
mod out {
    use std::io::Write;
    use std::sync::atomic::{AtomicU8, Ordering};

    const OPEN: u8 = 0;
    const CLOSED: u8 = 1;
    const FAILED: u8 = 2;
    static STATE: AtomicU8 = AtomicU8::new(OPEN);

    fn open() -> bool {
        STATE.load(Ordering::Relaxed) == OPEN
    }

    /// After a failed write to stdout: stop printing, and say why unless the reader just left.
    fn failed_with(e: &std::io::Error) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            STATE.store(CLOSED, Ordering::Relaxed);
        } else if STATE.swap(FAILED, Ordering::Relaxed) != FAILED {
            err_line(format_args!("error: cannot write to standard output: {e}"));
        }
    }

    /// Some write to stdout failed other than by the reader going away.
    pub fn failed() -> bool {
        STATE.load(Ordering::Relaxed) == FAILED
    }

    /// Print one line on stdout, unless stdout is already known to be closed.
    pub fn line(args: std::fmt::Arguments) {
        if !open() {
            return;
        }
        let mut o = std::io::stdout().lock();
        if let Err(e) = writeln!(o, "{args}").and_then(|()| o.flush()) {
            failed_with(&e);
        }
    }

    pub fn err_line(args: std::fmt::Arguments) {
        let _ = writeln!(std::io::stderr().lock(), "{args}");
    }

    /// Lines on stdout written in blocks (for many lines at once), with [`line`]'s rules.
    pub struct Buffered(std::io::BufWriter<std::io::StdoutLock<'static>>);

    impl Buffered {
        pub fn new() -> Buffered {
            Buffered(std::io::BufWriter::new(std::io::stdout().lock()))
        }

        pub fn line(&mut self, args: std::fmt::Arguments) {
            if open() {
                if let Err(e) = writeln!(self.0, "{args}") {
                    failed_with(&e);
                }
            }
        }

        pub fn flush(&mut self) {
            if open() {
                if let Err(e) = self.0.flush() {
                    failed_with(&e);
                }
            }
        }
    }

    impl Drop for Buffered {
        fn drop(&mut self) {
            // (BufWriter's own drop then tries what is left once more, ignoring any error.)
            self.flush();
        }
    }
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Import {
            root,
            content_dir,
            category,
            date,
            encoding,
            force,
            paths,
        } => {
            let cfg = match Config::load(&root) {
                Ok(c) => c,
                Err(e) => return config_error(e),
            };
            let opts = bantin::import::ImportOptions {
                content_dir: content_dir.unwrap_or_else(|| root.join("content")),
                category,
                date,
                encoding,
                force,
                paths,
            };
            if let Err(e) = bantin::import::check(&cfg, &opts) {
                return config_error(e);
            }
            bantin::timing::mark("config");
            let reports = bantin::import::run(&cfg, &opts);
            // One buffered write for the report lines (a line at a time flushes every line);
            // errors go to stderr as they come, after the ok lines before them.
            let mut out = out::Buffered::new();
            let mut failed = 0;
            for r in &reports {
                if matches!(r.outcome, bantin::import::Outcome::Error { .. }) {
                    failed += 1;
                    out.flush();
                    errln!("{r}");
                } else {
                    out.line(format_args!("{r}"));
                }
            }
            out.flush();
            drop(out);
            bantin::timing::mark("reported");
            if failed > 0 {
                errln!(
                    "error: {failed} of {} files failed to import",
                    reports.len()
                );
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            no_minify,
            no_fingerprint,
            force,
            watch,
        } => {
            let opts = bantin::build::BuildOptions {
                root,
                output,
                base_url,
                drafts,
                minify: !no_minify,
                fingerprint: !no_fingerprint,
                force,
            };
            if watch {
                serve_error(bantin::serve::watch_build(&opts, &report))
            } else {
                build(&opts)
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
            minify,
        } => {
            let opts = bantin::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                drafts,
                minify,
            };
            serve_error(bantin::serve::serve(&opts, &report))
        }
        Command::Check {
            root,
            drafts,
            format,
        } => check(&bantin::check::CheckOptions { root, drafts }, format),
        Command::Init { theme, dir } => match bantin::init::init(&dir, theme) {
            Ok(()) => {
                outln!("created a new site in {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                errln!("error: {e:#}");
                ExitCode::from(2)
            }
        },
    }
}

/// Print what `serve` and `build --watch` report.
fn report(r: bantin::serve::Report) {
    use bantin::serve::Report;
    match r {
        Report::Serving { url, exposed } => {
            if exposed {
                errln!(
                    "warning: listening beyond this machine: anyone who can reach it on the network sees the preview (use --bind 127.0.0.1 to keep it local)"
                );
            }
            outln!("serving {url} (Ctrl-C to stop)");
        }
        Report::Watching { output } => {
            outln!(
                "watching for changes; writing to {} (Ctrl-C to stop)",
                output.display()
            );
        }
        Report::Rebuilt(r) => {
            for w in r.warnings.iter().take(5) {
                errln!("warning: {w}");
            }
            if r.warnings.len() > 5 {
                errln!("warning: … and {} more warnings", r.warnings.len() - 5);
            }
            let pages = r.pages_changed;
            let others = r.changed.len() + r.removed.len() - pages;
            // The first build lists what it made; later ones what changed.
            let changed = if r.first { "" } else { " changed" };
            let mut what = format!(
                "{} {}{changed}",
                bantin::build::thousands(pages),
                plural(pages, "page", "pages")
            );
            if others > 0 {
                what.push_str(&format!(
                    ", {} other {}",
                    others,
                    plural(others, "file", "files")
                ));
            }
            let verb = if r.first { "built" } else { "rebuilt" };
            outln!("{verb} in {} ms: {what}", r.elapsed.as_millis());
        }
        Report::Failed(e) => {
            for line in e.to_string().lines().filter(|l| !l.trim().is_empty()) {
                errln!("error: {line}");
            }
            errln!("error: the last good build is kept; fix the file and save it again");
        }
        Report::Warning(w) => errln!("warning: {w}"),
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn serve_error(result: Result<(), bantin::serve::ServeError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn check(opts: &bantin::check::CheckOptions, format: Format) -> ExitCode {
    let report = match bantin::check::check(opts) {
        Ok(r) => r,
        Err(e) => return config_error(e),
    };
    match format {
        Format::Json => outln!("{}", report.to_json()),
        Format::Human => {
            for f in &report.findings {
                outln!("{f}");
            }
            outln!(
                "checked {} {}: {} {}, {} {}",
                bantin::build::thousands(report.files),
                plural(report.files, "file", "files"),
                report.errors,
                plural(report.errors, "error", "errors"),
                report.warnings,
                plural(report.warnings, "warning", "warnings"),
            );
        }
    }
    if report.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn config_error(e: bantin::error::ConfigError) -> ExitCode {
    errln!("error: {e}");
    ExitCode::from(2)
}

fn build(opts: &bantin::build::BuildOptions) -> ExitCode {
    use indicatif::{ProgressBar, ProgressStyle};
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let progress = |msg: &str| bar.set_message(msg.to_string());
    let result = bantin::build::build(opts, &progress);
    bar.finish_and_clear();
    match result {
        Ok(report) => {
            const SHOWN: usize = 20;
            for w in report.warnings.iter().take(SHOWN) {
                errln!("warning: {w}");
            }
            if report.warnings.len() > SHOWN {
                errln!(
                    "warning: … and {} more warnings ({} in all)",
                    report.warnings.len() - SHOWN,
                    report.warnings.len()
                );
            }
            outln!(
                "built {} pages in {:.2} s → {}",
                bantin::build::thousands(report.pages),
                report.elapsed.as_secs_f64(),
                report.output.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            for line in e.to_string().lines() {
                if line.trim().is_empty() {
                    continue;
                }
                errln!("error: {line}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
