//! The PDF writer and the page layout, read back with qpdf and poppler.

use std::process::Command;
use std::sync::Arc;

use pressrun::fonts::{self, Bundled};
use pressrun::frame::{
    DocInfo, Document, FontBytes, FontData, FontId, FrameItem, Glyph, ImageFormat, ImageItem,
    LinkTarget, OutlineEntry, Page, Point, Rgb, Size, TextRun,
};
use pressrun::pdf;

use crate::support::{have_tool, tempdir};

fn info() -> DocInfo {
    DocInfo {
        title: "Test Briefing — Issue 1".into(),
        author: "Mina Cho".into(),
        subject: "A test".into(),
        keywords: vec!["Commentary".into(), "Report".into()],
        lang: "en".into(),
        timestamp: 1_700_000_000,
    }
}

fn font_data(b: &Bundled) -> FontData {
    FontData {
        data: FontBytes::Static(b.data),
        index: b.index,
        name: b.name.to_owned(),
    }
}

/// Shapes `text` with HarfRust as the text engine would: each glyph
/// carries its cluster's source text (the first glyph of a cluster).
fn shape(b: &Bundled, font: u32, text: &str, size: f64) -> TextRun {
    let face = harfrust::Font::new(b.data, b.index).expect("bundled face parses");
    let mut shaped = harfrust::Buffer::new();
    shaped.push_str(text);
    shaped.guess_segment_properties();
    harfrust::shape(
        &harfrust::ShaperFont::new(&face),
        &mut shaped,
        harfrust::ShapeOptions::new(),
    )
    .expect("a guessed buffer shapes");
    let scale = size / f64::from(face.units_per_em());
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    let mut glyphs = Vec::new();
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        let first = i == 0 || infos[i - 1].cluster != info.cluster;
        let end = infos[i..]
            .iter()
            .map(|g| g.cluster as usize)
            .find(|&c| c != start)
            .unwrap_or(text.len());
        glyphs.push(Glyph {
            id: info.glyph_id as u16,
            x_advance: f64::from(pos.x_advance) * scale,
            x_offset: f64::from(pos.x_offset) * scale,
            y_offset: f64::from(pos.y_offset) * scale,
            text: if first {
                text[start..end].into()
            } else {
                "".into()
            },
        });
    }
    TextRun {
        font: FontId(font),
        size,
        color: Rgb::BLACK,
        glyphs,
        scale: 1.0,
        tag: None,
        lang: None,
    }
}

/// Two pages with serif, italic and Korean text, a rule, links, an outline.
fn sample_document() -> Document {
    let faces = [
        &fonts::SERIF_REGULAR,
        &fonts::SERIF_ITALIC,
        &fonts::SERIF_KR_REGULAR,
        &fonts::MONO_REGULAR,
    ];
    let size = Size::new(612.0, 792.0);
    let mut p1 = vec![(
        Point::new(72.0, 100.0),
        FrameItem::Text(shape(
            faces[0],
            0,
            "The official office affirmed the fjord’s flow.",
            11.0,
        )),
    )];
    p1.push((
        Point::new(72.0, 116.0),
        FrameItem::Text(shape(faces[1], 1, "Kyung‐wha Kang spoke in Seoul.", 11.0)),
    ));
    p1.push((
        Point::new(72.0, 132.0),
        FrameItem::Text(shape(faces[2], 2, "강경화 외교부 장관", 11.0)),
    ));
    p1.push((
        Point::new(72.0, 148.0),
        FrameItem::Text(shape(faces[3], 3, "let x = 1;", 9.0)),
    ));
    p1.push((
        Point::new(72.0, 160.0),
        FrameItem::Rect {
            size: Size::new(100.0, 0.5),
            color: Rgb(0.6, 0.1, 0.1),
        },
    ));
    p1.push((
        Point::new(72.0, 90.0),
        FrameItem::Link {
            size: Size::new(200.0, 14.0),
            target: LinkTarget::Url("https://example.org/a".into()),
            tag: None,
        },
    ));
    p1.push((
        Point::new(72.0, 106.0),
        FrameItem::Link {
            size: Size::new(200.0, 14.0),
            target: LinkTarget::Internal { page: 1, y: 72.0 },
            tag: None,
        },
    ));
    p1.push((
        Point::new(300.0, 200.0),
        FrameItem::Image(ImageItem {
            size: Size::new(40.0, 20.0),
            format: ImageFormat::Png,
            data: Arc::new(png(8, 4)),
            pixels: (8, 4),
            orientation: 1,
            tag: None,
        }),
    ));
    let rgba = {
        let img = image::RgbaImage::from_fn(6, 6, |x, y| {
            image::Rgba([200, 40, 40, ((x + y) * 20) as u8])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png)
            .expect("encode png");
        out.into_inner()
    };
    p1.push((
        Point::new(360.0, 200.0),
        FrameItem::Image(ImageItem {
            size: Size::new(30.0, 30.0),
            format: ImageFormat::Png,
            data: Arc::new(rgba),
            pixels: (6, 6),
            orientation: 1,
            tag: None,
        }),
    ));
    let p2 = vec![(
        Point::new(72.0, 100.0),
        FrameItem::Text(shape(faces[0], 0, "Second page text.", 11.0)),
    )];
    Document {
        pages: vec![
            Page {
                size,
                items: p1,
                label: "1".into(),
            },
            Page {
                size,
                items: p2,
                label: "2".into(),
            },
        ],
        outline: vec![
            OutlineEntry {
                title: "Lead article".into(),
                level: 0,
                page: 0,
                y: 72.0,
            },
            OutlineEntry {
                title: "A heading".into(),
                level: 1,
                page: 0,
                y: 140.0,
            },
            OutlineEntry {
                title: "Related: 강경화".into(),
                level: 0,
                page: 1,
                y: 72.0,
            },
        ],
        fonts: faces.iter().map(|b| font_data(b)).collect(),
        // Untagged: every item is an artifact, and no tree is written.
        structure: Vec::new(),
        info: info(),
    }
}

/// A small RGB PNG with a colour gradient.
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 30) as u8, (y * 60) as u8, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

