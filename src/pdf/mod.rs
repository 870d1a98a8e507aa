//! [`Document`] → PDF bytes through printpdf (+ lopdf for outline, labels).
//! Draws frames only; makes no layout decisions.
//!
//! # Steps
//! 1. `fonts`: subset each used font to its glyphs, register it under a
//!    fixed name (`F0`, `F1` …).
//! 2. Pages: link annotations as printpdf operators (`links`); the
//!    content streams (text, rules, images) written directly as bytes by
//!    `content` and compressed, one page per task in parallel, while the
//!    fonts are cut and printpdf makes its lopdf document.
//! 3. Swap in the content streams, then `outline` (nested) and `metadata`
//!    (/Lang, /PageLabels, info, /ID) in lopdf; compress the other streams
//!    in parallel (`deflate`) and save.

mod content;
mod deflate;
mod fonts;
mod image;
mod links;
mod metadata;
mod outline;
mod structure;

use printpdf::{PdfDocument, PdfPage, PdfSaveOptions, Pt, Rect};

use crate::diag::{Diagnostic, Diagnostics};
use crate::frame::{Document, FrameItem, Page};

/// Writes a laid-out document as PDF bytes. Does no I/O.
pub fn write(doc: &Document) -> Result<Vec<u8>, Diagnostics> {
    use rayon::prelude::*;
    let mut pdf = PdfDocument::new(&doc.info.title);
    let embedded = fonts::plan(doc)?;
    let heights: Vec<f64> = doc.pages.iter().map(|p| p.size.height).collect();
    let mut images = image::Images::default();
    let mut errors = Vec::new();
    // printpdf writes the document structure, fonts (with /W and
    // ToUnicode from the glyph-usage operators below) and link
    // annotations; the page contents are written by `content`, in
    // parallel, and swapped in afterwards.
    let mut pages = Vec::with_capacity(doc.pages.len());
    // Per page, the structure element of each annotation, in order.
    let mut link_tags: Vec<Vec<Option<u32>>> = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        let mut ops = Vec::new();
        let mut tags = Vec::new();
        for (at, item) in &page.items {
            match item {
                FrameItem::Text(run) => {
                    if embedded
                        .get(run.font.0 as usize)
                        .and_then(Option::as_ref)
                        .is_none()
                    {
                        errors.push(Diagnostic::error(format!(
                            "text run refers to unknown font {}",
                            run.font.0
                        )));
                    }
                }
                FrameItem::Image(img) => images.add(img),
                FrameItem::Link { size, target, tag } => {
                    links::draw(&mut ops, target, *size, *at, &heights, page.size.height);
                    tags.push(*tag);
                }
                FrameItem::Rect { .. } => {}
            }
        }
        // Boxes set in points: a round trip through mm would not be exact.
        let area = Rect::from_wh(Pt(page.size.width as f32), Pt(page.size.height as f32));
        link_tags.push(tags);
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
    if let Some(first) = pages.first_mut() {
        fonts::usage_ops(&embedded, &mut first.ops);
    }
    let roles: Vec<&'static str> = doc.structure.iter().map(|e| e.role.name()).collect();
    // The pages' contents are written and compressed while the fonts are
    // cut and printpdf builds the document around them: both need only
    // the plan.
    let (lo, pages_out) = rayon::join(
        || {
            let cut = fonts::cut(doc, &embedded)?;
            fonts::register(&mut pdf, &embedded, cut);
            pdf.with_pages(pages);
            let save = PdfSaveOptions {
                optimize: true,
                subset_fonts: false,
                secure: true,
                // Images are added in lopdf (see `image`), never re-encoded.
                image_optimization: None,
            };
            let mut warnings = Vec::new();
            Ok::<_, Diagnostics>(pdf.to_lopdf_document(&save, &mut warnings))
        },
        || {
            doc.pages
                .par_iter()
                .map(|page| {
                    let (bytes, mcids) = page_content(page, &embedded, &images, &roles);
                    (deflate::pack(bytes), mcids)
                })
                .collect::<Vec<_>>()
        },
    );
    let mut lo = lo?;
    let (contents, mcids): (Vec<deflate::Packed>, Vec<Vec<u32>>) = pages_out.into_iter().unzip();
    set_contents(&mut lo, contents).map_err(|e| vec![Diagnostic::error(e)])?;
    images
        .embed(&mut lo)
        .map_err(|e| vec![Diagnostic::error(format!("cannot embed image: {e}"))])?;
    let marks = structure::Marks {
        mcids: &mcids,
        links: &link_tags,
    };
    finish(&mut lo, doc, &heights, &marks).map_err(|e| vec![Diagnostic::error(e)])
}

