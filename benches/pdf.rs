//! PDF build time (layout + PDF writing) for the sample issue and for a
//! generated 60-item issue, plus the peak heap memory of one build; then
//! the two stages apart: layout (line setting, pagination with its
//! contents passes) and PDF writing of a laid-out document.
//!
//! `cargo bench --bench pdf`

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use pressrun::model::Issue;

/// Peak resident memory (VmHWM) in KB, reset first when `reset` (Linux:
/// writing 5 to clear_refs resets the high-water mark). None elsewhere.
fn peak_rss_kb(reset: bool) -> Option<u64> {
    if reset {
        std::fs::write("/proc/self/clear_refs", "5").ok()?;
    }
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn sample() -> Issue {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("issues/2026-11-24/issue.yaml");
    let opts = pressrun::manifest::LoadOptions {
        timestamp: 1_700_000_000,
    };
    match pressrun::manifest::load(&path, &opts) {
        Ok(w) => w.output,
        Err(e) => panic!("sample loads: {e:?}"),
    }
}

/// The sample with 60 related items (its four, cycled, with bodies).
fn sixty() -> Issue {
    let mut issue = sample();
    let base = issue.related.clone();
    let body = base.iter().find_map(|a| a.body.clone());
    issue.related = (0..60)
        .map(|n| {
            let mut a = base[n % base.len()].clone();
            a.title = format!("{} ({})", a.title, n + 1);
            if n % 3 == 0 && a.body.is_none() {
                a.body = body.clone();
            }
            a
        })
        .collect();
    issue
}

/// The PDF edition through the driver, as the CLI builds it.
fn build(issue: &Issue) -> usize {
    let pdf = pressrun::build::by_name("pdf").expect("the PDF edition is registered");
    let built = pressrun::build::issue(issue, &[pdf]);
    assert!(!built.has_errors(), "{:?}", built.diagnostics);
    built.outputs.iter().map(|o| o.bytes.len()).sum()
}

fn peak_of(name: &str, issue: &Issue) {
    let _ = peak_rss_kb(true);
    let size = build(issue);
    match peak_rss_kb(false) {
        Some(kb) => eprintln!(
            "{name}: PDF {} KB, peak RSS of the process during the build {:.1} MB",
            size / 1024,
            kb as f64 / 1024.0
        ),
        None => eprintln!(
            "{name}: PDF {} KB (peak memory not available here)",
            size / 1024
        ),
    }
}

fn bench(c: &mut Criterion) {
    let sample = sample();
    let sixty = sixty();
    // Warm the process-wide font book so peaks measure one build.
    build(&sample);
    peak_of("sample", &sample);
    peak_of("60-item", &sixty);
    let mut group = c.benchmark_group("pdf");
    group.sample_size(10);
    group.bench_function("sample", |b| b.iter(|| build(&sample)));
    group.bench_function("60-item", |b| b.iter(|| build(&sixty)));
    group.finish();

    let mut group = c.benchmark_group("stages");
    group.sample_size(10);
    for (name, issue) in [("sample", &sample), ("60-item", &sixty)] {
        group.bench_function(format!("layout (pagination) {name}"), |b| {
            b.iter(|| match pressrun::layout::layout_issue(issue) {
                Ok(w) => w.output.document.pages.len(),
                Err(e) => panic!("layout: {e:?}"),
            })
        });
        let doc = match pressrun::layout::layout_issue(issue) {
            Ok(w) => w.output.document,
            Err(e) => panic!("layout: {e:?}"),
        };
        group.bench_function(format!("PDF write {name}"), |b| {
            b.iter(|| pressrun::pdf::write(&doc).map(|v| v.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