fn tool(program: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(program)
        .args(args)
        .output()
        .expect("tool runs");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[test]
fn writer_output_is_deterministic_across_runs_and_threads() {
    let doc = sample_document();
    let a = pdf::write(&doc).expect("writes");
    let b = pdf::write(&doc).expect("writes");
    assert!(a == b, "two runs differ");
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let doc = doc.clone();
            std::thread::spawn(move || pdf::write(&doc).expect("writes"))
        })
        .collect();
    for h in handles {
        assert!(h.join().expect("thread") == a, "parallel build differs");
    }
    assert!(a.starts_with(b"%PDF-1.7"));
}

#[test]
fn writer_output_validates_and_reads_back() {
    if !have_tool("qpdf", &["--version"]) || !have_tool("pdffonts", &["-v"]) {
        return;
    }
    let dir = tempdir();
    let path = dir.path().join("t.pdf");
    let bytes = pdf::write(&sample_document()).expect("writes");
    std::fs::write(&path, &bytes).expect("write file");
    if let Ok(keep) = std::env::var("PRESSRUN_KEEP_PDF") {
        std::fs::write(keep, &bytes).expect("keep");
    }
    let p = path.to_str().expect("utf-8 path");

    let (ok, out) = tool("qpdf", &["--check", p]);
    assert!(
        ok && out.contains("No syntax or stream encoding errors"),
        "{out}"
    );

    let (_, fonts_out) = tool("pdffonts", &[p]);
    let rows: Vec<&str> = fonts_out.lines().skip(2).collect();
    assert_eq!(rows.len(), 4, "{fonts_out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name = cols[0];
        assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "{row}");
        let flags = &cols[cols.len() - 5..cols.len() - 2];
        assert_eq!(flags, ["yes", "yes", "yes"], "emb/sub/uni: {row}");
    }

    let (_, text) = tool("pdftotext", &[p, "-"]);
    for needle in [
        "The official office affirmed the fjord’s flow.",
        "Kyung‐wha Kang",
        "강경화 외교부 장관",
        "let x = 1;",
        "Second page text.",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in {text}");
    }
    assert!(
        !text.contains('\u{FB01}') && !text.contains('\u{FB03}'),
        "ligature code point"
    );

    // Outline, links, /Lang, labels, info.
    let (_, json) = tool("qpdf", &["--json", "--json-key=outlines", p]);
    assert!(
        json.contains("Lead article") && json.contains("A heading"),
        "{json}"
    );
    let (_, qdf) = tool("qpdf", &["--qdf", "--object-streams=disable", p, "-"]);
    assert!(qdf.contains("/URI (https://example.org/a)"), "URI link");
    assert!(qdf.contains("/XYZ"), "internal link");
    let compact: String = qdf.split_whitespace().collect();
    assert!(compact.contains("/Border[000]"), "borderless links");
    assert!(qdf.contains("/Lang (en)"));
    assert!(qdf.contains("/PageLabels"));
    let (_, images) = tool("pdfimages", &["-list", p]);
    let row = images.lines().nth(2).unwrap_or_default();
    assert!(
        row.contains(" 8 ") && row.contains("rgb") && !row.contains("jpeg"),
        "lossless image: {images}"
    );
    let (_, info) = tool("pdfinfo", &[p]);
    assert!(
        info.contains("Creator:         pressrun") && info.contains("Producer:        pressrun"),
        "{info}"
    );
    assert!(
        info.contains("Pages:           2") && info.contains("612 x 792"),
        "{info}"
    );
}

