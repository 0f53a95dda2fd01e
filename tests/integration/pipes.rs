//! A closed stdout (`bantin check | head -1`, a reader that went away): the command stops
//! printing quietly and ends with its own status, never with a panic.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

use crate::common::{article, site, write};

/// Run bantin in `cwd` with stdout a pipe of which `keep` lines are read before the reading end
/// is closed (0: closed before bantin writes anything); (status, the lines read, stderr).
fn with_stdout_closed_after(
    cwd: &Path,
    args: &[&str],
    keep: usize,
) -> (ExitStatus, Vec<String>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start bantin");
    let mut stderr = child.stderr.take().expect("stderr");
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut lines = Vec::new();
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    while lines.len() < keep {
        let mut line = String::new();
        if out.read_line(&mut line).expect("read") == 0 {
            break;
        }
        lines.push(line);
    }
    drop(out);
    let status = child.wait().expect("wait");
    (status, lines, err.join().expect("stderr thread"))
}

fn assert_quiet(stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
}

/// 400 articles with two warnings each: far more report than a pipe holds (64 KiB), so the
/// writes after the reader has gone fail.
fn noisy_site() -> tempfile::TempDir {
    let s = site(&[("site.yaml", "title: T\nbase_url: https://example.com/\n")]);
    for i in 0..400 {
        write(
            s.path(),
            &format!("content/a{i:03}.md"),
            &article(
                &format!("title: Bài {i}\ndate: 2025-01-01\nsumary: x"),
                "Thân.",
            ),
        );
    }
    s
}

#[test]
fn check_piped_into_head_stops_quietly_with_its_own_status() {
    let s = noisy_site();
    // One article without a date: an error, so check's own status is 1.
    write(s.path(), "content/z.md", "---\ntitle: Không ngày\n---\n");
    let (status, lines, err) = with_stdout_closed_after(s.path(), &["check"], 1);
    assert_quiet(&err);
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        lines[0].starts_with("warning: content/a000.md:"),
        "{lines:?}"
    );

    std::fs::remove_file(s.path().join("content/z.md")).unwrap();
    for args in [&["check"][..], &["check", "--format", "json"]] {
        let (status, _, err) = with_stdout_closed_after(s.path(), args, 0);
        assert_quiet(&err);
        assert_eq!(
            status.code(),
            Some(0),
            "{args:?}: warnings alone pass: {err}"
        );
    }
}

#[test]
fn build_init_and_import_finish_their_work_with_stdout_closed() {
    let s = site(&[
        ("site.yaml", "title: T\nbase_url: https://example.com/\n"),
        (
            "content/a.md",
            &article(
                "title: A\ndate: 2025-01-01\nimage: {src: khong-co.png}",
                "Thân.",
            ),
        ),
    ]);
    let (status, _, err) = with_stdout_closed_after(s.path(), &["build"], 0);
    assert_quiet(&err);
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: content/a.md: image"),
        "stderr still speaks: {err}"
    );
    assert!(s.path().join("public/index.html").is_file());

    let (status, _, err) = with_stdout_closed_after(s.path(), &["init", "new"], 0);
    assert_quiet(&err);
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(s.path().join("new/site.yaml").is_file());

    let seed = crate::common::repo().join("tests/fixtures/seed.txt");
    let seed = seed.to_string_lossy();
    let (status, _, err) = with_stdout_closed_after(s.path(), &["import", &seed], 0);
    assert_quiet(&err);
    assert_eq!(status.code(), Some(0), "{err}");
    assert_eq!(
        std::fs::read_dir(s.path().join("content")).unwrap().count(),
        2,
        "the article was imported"
    );
}

#[test]
fn a_build_with_stdout_and_stderr_closed_still_builds() {
    let s = site(&[
        ("site.yaml", "title: T\nbase_url: https://example.com/\n"),
        (
            "content/a.md",
            &article(
                "title: A\ndate: 2025-01-01\nimage: {src: khong-co.png}",
                "Thân.",
            ),
        ),
    ]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .arg("build")
        .current_dir(s.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start bantin");
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().expect("wait");
    // A panic would be status 101.
    assert_eq!(status.code(), Some(0));
    assert!(s.path().join("public/index.html").is_file());
}

/// A write error other than a closed pipe (a full disk) is said, and fails the command.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_under_stdout_is_an_error_not_a_cut_report() {
    let s = noisy_site();
    let full = std::fs::File::create("/dev/full").expect("/dev/full");
    let o = Command::new(env!("CARGO_BIN_EXE_bantin"))
        .arg("check")
        .current_dir(s.path())
        .stdout(full)
        .output()
        .expect("run bantin");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_quiet(&err);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(
        err.matches("error: cannot write to standard output: ")
            .count(),
        1,
        "said once: {err}"
    );
}
