//! Times [`precis_html::extract`] on the hostile inputs of `tests/support/hostile.rs`.
//!
//! `hostile [NAME_SUBSTRING | =NAME ...] [--size BYTES] [--list]` (default size 2,000,000 bytes).
//! One line per input: name, bytes, milliseconds for the byte pre-scan
//! ([`precis_html::nesting::prescan`]) and for the whole `extract`, the extraction's outcome,
//! and what the bounded parse did ([`precis_html::parse_report`]: bytes the pre-scan removed,
//! tree-builder work per input byte, elements, depth of the tree and where it was cut).

#[path = "../tests/support/hostile.rs"]
mod hostile;

use std::time::Instant;

fn main() {
    let mut size = 2_000_000usize;
    let mut filters: Vec<String> = Vec::new();
    let mut list = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--size" => {
                size = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| panic!("--size BYTES"))
            }
            "--list" => list = true,
            _ => filters.push(a),
        }
    }
    for (name, what, make) in hostile::cases() {
        let wanted = |f: &String| match f.strip_prefix('=') {
            Some(exact) => name == exact,
            None => name.contains(f.as_str()),
        };
        if !filters.is_empty() && !filters.iter().any(wanted) {
            continue;
        }
        if list {
            println!("{name:28} {what}");
            continue;
        }
        let html = make(size);
        let t = Instant::now();
        let pre = precis_html::nesting::prescan(&html);
        let scan_ms = t.elapsed().as_secs_f64() * 1e3;
        drop(pre);
        let t = Instant::now();
        let res = precis_html::extract(&html, None);
        let total_ms = t.elapsed().as_secs_f64() * 1e3;
        let outcome = match res {
            Ok(e) => format!("ok, {} bytes of text", e.text.len()),
            Err(e) => format!("err: {e}"),
        };
        let r = precis_html::parse_report(&html);
        println!(
            "{name:28} {:>9} B  prescan {scan_ms:8.1} ms  extract {total_ms:9.1} ms  {outcome}  \
             [removed {} B, work {:.1}/B, {} elements, depth {}->{}{}]",
            html.len(),
            r.input_bytes - r.parsed_bytes.min(r.input_bytes),
            r.parse_work as f64 / r.parsed_bytes.max(1) as f64,
            r.elements,
            r.tree_depth_parsed,
            r.tree_depth,
            r.cut_at.map(|d| format!(" cut at {d}")).unwrap_or_default(),
        );
    }
}