#[test]
fn expanded_runs_draw_at_their_advances() {
    if !have_tool("pdftotext", &["-v"]) || !have_tool("qpdf", &["--version"]) {
        return;
    }
    // The same word at 100 % and at 102 % (font expansion): the writer
    // scales the outlines with Tz, and the word ends where its advances do.
    let word = "Washington";
    let plain = shape(&fonts::SERIF_REGULAR, 0, word, 11.0);
    let mut wide = plain.clone();
    wide.scale = 1.02;
    for g in &mut wide.glyphs {
        g.x_advance *= 1.02;
    }
    // Wide first: the writer starts at 100 % and must switch back.
    let widths = [wide.width(), plain.width()];
    let page = Page {
        size: Size::new(612.0, 792.0),
        items: vec![
            (Point::new(72.0, 100.0), FrameItem::Text(wide)),
            (Point::new(72.0, 130.0), FrameItem::Text(plain)),
        ],
        label: "1".into(),
    };
    let doc = Document {
        pages: vec![page],
        outline: Vec::new(),
        fonts: vec![font_data(&fonts::SERIF_REGULAR)],
        structure: Vec::new(),
        info: info(),
    };
    let dir = tempdir();
    let path = dir.path().join("tz.pdf");
    std::fs::write(&path, pdf::write(&doc).expect("writes")).expect("write file");
    let p = path.to_str().expect("utf-8 path");
    let (_, qdf) = tool("qpdf", &["--qdf", "--object-streams=disable", p, "-"]);
    assert!(qdf.contains("102 Tz") && qdf.contains("100 Tz"), "{qdf}");
    let (_, xml) = tool("pdftotext", &["-bbox", p, "-"]);
    let ends: Vec<f64> = xml
        .lines()
        .filter(|l| l.contains(word))
        .filter_map(|l| l.split("xMax=\"").nth(1)?.split('"').next()?.parse().ok())
        .collect();
    assert_eq!(ends.len(), 2, "{xml}");
    for (end, width) in ends.iter().zip(widths) {
        assert!((end - 72.0 - width).abs() < 0.05, "{end} for {width}");
    }
    assert!(widths[0] > widths[1] * 1.019);
}

// ---- The briefing packet: layout of the sample issue, read back ----

use pressrun::layout::{self, LayoutReport};

/// The PDF edition through the driver, as the CLI builds it.
fn pdf_edition() -> &'static dyn pressrun::build::Edition {
    pressrun::build::by_name("pdf").expect("the PDF edition is registered")
}
use pressrun::model::{ArticleBreak, Block, Inline, Issue, Paper, ParagraphStyle};

fn sample_issue() -> Issue {
    let path = crate::support::root().join("issues/2026-11-24/issue.yaml");
    let opts = pressrun::manifest::LoadOptions {
        timestamp: 1_700_000_000,
    };
    match pressrun::manifest::load(&path, &opts) {
        Ok(w) => w.output,
        Err(e) => panic!("the sample issue loads: {e:?}"),
    }
}

fn build(issue: &Issue) -> (Document, LayoutReport, Vec<u8>) {
    let mut built = pressrun::build::issue(issue, &[pdf_edition()]);
    assert!(!built.has_errors(), "{:?}", built.diagnostics);
    let bytes = built.outputs.remove(0).bytes;
    let laid = built.laid.expect("the PDF edition lays the issue out");
    (laid.document, laid.report, bytes)
}

fn page_text(path: &str, page: usize, layout: bool) -> String {
    let n = page.to_string();
    let mut args = vec!["-f", &n, "-l", &n];
    if layout {
        args.push("-layout");
    }
    args.extend([path, "-"]);
    tool("pdftotext", &args).1
}

/// Paragraph texts of a markdown body (what a reader must find in the PDF).
fn paragraphs(blocks: &[Block], out: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Paragraph(inlines) => out.push(Inline::plain_text(inlines)),
            Block::Quote(inner) => paragraphs(inner, out),
            Block::List { items, .. } => items.iter().for_each(|i| paragraphs(&i.blocks, out)),
            _ => {}
        }
    }
}

/// Whether `words` occur in order in `text`, each as a whole token (a
/// footnote number may follow a word), with few interruptions (page breaks).
fn find_words(text: &[&str], words: &[&str]) -> Result<(), String> {
    let matches = |t: &str, w: &str| {
        t == w || (t.starts_with(w) && t[w.len()..].chars().all(|c| c.is_ascii_digit()))
    };
    'start: for s in 0..text.len() {
        if !matches(text[s], words[0]) {
            continue;
        }
        let mut pos = s + 1;
        let mut skipped = 0;
        for w in &words[1..] {
            while pos < text.len() && !matches(text[pos], w) {
                pos += 1;
                skipped += 1;
                if skipped > 80 {
                    continue 'start;
                }
            }
            if pos == text.len() {
                continue 'start;
            }
            pos += 1;
        }
        return Ok(());
    }
    Err(words.join(" "))
}

