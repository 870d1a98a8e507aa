//! EPUB build time: the sample issue, and a generated 60-item issue (the
//! sample's related items repeated, each with the lead's full body).
//!
//! `cargo bench --bench epub`

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use pressrun::manifest::{self, LoadOptions};
use pressrun::model::Issue;

fn sample() -> Issue {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("issues/2026-11-24/issue.yaml");
    manifest::load(
        &path,
        &LoadOptions {
            timestamp: 1_700_000_000,
        },
    )
    .expect("the sample issue loads")
    .output
}

/// 60 items: the lead plus 59 related items cycling through the sample's,
/// every other one carrying a full body with footnotes and a table.
fn sixty(mut issue: Issue) -> Issue {
    let base = issue.related.clone();
    issue.related = (0..59)
        .map(|i| {
            let mut a = base[i % base.len()].clone();
            a.title = format!("{} ({})", a.title, i + 1);
            if i % 2 == 0 {
                a.body = issue.lead.body.clone();
            }
            a
        })
        .collect();
    issue
}

fn bench(c: &mut Criterion) {
    let sample = sample();
    let big = sixty(sample.clone());
    let epub = [pressrun::build::by_name("epub").expect("the EPUB edition is registered")];
    let mut group = c.benchmark_group("epub");
    group.sample_size(20);
    group.bench_function("sample", |b| {
        b.iter(|| pressrun::build::issue(&sample, &epub))
    });
    group.bench_function("sixty_items", |b| {
        b.iter(|| pressrun::build::issue(&big, &epub))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