/// The content stream of one page, and the structure element of each of
/// its marked-content ids.
fn page_content(
    page: &Page,
    embedded: &[Option<fonts::Embedded>],
    images: &image::Images,
    roles: &[&'static str],
) -> (Vec<u8>, Vec<u32>) {
    let h = page.size.height;
    let mut out = content::Content::new(roles);
    for (at, item) in &page.items {
        match item {
            FrameItem::Text(run) => {
                if let Some(font) = embedded.get(run.font.0 as usize).and_then(Option::as_ref) {
                    out.text(run, *at, h, font);
                }
            }
            FrameItem::Rect { size, color } => {
                out.rect(
                    at.x,
                    h - at.y - size.height,
                    size.width,
                    size.height,
                    *color,
                );
            }
            FrameItem::Image(img) => {
                if let Some(name) = images.name_of(img) {
                    let bottom = h - at.y - img.size.height;
                    let placed = content::Placed {
                        x: at.x,
                        y: bottom,
                        w: img.size.width,
                        h: img.size.height,
                    };
                    out.image(&name, placed, img.orientation, img.tag);
                }
            }
            FrameItem::Link { .. } => {}
        }
    }
    out.end_marked();
    (out.bytes, out.mcids)
}

/// Replaces the content stream printpdf wrote for each page with ours
/// (bytes, and whether they are compressed).
fn set_contents(lo: &mut lopdf::Document, contents: Vec<deflate::Packed>) -> Result<(), String> {
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    for (id, (bytes, packed)) in page_ids.into_iter().zip(contents) {
        let stream_id = lo
            .get_dictionary(id)
            .and_then(|p| p.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| format!("page without contents: {e}"))?;
        let mut stream = lopdf::Stream::new(lopdf::Dictionary::new(), bytes);
        if packed {
            stream.dict.set("Filter", "FlateDecode");
        } else {
            // As `deflate::compress_all` would have found it: not worth it.
            stream.allows_compression = false;
        }
        lo.objects.insert(stream_id, lopdf::Object::Stream(stream));
    }
    Ok(())
}

/// lopdf post-processing: outline, catalog entries, info, ID; then bytes.
fn finish(
    lo: &mut lopdf::Document,
    doc: &Document,
    heights: &[f64],
    marks: &structure::Marks<'_>,
) -> Result<Vec<u8>, String> {
    // /Lang needs 1.4, an OpenType /FontFile3 1.6.
    lo.version = "1.7".to_owned();
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    let outline = outline::add(lo, &doc.outline, &page_ids, heights);
    let labels: Vec<String> = doc.pages.iter().map(|p| p.label.clone()).collect();
    metadata::set_catalog(lo, &doc.info, &labels, outline)?;
    let tree = structure::prepare(lo, &doc.structure, marks, &page_ids)?;
    metadata::set_info(lo, &doc.info);
    metadata::set_placeholder_id(lo);
    // The structure tree's objects are made while the streams compress.
    let (objects, ()) = rayon::join(
        || {
            tree.as_ref()
                .map(structure::Tree::build)
                .unwrap_or_default()
        },
        || deflate::compress_all(lo),
    );
    lo.objects.extend(objects);
    // Sized once from the streams (most of the file): growing by doubling
    // copies the PDF several times over into fresh pages.
    let streams: usize = lo
        .objects
        .values()
        .map(|o| match o {
            lopdf::Object::Stream(s) => s.content.len() + 96,
            _ => 64,
        })
        .sum();
    let mut bytes = Vec::with_capacity(streams + 4096);
    lo.save_to(&mut bytes)
        .map_err(|e| format!("cannot serialise the PDF: {e}"))?;
    // Thousands of small objects: freed on another thread, off the path
    // to the file.
    let lo = std::mem::take(lo);
    rayon::spawn(move || drop(lo));
    metadata::stamp_id(&mut bytes);
    Ok(bytes)
}