#[test]
fn sample_packet_reads_back() {
    if !have_tool("qpdf", &["--version"]) || !have_tool("pdftotext", &["-v"]) {
        return;
    }
    let issue = sample_issue();
    let (doc, report, bytes) = build(&issue);
    let dir = tempdir();
    let path = dir.path().join("sample.pdf");
    std::fs::write(&path, &bytes).expect("write");
    if let Ok(keep) = std::env::var("PRESSRUN_KEEP_SAMPLE") {
        std::fs::write(keep, &bytes).expect("keep");
    }
    let p = path.to_str().expect("utf-8 path");
    let total = doc.pages.len();
    assert!(total >= 4, "{total} pages");

    let (ok, out) = tool("qpdf", &["--check", p]);
    assert!(
        ok && out.contains("No syntax or stream encoding errors"),
        "{out}"
    );
    let (_, info) = tool("pdfinfo", &[p]);
    assert!(
        info.contains("Page size:       612 x 792 pts (letter)"),
        "{info}"
    );

    // Running heads and folios on every page but the first.
    let first = page_text(p, 1, false);
    assert!(!first.contains(&format!("1 of {total}")));
    for n in 2..=total {
        let text = page_text(p, n, false);
        assert!(
            text.contains("Asia-Pacific Security Briefing · Issue 34 · November 24, 2026"),
            "page {n}: {text}"
        );
        assert!(
            text.contains(&format!("{n} of {total}")),
            "folio on page {n}"
        );
    }

    // Contents numbers = pages where the articles really start.
    let contents = page_text(p, 1, true);
    for (k, article) in issue.articles().enumerate() {
        let key: String = article.title.chars().take(24).collect();
        let at = contents
            .find(&key)
            .unwrap_or_else(|| panic!("{key} in contents"));
        let number: usize = contents[at..]
            .split_whitespace()
            .find_map(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("page number for {key}"));
        let real = (2..=total)
            .find(|&n| page_text(p, n, false).replace('\n', " ").contains(&key))
            .expect("the article is somewhere");
        assert_eq!(number, real, "contents page for {key}");
        assert_eq!(report.article_pages[k] + 1, real);
    }

    // Outline and link annotations.
    let (_, json) = tool("qpdf", &["--json", "--json-key=outlines", p]);
    for title in [
        issue.lead.title.as_str(),
        "What went wrong",
        issue.related[0].title.as_str(),
    ] {
        assert!(
            json.contains(&title.replace('"', "\\\"")),
            "outline lacks {title}"
        );
    }
    let (_, qdf) = tool("qpdf", &["--qdf", "--object-streams=disable", p, "-"]);
    let compact: String = qdf.split_whitespace().collect();
    assert!(
        compact.matches("/Subtype/Link").count() >= 10,
        "link annotations"
    );
    assert!(compact.contains("/URI(https://example.org/pacific-review/two-allies-one-plan)"));
    assert!(compact.contains("/URI(https://example.org/reports)"));
    assert!(
        // One per contents entry, one per footnote marker (two in the lead).
        compact.matches("/XYZ").count() >= issue.articles().count() + 2,
        "contents and footnote links"
    );

    // Every source sentence, word for word.
    let all = tool("pdftotext", &[p, "-"]).1;
    assert!(
        !all.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)),
        "ligature code points"
    );
    let tokens: Vec<&str> = all.split_whitespace().collect();
    assert!(tokens.contains(&"Kyung-wha"), "genuine hyphen kept");
    let mut paras = Vec::new();
    for article in issue.articles() {
        if let Some(body) = article.body.as_ref().or(article.summary.as_ref()) {
            paragraphs(&body.blocks, &mut paras);
        }
    }
    assert!(paras.len() > 20);
    for para in &paras {
        let words: Vec<&str> = para.split_whitespace().collect();
        if let Err(missing) = find_words(&tokens, &words) {
            panic!("not extracted word for word: {missing}");
        }
    }

    // Widows and orphans.
    assert!(report.lines.iter().map(Vec::len).sum::<usize>() > 60);
    assert_eq!(report.widows_and_orphans(), Vec::<String>::new());
}

