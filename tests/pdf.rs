//! The PDF writer and the page layout, read back with qpdf and poppler.

use std::process::Command;
use std::sync::Arc;

use pressrun::fonts::{self, Bundled};
use pressrun::layout::ImageItem;
use pressrun::layout::{
    Document, FontData, FontId, FrameItem, Glyph, LinkTarget, OutlineEntry, Page, Point, Rgb, Size,
    TextRun,
};
use pressrun::model::MediaType;
use pressrun::pdf::{self, PdfOptions};

use crate::support::{have_tool, tempdir};

fn options() -> PdfOptions {
    PdfOptions {
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
        data: Arc::new(b.data.to_vec()),
        index: b.index,
        name: b.name.to_owned(),
    }
}

/// Shapes `text` with rustybuzz as the text engine would: each glyph
/// carries its cluster's source text (the first glyph of a cluster).
fn shape(b: &Bundled, font: u32, text: &str, size: f64) -> TextRun {
    let face = rustybuzz::Face::from_slice(b.data, b.index).expect("bundled face parses");
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&face, &[], buffer);
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
                text[start..end].to_owned()
            } else {
                String::new()
            },
        });
    }
    TextRun {
        font: FontId(font),
        size,
        color: Rgb::BLACK,
        glyphs,
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
        },
    ));
    p1.push((
        Point::new(72.0, 106.0),
        FrameItem::Link {
            size: Size::new(200.0, 14.0),
            target: LinkTarget::Internal { page: 1, y: 72.0 },
        },
    ));
    p1.push((
        Point::new(300.0, 200.0),
        FrameItem::Image(ImageItem {
            size: Size::new(40.0, 20.0),
            media_type: MediaType::Png,
            data: Arc::new(png(8, 4)),
            pixels: (8, 4),
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
    let a = pdf::write(&doc, &options()).expect("writes");
    let b = pdf::write(&doc, &options()).expect("writes");
    assert!(a == b, "two runs differ");
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let doc = doc.clone();
            std::thread::spawn(move || pdf::write(&doc, &options()).expect("writes"))
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
    let bytes = pdf::write(&sample_document(), &options()).expect("writes");
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
