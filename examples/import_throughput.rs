//! Import throughput: parse + write ~50 MB of scraped-like article text held in memory.
//!
//! Run with `cargo run --release --example import_throughput [MB]`. The text is generated
//! deterministically (no randomness, no files), so runs are comparable.

use std::hint::black_box;
use std::time::Instant;

use bantin::import::{parser, writer, Markers};
use chrono::DateTime;

const PARAGRAPHS: &[&str] = &[
    "Theo Politico, trong bối cảnh cuộc đua phát triển trí tuệ nhân tạo (AI) toàn cầu đang diễn \
     ra sôi động, một tin tức đáng chú ý từ Trung Quốc đã mang đến niềm hy vọng mới.",
    "DeepSeek đã gây chấn động thị trường khi tuyên bố có thể cạnh tranh ngang ngửa với OpenAI \
     của Mỹ - khiến Nvidia mất gần 600 tỷ USD giá trị vốn hóa.",
    "Lucie Aimée Kaffee nhận định: \"Các mô hình AI hiệu quả chất lượng cao không còn là lĩnh \
     vực độc quyền của những gã khổng lồ công nghệ\" <b>và</b> 5 * 3 = 15 & [chú thích].",
    "Năm 2025, tỷ trọng kinh tế số của tỉnh đạt 9,46% GRDP, phản ánh sự dịch chuyển tích cực \
     trong cơ cấu kinh tế; khoảng 60% doanh nghiệp đã ứng dụng các nền tảng số.",
];

/// One scraped article of about `size` bytes: date line, title, lead, image, body paragraphs
/// with list items and images, source, related stories and a footer.
fn article(n: usize, size: usize) -> String {
    let mut s = String::with_capacity(size + 4096);
    s.push_str("Thứ Bảy, 25/01/2025 14:30 (GMT+7)\n");
    s.push_str(&format!("Bài số {n}: hy vọng mới cho AI châu Âu\n\n"));
    s.push_str("DeepSeek, với chi phí phát triển thấp nhưng hiệu quả cao, mở ra cơ hội mới.\n\n");
    s.push_str(&format!(
        "anh-{n}-1737788002.jpg\nBiểu tượng AI DeepSeek.\n\n"
    ));
    let mut k = 0;
    while s.len() < size {
        s.push_str(PARAGRAPHS[k % PARAGRAPHS.len()]);
        s.push_str("\r\n\r\n");
        if k % 7 == 3 {
            s.push_str("- mục một của danh sách\n• mục hai\n\n");
        }
        if k % 11 == 5 {
            s.push_str(&format!("hinh-{k}.webp\nẢnh minh họa số {k}.\n\n"));
        }
        k += 1;
    }
    s.push_str("Báo Tin tức\n\nCó thể bạn quan tâm\n\nTin cùng chuyên mục\n\n");
    for r in 0..10 {
        let t = format!("Tin liên quan số {r} về chuyển đổi số");
        s.push_str(&format!(
            "{t}\n\n{t}\n\n{}\n\n",
            PARAGRAPHS[r % PARAGRAPHS.len()]
        ));
    }
    s.push_str("fb yt zl tw\n© 2025 Báo Tin tức\n");
    s
}

fn main() {
    let total_mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let per_article = 256 * 1024;
    let articles: Vec<String> = (0..(total_mb << 20) / per_article)
        .map(|n| article(n, per_article))
        .collect();
    let bytes: usize = articles.iter().map(String::len).sum();
    let markers = Markers::builtin();
    let date = DateTime::parse_from_rfc3339("2025-01-25T13:53:22+07:00").expect("valid date");

    let start = Instant::now();
    let mut out_bytes = 0;
    for a in &articles {
        let story = match parser::parse(black_box(a), &markers) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("generated article did not parse: {e}");
                std::process::exit(1);
            }
        };
        match writer::render(&story, "Khoa học - Công nghệ", &date) {
            Ok((_, text)) => out_bytes += black_box(text).len(),
            Err(e) => {
                eprintln!("cannot write front matter: {e}");
                std::process::exit(1);
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = bytes as f64 / (1024.0 * 1024.0);
    println!(
        "parsed and wrote {} articles, {mb:.1} MB in, {:.1} MB out, in {secs:.3} s: {:.1} MB/s",
        articles.len(),
        out_bytes as f64 / (1024.0 * 1024.0),
        mb / secs
    );
}