/// A long lead (the sample body four times) in every style variant:
/// pagination rules hold, nothing leaves the text area, PDF is valid.
#[test]
fn style_variants_paginate_cleanly() {
    let base = sample_issue();
    let mut long = base.clone();
    if let Some(body) = long.lead.body.as_mut() {
        let blocks = body.blocks.clone();
        for _ in 0..3 {
            body.blocks.extend(blocks.iter().cloned());
        }
    }
    type Change = Box<dyn Fn(&mut Issue)>;
    let variants: Vec<(&str, Change)> = vec![
        ("default", Box::new(|_| {})),
        (
            "a4-space-page",
            Box::new(|i: &mut Issue| {
                i.style.paper = Paper::A4;
                i.style.paragraph = ParagraphStyle::Space;
                i.style.article_break = ArticleBreak::Page;
            }),
        ),
        (
            "lead-two-columns",
            Box::new(|i: &mut Issue| i.style.related_columns = 2),
        ),
        (
            "flow-two-columns",
            Box::new(|i: &mut Issue| {
                i.style.article_break = ArticleBreak::Flow;
                i.style.related_columns = 2;
                i.style.font_size = 11.5;
            }),
        ),
    ];
    for (name, change) in variants {
        let mut issue = long.clone();
        change(&mut issue);
        let (doc, report, bytes) = build(&issue);
        assert_eq!(report.widows_and_orphans(), Vec::<String>::new(), "{name}");
        assert_inside_column(&doc, &issue, name);
        assert!(doc.pages.len() >= 8, "{name}: {} pages", doc.pages.len());
        if have_tool("qpdf", &["--version"]) {
            let dir = tempdir();
            let path = dir.path().join("v.pdf");
            std::fs::write(&path, &bytes).expect("write");
            if let Ok(keep) = std::env::var("PRESSRUN_KEEP_VARIANT") {
                std::fs::write(format!("{keep}-{name}.pdf"), &bytes).expect("keep");
            }
            let (ok, out) = tool("qpdf", &["--check", path.to_str().expect("utf-8")]);
            assert!(ok, "{name}: {out}");
        }
    }
}

/// Every item of every page lies inside the text column horizontally and
/// inside the page (with head and folio) vertically.
fn assert_inside_column(doc: &Document, issue: &Issue, name: &str) {
    let (w, h) = issue.style.paper.size_pt();
    for (n, page) in doc.pages.iter().enumerate() {
        for (at, item) in &page.items {
            let right = match item {
                FrameItem::Text(run) => at.x + run.width(),
                FrameItem::Rect { size, .. } | FrameItem::Link { size, .. } => at.x + size.width,
                FrameItem::Image(img) => at.x + img.size.width,
            };
            // The text column (see layout/theme.rs): nothing sticks out.
            let (left, right_margin) = if issue.style.paper == Paper::A4 {
                (84.0, 72.0)
            } else {
                (90.0, 78.0)
            };
            assert!(
                at.x >= left - 0.5 && right <= w - right_margin + 0.5,
                "{name}: item leaves page {} horizontally: {at:?}",
                n + 1
            );
            assert!(
                at.y >= 24.0 && at.y <= h - 24.0,
                "{name}: item leaves page {} vertically: {at:?}",
                n + 1
            );
        }
    }
}

#[test]
fn sample_packet_is_deterministic() {
    let issue = sample_issue();
    let (_, _, a) = build(&issue);
    let (_, _, b) = build(&issue);
    assert!(a == b);
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let issue = issue.clone();
            std::thread::spawn(move || build(&issue).2)
        })
        .collect();
    for h in handles {
        assert!(h.join().expect("thread") == a, "parallel builds differ");
    }
}

/// Every block kind the markdown model has, in one lead body.
const KITCHEN_SINK: &str = r#"# Heading one

