//! Live reload: what the server currently serves, the event stream browsers listen on
//! (Server-Sent Events at [`EVENTS`]), the script injected into served pages, and the overlay
//! that shows a failed rebuild over the last good page.

use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::extract::State;
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use futures_util::StreamExt;
use serde::Serialize;
use tokio::sync::broadcast::{self, error::RecvError};

use super::session::{Rebuilt, Snapshot};
use crate::error::Located;
use crate::text::escape_html;

/// The event stream.
pub const EVENTS: &str = "/__bantin/events";
/// The script pages load to listen to it.
pub const SCRIPT: &str = "/__bantin/live.js";
/// Above this many changed paths, browsers are told "everything" instead of the list.
const MAX_LISTED: usize = 500;

const LIVE_JS: &str = include_str!("live.js");

/// What is being served.
#[derive(Debug, Default)]
pub struct Served {
    pub snapshot: Arc<Snapshot>,
    /// Why the last rebuild failed (empty when it did not).
    pub errors: Vec<Failure>,
    /// Bumped by every change browsers must hear about; pages carry the one they were served at.
    pub generation: u64,
}

/// One event for browsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub event: &'static str,
    pub data: String,
}

#[derive(Serialize)]
struct Changes<'a> {
    generation: u64,
    all: bool,
    changed: Vec<&'a str>,
}

/// One line of the error overlay (and of a `build-error` event): the file and line to blame,
/// when a file is (an I/O error has its path in the message instead), and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub message: String,
}

impl From<&Located> for Failure {
    fn from(e: &Located) -> Failure {
        Failure {
            file: Some(e.file.display().to_string()),
            line: e.line,
            message: e.message.clone(),
        }
    }
}

/// State shared by the rebuild loop and the HTTP handlers.
pub struct Shared {
    state: RwLock<Arc<Served>>,
    tx: broadcast::Sender<Message>,
}

impl Shared {
    pub fn new() -> Arc<Shared> {
        let (tx, _) = broadcast::channel(64);
        Arc::new(Shared {
            state: RwLock::new(Arc::default()),
            tx,
        })
    }

