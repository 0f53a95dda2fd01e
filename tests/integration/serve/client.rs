//! The test side of `bantin serve`: the running binary, and plain-TCP HTTP and SSE clients
//! (HTTP/1.0, so request paths reach the server exactly as written).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// How long to wait for anything a rebuild should bring (generous for slow CI machines).
pub const WAIT: Duration = Duration::from_secs(15);

/// A running `bantin` child, killed when dropped.
pub struct Running {
    child: Child,
    /// Lines the process printed on stdout.
    lines: Receiver<String>,
    stderr: Receiver<String>,
}

impl Running {
    pub fn start(root: &Path, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bantin"))
            .args(args)
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start bantin");
        let lines = pipe_lines(child.stdout.take().expect("stdout"));
        let stderr = pipe_lines(child.stderr.take().expect("stderr"));
        Running {
            child,
            lines,
            stderr,
        }
    }

    /// The next stdout line containing `needle`.
    pub fn line_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(l) if l.contains(needle) => return l,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        let errors: Vec<String> = self.stderr.try_iter().collect();
        panic!("no line with {needle:?}; stderr: {errors:#?}");
    }

    /// Everything printed so far and not yet read, stdout then stderr (for failure messages).
    pub fn printed(&self) -> Vec<String> {
        self.lines
            .try_iter()
            .chain(self.stderr.try_iter())
            .collect()
    }

    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn pipe_lines(r: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// `bantin serve -p 0` on `root`, and the address it printed.
pub fn serve(root: &Path) -> (Running, String) {
    serve_with(root, &[])
}

/// [`serve`] with more flags.
pub fn serve_with(root: &Path, flags: &[&str]) -> (Running, String) {
    let mut args = vec!["serve", "-p", "0"];
    args.extend_from_slice(flags);
    let server = Running::start(root, &args);
    // The first build says what it made ("built in 12 ms: 9 pages"), not what changed.
    let built = server.line_with("built in ");
    assert!(built.starts_with("built in "), "first build: {built}");
    let line = server.line_with("serving http://");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("url");
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    (server, addr)
}

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// One HTTP/1.0 request with `path` sent exactly as given.
pub fn request(addr: &str, method: &str, path: &str) -> Reply {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    write!(s, "{method} {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    Reply {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

pub fn get(addr: &str, path: &str) -> Reply {
    request(addr, "GET", path)
}

/// Poll `path` until its body contains `needle` (the rebuild runs beside the request).
pub fn wait_for(addr: &str, path: &str, needle: &str) -> Reply {
    let deadline = Instant::now() + WAIT;
    loop {
        let r = get(addr, path);
        if r.text().contains(needle) {
            return r;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never showed {needle:?}: {}",
            r.text()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn wait_for_status(addr: &str, path: &str, status: u16) {
    let deadline = Instant::now() + WAIT;
    while get(addr, path).status != status {
        assert!(Instant::now() < deadline, "{path} never answered {status}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The live-reload event stream: (event, data) pairs.
pub struct Events(Receiver<(String, String)>);

impl Events {
    pub fn connect(addr: &str) -> Events {
        let mut s = TcpStream::connect(addr).expect("connect");
        write!(
            s,
            "GET /__bantin/events HTTP/1.0\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let (mut event, mut data) = (String::new(), String::new());
            for line in BufReader::new(s).lines() {
                let Ok(line) = line else { break };
                if let Some(e) = line.strip_prefix("event:") {
                    event = e.trim().to_string();
                } else if let Some(d) = line.strip_prefix("data:") {
                    data.push_str(d.trim());
                } else if line.is_empty()
                    && !event.is_empty()
                    && tx
                        .send((std::mem::take(&mut event), std::mem::take(&mut data)))
                        .is_err()
                {
                    break;
                }
            }
        });
        let events = Events(rx);
        events.next("hello");
        events
    }

    /// The next event named `name` (others are skipped); its data.
    pub fn next(&self, name: &str) -> String {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.0.recv_timeout(left) {
                Ok((e, d)) if e == name => return d,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("no {name:?} event");
    }
}

/// A page as built, without the live-reload snippet.
pub fn unserved(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let Some(start) = text.find("<script src=\"/__bantin/live.js\"") else {
        return html.to_vec();
    };
    let end = start + text[start..].find("</script>").expect("script end") + "</script>".len();
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}