Intro paragraph with *emphasis*, **strong**, ~~struck text~~, `inline code`, a [link](https://example.org/link) and raw <span>inline HTML</span>.[^a]

## Heading two

### Heading three

#### Heading four

##### Heading five

###### Heading six

- First bullet with a nested list:
  - nested one
  - nested two
    1. deep ordered
    2. deep ordered again
- Second bullet

Tasks:

* [ ] an open task
* [x] a finished task

```rust
fn main() {
    let a_very_long_identifier_name = some_function_with_a_long_name(argument_one, argument_two, argument_three);
    println!("{}", a_very_long_identifier_name);
    let greeting = "안녕하세요 여러분 안녕하세요 여러분 안녕하세요 여러분 안녕하세요 여러분 안녕하세요";
}
```

<div>Raw <b>HTML</b> block text</div>

| Column | A much longer header | N |
|:--|:--|--:|
| short | a cell with enough words to wrap onto more than one line in a narrow column | 1 |
| x | y | 22 |

---

> Quoted paragraph that is long enough to wrap across at least two lines in the column so the bar shows.
>
> — Attribution

Last paragraph.[^b]

[^a]: First note.
[^b]: Second note with *style*.
"#;

fn kitchen_sink_issue() -> Issue {
    let mut issue = sample_issue();
    // A table long enough to break across pages (its header repeats).
    let mut text = KITCHEN_SINK.to_owned();
    text.push_str("\n| Port | Country | Ships |\n|:--|:--|--:|\n");
    for n in 0..70 {
        text.push_str(&format!("| Harbour number {n} | Somewhere | {} |\n", n * 3));
    }
    let (md, problems) = pressrun::markdown::convert(&text, &mut |_, _| None);
    assert!(
        problems
            .iter()
            .all(|p| p.severity != pressrun::diag::Severity::Error),
        "{problems:?}"
    );
    issue.lead.body = Some(md);
    issue
}

#[test]
fn every_block_kind_is_set() {
    if !have_tool("pdftotext", &["-v"]) || !have_tool("qpdf", &["--version"]) {
        return;
    }
    let issue = kitchen_sink_issue();
    let (doc, report, bytes) = build(&issue);
    assert_inside_column(&doc, &issue, "kitchen sink");
    assert!(report.widows_and_orphans().is_empty());
    let dir = tempdir();
    let path = dir.path().join("k.pdf");
    std::fs::write(&path, &bytes).expect("write");
    if let Ok(keep) = std::env::var("PRESSRUN_KEEP_SINK") {
        std::fs::write(keep, &bytes).expect("keep");
    }
    let p = path.to_str().expect("utf-8");
    let (ok, out) = tool("qpdf", &["--check", p]);
    assert!(ok, "{out}");
    let text = tool("pdftotext", &[p, "-"]).1;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Heading one",
        "Heading six",
        "struck text",
        "inline code",
        "inline HTML",
        "nested two",
        "deep ordered again",
        "an open task",
        "a finished task",
        "println!",
        "Raw HTML block text",
        "A much longer header",
        "Attribution",
        "First note.",
        "Second note with style.",
    ] {
        assert!(flat.contains(needle), "missing {needle:?} in {flat}");
    }
    // The long table's header row repeats on the page it continues on.
    assert!(text.matches("Port").count() >= 2, "header repeated");
    // The long code line wraps (continuation marker) instead of running off.
    assert!(text.contains('\u{2192}'), "wrap marker");
    assert!(
        !flat.contains("<span>") && !flat.contains("<b>"),
        "tags stripped"
    );
}

#[test]
#[ignore = "timing probe: cargo test --test integration timing -- --ignored --nocapture"]
fn timing_probe() {
    let mut issue = sample_issue();
    if std::env::var_os("NOIMG").is_some()
        && let Some(b) = issue.lead.body.as_mut()
    {
        b.blocks.retain(|bl| !matches!(bl, Block::Figure { .. }));
    }
    for _ in 0..2 {
        let t0 = std::time::Instant::now();
        let laid = layout::layout_issue(&issue).expect("layout").output;
        let t1 = std::time::Instant::now();
        let _ = pdf::write(&laid.document).expect("write");
        let t2 = std::time::Instant::now();
        eprintln!("layout {:?} write {:?}", t1 - t0, t2 - t1);
    }
}

#[test]
fn uncovered_characters_are_warnings_naming_them() {
    let mut issue = sample_issue();
    let (md, _) =
        pressrun::markdown::convert("A private sign \u{10FFFD} here.\n", &mut |_, _| None);
    issue.related[1].body = Some(md);
    let laid = layout::layout_issue(&issue).expect("still lays out");
    let warning = laid
        .warnings
        .iter()
        .find(|w| w.message.contains("U+10FFFD"))
        .unwrap_or_else(|| panic!("no warning: {:?}", laid.warnings));
    assert!(!warning.is_error());
    assert!(
        warning.message.contains(&issue.related[1].title),
        "{}",
        warning.message
    );
}

/// Awkward input: bare related items, an overlong word and URL, a table
/// cell taller than a page, a heading at the very end, no links.
#[test]
fn awkward_input_still_lays_out() {
    let mut issue = sample_issue();
    let cell = "word ".repeat(4000);
    let text = format!(
        "Averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword \
         and https://example.org/{}.\n\n| A | B |\n|---|---|\n| {cell} | x |\n\n## Trailing heading\n",
        "segment/".repeat(30)
    );
    let (md, _) = pressrun::markdown::convert(&text, &mut |_, _| None);
    issue.lead.body = Some(md);
    for a in &mut issue.related {
        a.summary = None;
        a.body = None;
        a.url = None;
        a.authors.clear();
    }
    issue.links.clear();
    issue.description = None;
    issue.publisher = None;
    issue.editors.clear();
    let (doc, _, bytes) = build(&issue);
    assert_inside_column(&doc, &issue, "awkward");
    if have_tool("qpdf", &["--version"]) {
        let dir = tempdir();
        let path = dir.path().join("a.pdf");
        std::fs::write(&path, &bytes).expect("write");
        let (ok, out) = tool("qpdf", &["--check", path.to_str().expect("utf-8")]);
        assert!(ok, "{out}");
    }
}

