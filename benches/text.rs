//! Text engine speed: lines broken per second and time to set a long
//! article; prints the justification quality of what it set.
//!
//! `cargo bench --bench text`

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pressrun::layout::font::{Family, FontBook};
use pressrun::layout::inline::{Align, ParagraphSpec, Piece, Quality, TextStyle, layout_paragraph};
use pressrun::model::FontFiles;

/// Plain paragraphs of the sample lead article (markup stripped).
fn sample_paragraphs() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/issues/2026-11-24/lead.md");
    let md = std::fs::read_to_string(path).expect("sample article exists");
    md.split("\n\n")
        .map(str::trim)
        .filter(|p| {
            !p.is_empty() && !p.starts_with(['#', '|', '-', '>', '1', '2', '3', '!', '[', '<'])
        })
        .map(|p| p.replace(['*', '\n'], " "))
        .collect()
}

fn pieces(text: &str) -> Vec<Piece> {
    vec![Piece::Text {
        text: text.to_string(),
        style: TextStyle::new(Family::Serif, 10.5),
    }]
}

fn spec(width: f64) -> ParagraphSpec {
    ParagraphSpec {
        width,
        align: Align::Justify,
        first_indent: 12.0,
        leading: 13.5,
        hyphenate: true,
        lang: "en".into(),
    }
}

fn bench(c: &mut Criterion) {
    let t = Instant::now();
    let book = FontBook::shared(&FontFiles::default());
    let load = t.elapsed();
    let paras: Vec<Vec<Piece>> = sample_paragraphs().iter().map(|p| pieces(p)).collect();

    // Cold: first setting in the process (shaping cache empty).
    let t = Instant::now();
    let set: Vec<_> = paras
        .iter()
        .map(|p| layout_paragraph(&book, p, &spec(468.0)))
        .collect();
    let cold = t.elapsed();
    let lines: usize = set.iter().map(|p| p.lines.len()).sum();
    let q = Quality::of(set.iter().map(|p| p.lines.as_slice()), 468.0);
    println!("font book: {load:?}; sample lead cold: {lines} lines in {cold:?}");
    if std::env::var_os("TEXT_BENCH_COLD_ONLY").is_some() {
        return;
    }
    println!("quality at 468 pt: {q}");
    let set: Vec<_> = paras
        .iter()
        .map(|p| layout_paragraph(&book, p, &spec(220.0)))
        .collect();
    let q = Quality::of(set.iter().map(|p| p.lines.as_slice()), 220.0);
    println!("quality at 220 pt: {q}");

    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Elements(lines as u64));
    g.bench_function("sample lead, lines at 468pt", |b| {
        b.iter(|| {
            for p in &paras {
                black_box(layout_paragraph(&book, p, &spec(468.0)));
            }
        })
    });

    // A long article: the sample repeated to ~1,000 paragraphs.
    let long: Vec<&Vec<Piece>> = paras.iter().cycle().take(1000).collect();
    let long_lines: usize = long
        .iter()
        .map(|p| layout_paragraph(&book, p, &spec(468.0)).lines.len())
        .sum();
    g.throughput(Throughput::Elements(long_lines as u64));
    g.sample_size(10);
    g.bench_function("long article (1000 paragraphs)", |b| {
        b.iter(|| {
            for p in &long {
                black_box(layout_paragraph(&book, p, &spec(468.0)));
            }
        })
    });

    // One huge paragraph: the breaker must stay linear.
    let huge: String = sample_paragraphs().join(" ").repeat(12);
    let huge = pieces(&huge);
    let words = match &huge[0] {
        Piece::Text { text, .. } => text.split_whitespace().count(),
        Piece::LineBreak => 0,
    };
    let huge_lines = layout_paragraph(&book, &huge, &spec(468.0)).lines.len();
    println!("one paragraph of {words} words: {huge_lines} lines");
    // Linearity: four times the words should take about four times as long.
    let time = |p: &[Piece]| {
        let t = Instant::now();
        for _ in 0..5 {
            black_box(layout_paragraph(&book, p, &spec(468.0)));
        }
        t.elapsed().as_secs_f64() / 5.0
    };
    let quarter: String = sample_paragraphs().join(" ").repeat(3);
    let (small, big) = (time(&pieces(&quarter)), time(&huge));
    println!(
        "breaker scaling: {:.2} ms for 1/4 of the words, {:.2} ms for all: ×{:.2}",
        small * 1e3,
        big * 1e3,
        big / small
    );
    g.throughput(Throughput::Elements(huge_lines as u64));
    g.bench_function("one paragraph of ~10,000 words", |b| {
        b.iter(|| black_box(layout_paragraph(&book, &huge, &spec(468.0))))
    });

    // Shaping on cache misses: every iteration sets words never seen
    // before (the sample lead with a fresh suffix on each word).
    let mut round = 0u64;
    g.throughput(Throughput::Elements(lines as u64));
    g.bench_function("sample lead, unseen words (shaping cold)", |b| {
        b.iter(|| {
            round += 1;
            for p in sample_paragraphs().iter().take(8) {
                let fresh: String = p
                    .split(' ')
                    .map(|w| format!("{w}{}", round % 9973))
                    .collect::<Vec<_>>()
                    .join(" ");
                black_box(layout_paragraph(&book, &pieces(&fresh), &spec(468.0)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
