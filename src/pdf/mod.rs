//! [`Document`] → PDF bytes through printpdf (+ lopdf for outline, labels).
//! Draws frames only; makes no layout decisions.
//!
//! # Steps
//! 1. `fonts`: subset each used font to its glyphs, register it under a
//!    fixed name (`F0`, `F1` …).
//! 2. Pages: frame items → printpdf operators (`text`, `image`,
//!    `links`, rules as filled rectangles).
//! 3. `to_lopdf_document`, then `outline` (nested) and `metadata`
//!    (/Lang, /PageLabels, info, /ID) in lopdf; compress and save.

mod fonts;
mod image;
mod links;
mod metadata;
mod outline;
mod text;

use printpdf::{Color, Op, PaintMode, PdfDocument, PdfPage, PdfSaveOptions, Pt, Rect};

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::{Document, FrameItem, Rgb};
use crate::model::Issue;

/// Document-level metadata, taken from the issue.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// BCP 47 tag for /Lang.
    pub lang: String,
    /// Seconds since the epoch for CreationDate/ModDate.
    pub timestamp: i64,
}

impl PdfOptions {
    pub fn from_issue(issue: &Issue) -> Self {
        let mut keywords: Vec<String> = Vec::new();
        for a in issue.articles() {
            if !keywords.contains(&a.kind) {
                keywords.push(a.kind.clone());
            }
        }
        Self {
            title: issue.title(),
            author: issue.lead.authors.join(", "),
            subject: issue
                .description
                .clone()
                .unwrap_or_else(|| issue.lead.title.clone()),
            keywords,
            lang: issue.language.clone(),
            timestamp: issue.timestamp,
        }
    }
}

/// Writes a laid-out document as PDF bytes. Does no I/O.
pub fn write(doc: &Document, opts: &PdfOptions) -> Result<Vec<u8>, Diagnostics> {
    let mut pdf = PdfDocument::new(&opts.title);
    let embedded = fonts::embed(doc, &mut pdf)?;
    let heights: Vec<f64> = doc.pages.iter().map(|p| p.size.height).collect();
    let mut images = image::Images::default();
    let mut errors = Vec::new();
    let mut pages = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        let h = page.size.height;
        let mut ops = Vec::new();
        let mut in_text = false;
        for (at, item) in &page.items {
            let is_text = matches!(item, FrameItem::Text(_));
            if is_text != in_text {
                ops.push(if is_text {
                    Op::StartTextSection
                } else {
                    Op::EndTextSection
                });
                in_text = is_text;
            }
            match item {
                FrameItem::Text(run) => {
                    match embedded.get(run.font.0 as usize).and_then(Option::as_ref) {
                        Some(font) => text::draw_run(&mut ops, run, *at, h, font),
                        None => errors.push(Diagnostic::error(format!(
                            "text run refers to unknown font {}",
                            run.font.0
                        ))),
                    }
                }
                FrameItem::Rect { size, color: c } => {
                    ops.push(Op::SetFillColor { col: color(*c) });
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            x: Pt(at.x as f32),
                            y: Pt((h - at.y - size.height) as f32),
                            width: Pt(size.width as f32),
                            height: Pt(size.height as f32),
                            // None would emit `n` and paint nothing.
                            mode: Some(PaintMode::Fill),
                            winding_order: None,
                        },
                    });
                }
                FrameItem::Image(img) => {
                    let id = images.add(img);
                    image::draw(&mut ops, id, img, *at, h);
                }
                FrameItem::Link { size, target } => {
                    links::draw(&mut ops, target, *size, *at, &heights, h);
                }
            }
        }
        if in_text {
            ops.push(Op::EndTextSection);
        }
        // Boxes set in points: a round trip through mm would not be exact.
        let area = Rect::from_wh(Pt(page.size.width as f32), Pt(page.size.height as f32));
        pages.push(PdfPage {
            media_box: area.clone(),
            trim_box: area.clone(),
            crop_box: area,
            ops,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    pdf.with_pages(pages);
    let save = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        // Images are added in lopdf (see `image`), never re-encoded.
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&save, &mut warnings);
    images
        .embed(&mut lo)
        .map_err(|e| vec![Diagnostic::error(format!("cannot embed image: {e}"))])?;
    finish(&mut lo, doc, opts, &heights).map_err(|e| vec![Diagnostic::error(e)])
}

/// lopdf post-processing: outline, catalog entries, info, ID; then bytes.
fn finish(
    lo: &mut lopdf::Document,
    doc: &Document,
    opts: &PdfOptions,
    heights: &[f64],
) -> Result<Vec<u8>, String> {
    // /Lang needs 1.4, an OpenType /FontFile3 1.6.
    lo.version = "1.7".to_owned();
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    let outline = outline::add(lo, &doc.outline, &page_ids, heights);
    let labels: Vec<String> = doc.pages.iter().map(|p| p.label.clone()).collect();
    metadata::set_catalog(lo, opts, &labels, outline)?;
    metadata::set_info(lo, opts);
    metadata::set_placeholder_id(lo);
    lo.compress();
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| format!("cannot serialise the PDF: {e}"))?;
    metadata::stamp_id(&mut bytes);
    Ok(bytes)
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0 as f32,
        g: c.1 as f32,
        b: c.2 as f32,
        icc_profile: None,
    })
}