    pub fn current(&self) -> Arc<Served> {
        match self.state.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Serve `served`; returns what was served before (so that the caller can drop it, and
    /// its thousands of files, after telling browsers).
    fn set(&self, served: Served) -> Arc<Served> {
        let served = Arc::new(served);
        match self.state.write() {
            Ok(mut s) => std::mem::replace(&mut *s, served),
            Err(poisoned) => std::mem::replace(&mut *poisoned.into_inner(), served),
        }
    }

    /// A rebuild succeeded: serve it, and tell browsers what changed. Returns the message sent.
    pub fn publish(&self, rebuilt: &Rebuilt) -> Option<Message> {
        let old = self.current();
        let message = change_message(rebuilt, !old.errors.is_empty(), old.generation + 1);
        let generation = old.generation + u64::from(message.is_some());
        let before = self.set(Served {
            snapshot: rebuilt.snapshot.clone(),
            errors: Vec::new(),
            generation,
        });
        if let Some(m) = &message {
            let _ = self.tx.send(m.clone());
        }
        drop((old, before));
        message
    }

    /// Serve `snapshot` without telling browsers (files no page shows, like feeds).
    pub fn replace(&self, snapshot: Arc<Snapshot>) {
        let old = self.current();
        self.set(Served {
            snapshot,
            errors: old.errors.clone(),
            generation: old.generation,
        });
    }

    /// A rebuild failed: keep serving the last good site, with the errors over it.
    pub fn fail(&self, errors: &[Failure]) -> Message {
        let old = self.current();
        let generation = old.generation + 1;
        let message = Message {
            event: "build-error",
            data: serde_json::json!({ "generation": generation, "errors": errors }).to_string(),
        };
        self.set(Served {
            snapshot: old.snapshot.clone(),
            errors: errors.to_vec(),
            generation,
        });
        let _ = self.tx.send(message.clone());
        message
    }
}

/// The message for a good rebuild: `css` when only stylesheets changed (swapped in place),
/// `reload` otherwise, nothing when no file changed and no error was showing.
pub fn change_message(r: &Rebuilt, errors_were_shown: bool, generation: u64) -> Option<Message> {
    let paths: Vec<&str> = r
        .changed
        .iter()
        .chain(&r.removed)
        .map(String::as_str)
        .collect();
    if paths.is_empty() && !errors_were_shown {
        return None;
    }
    let css_only =
        !errors_were_shown && r.removed.is_empty() && paths.iter().all(|p| p.ends_with(".css"));
    let all = errors_were_shown || paths.len() > MAX_LISTED;
    let data = Changes {
        generation,
        all,
        changed: if all { Vec::new() } else { paths },
    };
    Some(Message {
        event: if css_only { "css" } else { "reload" },
        data: serde_json::to_string(&data).unwrap_or_default(),
    })
}

/// `html` with the live-reload script (and the error overlay, if any) before `</body>`, or at
/// the end when the minifier left the tag out. `page` is the output path the browser asked for.
pub fn inject(html: &[u8], page: &str, served: &Served) -> Vec<u8> {
    let mut snippet = format!(
        "<script src=\"{SCRIPT}\" data-page=\"{}\" data-generation=\"{}\"></script>",
        escape_html(page),
        served.generation
    );
    if !served.errors.is_empty() {
        snippet.push_str(&overlay(&served.errors));
    }
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The overlay listing what broke (the same markup `live.js` builds for a live error).
pub fn overlay(errors: &[Failure]) -> String {
    let mut items = String::new();
    for e in errors {
        let at = match (&e.file, e.line) {
            (Some(f), Some(l)) => format!("<b>{}</b>: ", escape_html(&format!("{f}:{l}"))),
            (Some(f), None) => format!("<b>{}</b>: ", escape_html(f)),
            (None, _) => String::new(),
        };
        items.push_str(&format!("<li>{at}{}</li>", escape_html(&e.message)));
    }
    format!(
        "<div id=\"bantin-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\">\
<p><b>bantin: the site did not rebuild.</b> The last good version is still served; fix the file and this goes away.</p>\
<ul>{items}</ul></div>"
    )
}

const OVERLAY_STYLE: &str = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;\
padding:2rem;background:rgba(24,4,4,.94);color:#fff;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;\
white-space:pre-wrap";

fn find_last_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// `GET /__bantin/events`: a `hello` with the current generation, then every message.
pub async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let rx = shared.tx.subscribe();
    let hello = Message {
        event: "hello",
        data: serde_json::json!({ "generation": shared.current().generation }).to_string(),
    };
    let rest = futures_util::stream::unfold(rx, |mut rx| async move {
        match rx.recv().await {
            Ok(m) => Some((m, rx)),
            // Too far behind to know what changed: everything did.
            Err(RecvError::Lagged(_)) => Some((
                Message {
                    event: "reload",
                    data: r#"{"generation":0,"all":true,"changed":[]}"#.into(),
                },
                rx,
            )),
            Err(RecvError::Closed) => None,
        }
    });
    let stream = futures_util::stream::once(async move { hello })
        .chain(rest)
        .map(|m| Ok::<_, Infallible>(Event::default().event(m.event).data(m.data)));
    (
        [(header::CACHE_CONTROL, "no-store")],
        Sse::new(stream).keep_alive(KeepAlive::default()),
    )
}

/// `GET /__bantin/live.js`.
pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn rebuilt(changed: &[&str], removed: &[&str]) -> Rebuilt {
        Rebuilt {
            first: false,
            elapsed: Duration::ZERO,
            changed: changed.iter().map(|s| s.to_string()).collect(),
            removed: removed.iter().map(|s| s.to_string()).collect(),
            pages_changed: 0,
            rendered: 0,
            snapshot: Arc::default(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn css_alone_is_swapped_everything_else_reloads() {
        let m = change_message(&rebuilt(&["css/style.css"], &[]), false, 3).unwrap();
        assert_eq!(m.event, "css");
        assert!(m.data.contains("\"css/style.css\""), "{}", m.data);
        let m = change_message(&rebuilt(&["css/style.css", "a/index.html"], &[]), false, 3);
        assert_eq!(m.unwrap().event, "reload");
        let m = change_message(&rebuilt(&[], &["b/index.html"]), false, 3).unwrap();
        assert_eq!(m.event, "reload");
        assert!(m.data.contains("b/index.html"));
        assert_eq!(change_message(&rebuilt(&[], &[]), false, 3), None);
        // Fixing an error reloads, even when the output is as before.
        let m = change_message(&rebuilt(&[], &[]), true, 3).unwrap();
        assert_eq!(m.event, "reload");
        assert!(m.data.contains("\"all\":true"));
    }

    #[test]
    fn injects_before_body_or_at_the_end() {
        let served = Served {
            generation: 7,
            ..Served::default()
        };
        let out =
            String::from_utf8(inject(b"<p>a</p></BODY></html>", "a/index.html", &served)).unwrap();
        assert!(out.starts_with("<p>a</p><script src=\"/__bantin/live.js\" data-page=\"a/index.html\" data-generation=\"7\"></script></BODY>"), "{out}");
        let out = String::from_utf8(inject(b"<p>a", "index.html", &served)).unwrap();
        assert!(out.ends_with("data-generation=\"7\"></script>"), "{out}");
        assert!(!out.contains("bantin-overlay"));
    }

    #[test]
    fn overlay_names_file_line_and_message() {
        let served = Served {
            errors: vec![
                Failure::from(&Located::new(
                    "content/a.md",
                    Some(3),
                    "date \"x\" is <bad>",
                )),
                Failure {
                    file: None,
                    line: None,
                    message: "cannot write public/a: disk full".into(),
                },
            ],
            ..Served::default()
        };
        let out = String::from_utf8(inject(b"<p>a</p>", "index.html", &served)).unwrap();
        assert!(out.contains("id=\"bantin-overlay\""));
        assert!(
            out.contains("<b>content/a.md:3</b>: date &quot;x&quot; is &lt;bad&gt;"),
            "{out}"
        );
        assert!(
            out.contains("<li>cannot write public/a: disk full</li>"),
            "an error of no file is shown without one: {out}"
        );
    }
}
