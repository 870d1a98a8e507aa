//! The kepub transform alone (`kepub::convert` on EPUB bytes already
//! built): the sample issue and a 60-item issue.
//!
//! `cargo bench --bench kepub`

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

/// 60 items, as `benches/epub.rs` makes them.
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

/// The EPUB edition's bytes, as the kepub edition receives them.
fn epub(issue: &Issue) -> Vec<u8> {
    let epub = pressrun::build::by_name("epub").expect("the EPUB edition is registered");
    let built = pressrun::build::issue(issue, &[epub]);
    built.outputs[0].bytes.clone()
}

fn bench(c: &mut Criterion) {
    let sample = sample();
    let small = epub(&sample);
    let big = epub(&sixty(sample));
    let mut group = c.benchmark_group("kepub");
    group.sample_size(50);
    group.bench_function("sample", |b| {
        b.iter(|| pressrun::kepub::convert(&small).expect("converts"))
    });
    group.bench_function("sixty_items", |b| {
        b.iter(|| pressrun::kepub::convert(&big).expect("converts"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