#[test]
fn sample_embeds_only_fonts_it_needs() {
    let issue = sample_issue();
    let doc = layout::layout_issue(&issue)
        .expect("layout")
        .output
        .document;
    let mut used = std::collections::BTreeSet::new();
    for page in &doc.pages {
        for (_, item) in &page.items {
            if let FrameItem::Text(run) = item {
                let name = &doc.fonts[run.font.0 as usize].name;
                let text: String = run.glyphs.iter().map(|g| g.text.as_str()).collect();
                // Korean faces only for Hangul, never for spaces or punctuation.
                if name.contains("CJK") {
                    assert!(
                        text.chars().all(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
                        "{name} used for {text:?}"
                    );
                }
                used.insert(name.clone());
            }
        }
    }
    assert!(used.len() <= 9, "{used:?}");
}

/// Link style: coloured links change the ink, underlined links add rules,
/// plain links neither; every style keeps the link annotations.
#[test]
fn link_styles_differ_only_in_looks() {
    use pressrun::model::LinkStyle;
    let mut counts = Vec::new();
    for style in [LinkStyle::Color, LinkStyle::Underline, LinkStyle::Plain] {
        let mut issue = sample_issue();
        issue.style.link_style = style;
        let doc = layout::layout_issue(&issue)
            .expect("layout")
            .output
            .document;
        let (mut rules, mut links, mut coloured) = (0, 0, 0);
        for page in &doc.pages {
            for (_, item) in &page.items {
                match item {
                    FrameItem::Rect { size, .. } if size.height < 1.5 && size.width < 300.0 => {
                        rules += 1
                    }
                    FrameItem::Link {
                        target: LinkTarget::Url(_),
                        ..
                    } => links += 1,
                    FrameItem::Text(run) if run.color.2 > run.color.0 + 0.2 => coloured += 1,
                    _ => {}
                }
            }
        }
        counts.push((rules, links, coloured));
    }
    let [
        (r_color, l_color, c_color),
        (r_under, l_under, c_under),
        (r_plain, l_plain, c_plain),
    ] = counts[..]
    else {
        unreachable!()
    };
    assert!(
        l_color > 5 && l_color == l_under && l_under == l_plain,
        "{counts:?}"
    );
    assert!(c_color > 5 && c_under == 0 && c_plain == 0, "{counts:?}");
    assert!(r_under > r_color && r_color == r_plain, "{counts:?}");
}

/// The text of every run on a page, in drawing order.
fn run_texts(page: &pressrun::frame::Page) -> Vec<String> {
    page.items
        .iter()
        .filter_map(|(_, item)| match item {
            FrameItem::Text(run) => Some(run.glyphs.iter().map(|g| g.text.as_str()).collect()),
            _ => None,
        })
        .collect()
}

#[test]
fn long_contents_continue_under_their_own_running_head() {
    let mut issue = sample_issue();
    let related = issue.related.clone();
    for _ in 0..8 {
        issue.related.extend(related.iter().cloned());
    }
    let (doc, report, _) = build(&issue);
    assert_inside_column(&doc, &issue, "long contents");
    let lead_page = report.article_pages[0];
    assert!(
        lead_page >= 2,
        "contents fill more than a page: {lead_page}"
    );
    for page in &doc.pages[1..lead_page] {
        let texts = run_texts(page);
        assert!(
            texts.iter().any(|t| t == "In this issue (continued)"),
            "{texts:?}"
        );
    }
    // Article pages carry the article's title instead.
    let texts = run_texts(&doc.pages[lead_page + 1]);
    assert!(!texts.iter().any(|t| t.contains("continued")), "{texts:?}");
}

#[test]
fn the_packet_speaks_the_issue_language() {
    let mut issue = sample_issue();
    issue.language = "de".into();
    let (doc, _, _) = build(&issue);
    let all: Vec<String> = doc.pages.iter().flat_map(run_texts).collect();
    let has = |needle: &str| all.iter().any(|t| t.contains(needle));
    for needle in [
        "Ausgabe 34",
        "24. November 2026",
        "In dieser Ausgabe",
        "Weiterlesen",
        "Von Mina Cho und Daniel Reyes",
        "Zuerst erschienen in",
        "Seiten",
    ] {
        assert!(has(needle), "{needle:?} missing from {all:?}");
    }
    let total = doc.pages.len();
    assert!(has(&format!("2 von {total}")), "folio");
    assert!(!has(&format!("2 of {total}")), "folio left in English");
    for english in ["Issue 34", "In this issue", "Further reading", "By Mina"] {
        assert!(!has(english), "{english:?} left in English");
    }
}

#[test]
fn the_packet_is_a_tagged_pdf_in_reading_order() {
    let issue = sample_issue();
    let (doc, _, bytes) = build(&issue);
    let lo = lopdf::Document::load_mem(&bytes).expect("lopdf reads the PDF");
    let catalog = lo.catalog().expect("catalog");
    let marked = catalog
        .get(b"MarkInfo")
        .and_then(|m| lo.dereference(m).map(|(_, o)| o.clone()))
        .and_then(|m| m.as_dict().and_then(|d| d.get(b"Marked")).cloned());
    assert_eq!(marked.ok(), Some(lopdf::Object::Boolean(true)));
    // Every structure element in the layout is in the file, with its role;
    // the figure keeps its alt text.
    let mut roles: Vec<Vec<u8>> = Vec::new();
    let mut alts = Vec::new();
    for object in lo.objects.values() {
        if let Ok(d) = object.as_dict()
            && d.get(b"Type").and_then(lopdf::Object::as_name).ok() == Some(b"StructElem")
        {
            if let Ok(s) = d.get(b"S").and_then(lopdf::Object::as_name) {
                roles.push(s.to_vec());
            }
            if let Ok(lopdf::Object::String(alt, _)) = d.get(b"Alt") {
                alts.push(String::from_utf8_lossy(alt).into_owned());
            }
        }
    }
    assert_eq!(
        roles.iter().filter(|r| r.as_slice() != b"Link").count(),
        doc.structure.len()
    );
    for role in [
        "Document",
        "Sect",
        "H1",
        "H2",
        "P",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "Figure",
        "Caption",
        "BlockQuote",
        "Note",
        "TOC",
        "TOCI",
    ] {
        assert!(
            roles.iter().any(|r| r == role.as_bytes()),
            "no {role} element"
        );
    }
    assert!(
        alts.iter()
            .any(|a| a.starts_with("Bar chart of repair-ship days"))
    );
    // Every link annotation is tagged: a Link element holds it, and it
    // points back into the parent tree.
    let annots: Vec<&lopdf::Dictionary> = lo
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Link"))
        .collect();
    assert!(!annots.is_empty());
    assert!(annots.iter().all(|a| a.get(b"StructParent").is_ok()));
    assert!(annots.iter().all(|a| a.get(b"Contents").is_ok()));
    let link_elems = roles.iter().filter(|r| r.as_slice() == b"Link").count();
    assert_eq!(link_elems, annots.len());
    // Each page's marked content ids all map back to an element, and the
    // running heads and folios are artifacts.
    let tree = catalog
        .get(b"StructTreeRoot")
        .and_then(|r| lo.dereference(r))
        .and_then(|(_, o)| o.as_dict())
        .expect("a structure tree");
    let parents = tree
        .get(b"ParentTree")
        .and_then(|r| lo.dereference(r))
        .and_then(|(_, o)| o.as_dict())
        .and_then(|d| d.get(b"Nums"))
        .and_then(lopdf::Object::as_array)
        .expect("a parent tree");
    let mut korean = 0;
    for (n, (_, page_id)) in lo.get_pages().into_iter().enumerate() {
        let content = lo.get_page_content(page_id);
        let text = String::from_utf8_lossy(&content);
        korean += text.matches("/Lang (ko)").count();
        let ids = text.matches("<</MCID ").count();
        let listed = parents
            .get(2 * n + 1)
            .and_then(|a| a.as_array().ok())
            .map_or(0, Vec::len);
        assert_eq!(ids, listed, "page {}", n + 1);
        assert!(n == 0 || text.contains("/Artifact BMC"), "page {}", n + 1);
        assert_eq!(
            text.matches(" BDC").count() + text.matches(" BMC").count(),
            text.matches("EMC").count(),
            "balanced marked content on page {}",
            n + 1
        );
    }
    // The Hangul names in the English sample are marked as Korean.
    assert!(korean > 0, "no Korean-language content marked");
    if have_tool("pdfinfo", &["-v"]) {
        let dir = tempdir();
        let path = dir.path().join("t.pdf");
        std::fs::write(&path, &bytes).expect("write");
        let (ok, info) = tool("pdfinfo", &[path.to_str().expect("utf-8")]);
        assert!(ok && info.contains("Tagged:          yes"), "{info}");
        let (ok, tree) = tool("pdfinfo", &["-struct-text", path.to_str().expect("utf-8")]);
        assert!(ok, "{tree}");
        // Reading order: the masthead, then the lead's title, then its text.
        let at = |needle: &str| tree.find(needle).unwrap_or(usize::MAX);
        assert!(at("In this issue") < at("What went wrong"), "{tree}");
        assert!(
            at("What went wrong") < at("A plan in three parts"),
            "{tree}"
        );
    }
}
