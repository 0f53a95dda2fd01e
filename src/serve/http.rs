//! The HTTP side of `bantin serve`: files from the in-memory site (copies read from disk at
//! request time), pretty URLs, the site's 404 page, and nothing outside the site.

use std::sync::Arc;

use axum::body::Body as HttpBody;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::reload::{self, Shared};
use crate::output::Body;

/// What a request path names in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// An output path (`a/index.html`).
    File(String),
    /// A folder asked for without its trailing slash: redirect to this URL path.
    Slash(String),
    NotFound,
}

/// The app: live-reload endpoints, then the site for every other path.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(reload::EVENTS, get(reload::events))
        .route(reload::SCRIPT, get(reload::script))
        .fallback(site)
        .with_state(shared)
        .layer(axum::middleware::from_fn(limit_head))
}

/// Header bytes a request may carry (browsers send a few KB; hyper alone buffers ~400 KB).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Bytes of path and query a request may carry.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// Refuse requests whose URL or headers are far beyond what a browser sends: 414 or 431.
async fn limit_head(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let uri = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri > MAX_URI_BYTES {
        return (StatusCode::URI_TOO_LONG, "URI too long\n").into_response();
    }
    let headers: usize = req
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len() + 4)
        .sum();
    if headers > MAX_HEADER_BYTES {
        return (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "request headers too large\n",
        )
            .into_response();
    }
    next.run(req).await
}

/// Map a raw (still %-encoded) request path to an output path. Anything that could name a file
/// outside the site — `..` or `.` segments (also %-encoded), backslashes, NUL, empty segments as
/// in `//etc/passwd`, drive letters — is not found.
pub fn resolve(raw: &str, exists: &dyn Fn(&str) -> bool) -> Target {
    let Some(rest) = raw.strip_prefix('/') else {
        return Target::NotFound;
    };
    let Ok(decoded) = percent_encoding::percent_decode_str(rest).decode_utf8() else {
        return Target::NotFound;
    };
    if decoded.contains(['\\', '\0', ':']) || decoded.chars().any(char::is_control) {
        return Target::NotFound;
    }
    let (dir, path) = match decoded.strip_suffix('/') {
        Some(d) => (true, d),
        None => (decoded.is_empty(), decoded.as_ref()),
    };
    if !path.is_empty()
        && path
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return Target::NotFound;
    }
    let index = |p: &str| {
        if p.is_empty() {
            "index.html".to_string()
        } else {
            format!("{p}/index.html")
        }
    };
    if dir {
        let key = index(path);
        return if exists(&key) {
            Target::File(key)
        } else {
            Target::NotFound
        };
    }
    if exists(path) {
        Target::File(path.to_string())
    } else if exists(&index(path)) {
        Target::Slash(format!("{raw}/"))
    } else {
        Target::NotFound
    }
}

/// `Content-Type` of an output path.
pub fn content_type(path: &str) -> String {
    let ext = path.rsplit_once('.').map(|x| x.1).unwrap_or("");
    let text = |t: &str| format!("{t}; charset=utf-8");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => text("text/html"),
        "css" => text("text/css"),
        "js" | "mjs" => text("text/javascript"),
        "json" | "map" => text("application/json"),
        "xml" => text("application/xml"),
        "txt" => text("text/plain"),
        "webmanifest" => text("application/manifest+json"),
        _ => {
            let mime = mime_guess::from_path(path).first_or_octet_stream();
            if mime.type_() == "text" {
                text(mime.essence_str())
            } else {
                mime.essence_str().to_string()
            }
        }
    }
}

async fn site(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "",
        )
            .into_response();
    }
    let served = shared.current();
    let target = resolve(uri.path(), &|p| served.snapshot.files.contains_key(p));
    let key = match target {
        Target::File(key) => key,
        Target::Slash(to) => {
            return (StatusCode::FOUND, [(header::LOCATION, to)], "").into_response();
        }
        Target::NotFound => return not_found(&shared, uri.path()),
    };
    let body = match served.snapshot.files.get(&key).map(|b| b.as_ref()) {
        Some(Body::Bytes(b)) => b.clone(),
        Some(Body::Copy(from)) => match tokio::fs::read(from).await {
            Ok(b) => b,
            Err(_) => return not_found(&shared, uri.path()),
        },
        None => return not_found(&shared, uri.path()),
    };
    respond(&shared, StatusCode::OK, &key, &key, body)
}

fn not_found(shared: &Shared, raw: &str) -> Response {
    let served = shared.current();
    // The page a reload should come back to when it appears.
    let page = match resolve(raw, &|_| true) {
        Target::File(p) => p,
        _ => String::new(),
    };
    let body = match served.snapshot.bytes("404.html") {
        Some(b) => b.to_vec(),
        None => b"<!doctype html><meta charset=\"utf-8\"><title>404</title><h1>404: not found</h1>"
            .to_vec(),
    };
    respond(shared, StatusCode::NOT_FOUND, "404.html", &page, body)
}

/// A response with `body` typed by `key`'s extension; HTML gets the live-reload snippet for
/// `page` (the output path the browser asked for).
fn respond(shared: &Shared, status: StatusCode, key: &str, page: &str, body: Vec<u8>) -> Response {
    let ctype = content_type(key);
    let body = if ctype.starts_with("text/html") {
        reload::inject(&body, page, &shared.current())
    } else {
        body
    };
    let mut res = Response::new(HttpBody::from(body));
    *res.status_mut() = status;
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&ctype) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(raw: &str) -> Target {
        let files = [
            "index.html",
            "a/index.html",
            "css/style.css",
            "a b/index.html",
        ];
        resolve(raw, &|p| files.contains(&p))
    }

    #[test]
    fn pretty_urls() {
        assert_eq!(r("/"), Target::File("index.html".into()));
        assert_eq!(r("/a/"), Target::File("a/index.html".into()));
        assert_eq!(r("/a/index.html"), Target::File("a/index.html".into()));
        assert_eq!(r("/a"), Target::Slash("/a/".into()));
        assert_eq!(r("/css/style.css"), Target::File("css/style.css".into()));
        assert_eq!(r("/a%20b/"), Target::File("a b/index.html".into()));
        assert_eq!(r("/nope/"), Target::NotFound);
        assert_eq!(r("/nope"), Target::NotFound);
    }

    #[test]
    fn nothing_outside_the_site() {
        for raw in [
            "/../etc/passwd",
            "/a/../index.html",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/index.html",
            "/a/%2e%2e/index.html",
            "/./index.html",
            "/a\\..\\index.html",
            "/a%5c..%5cindex.html",
            "//etc/passwd",
            "/a//index.html",
            "/C:/Windows/win.ini",
            "/index.html%00",
            "/%ff",
            "index.html",
        ] {
            assert_eq!(r(raw), Target::NotFound, "{raw}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("css/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("js/main.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("feed.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("a/b.jpg"), "image/jpeg");
        assert_eq!(content_type("a/b.PNG"), "image/png");
        assert_eq!(content_type("a/b.svg"), "image/svg+xml");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
