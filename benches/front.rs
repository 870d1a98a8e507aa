//! Front-door stages: manifest loading (YAML, validation, image checks)
//! and markdown conversion, on the sample issue.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use pressrun::manifest::{LoadOptions, load};

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = root.join("issues/2026-11-24/issue.yaml");
    let opts = LoadOptions {
        timestamp: 1_700_000_000,
    };
    c.bench_function("manifest load (sample)", |b| {
        b.iter(|| load(&manifest, &opts).map(|w| w.output.related.len()))
    });
    let lead = std::fs::read_to_string(root.join("issues/2026-11-24/lead.md")).unwrap_or_default();
    c.bench_function("markdown convert (sample lead)", |b| {
        b.iter(|| {
            pressrun::markdown::convert(&lead, &mut |_, _| Some(0))
                .0
                .blocks
                .len()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
