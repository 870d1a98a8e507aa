//! Fonts for the PDF: collect the glyphs each font uses, subset, register
//! under fixed resource names so output does not depend on printpdf's ids.

mod subset;

use std::collections::BTreeSet;

use printpdf::{
    Codepoint, FontId as PdfFontId, Op, PdfDocument, PdfFont, PdfFontHandle, Pt, TextItem,
};

use crate::diag::{Diagnostic, Diagnostics};
use crate::frame::{Document, FrameItem};

pub(super) use subset::Subset;

/// Resource name of frame font `index`: fixed, so bytes are reproducible.
fn resource_name(index: usize) -> PdfFontId {
    PdfFontId(format!("F{index}"))
}

/// An embedded font: its printpdf resource, the subset it was cut to and
/// the text of each subset glyph (its last use wins, for ToUnicode).
pub(super) struct Embedded {
    pub id: PdfFontId,
    pub subset: Subset,
    texts: Vec<(u16, String)>,
}

/// Operators that show every used glyph once with its text. printpdf
/// derives each font's /W and ToUnicode from the glyphs the page
/// operators show; these stand in for the real contents (written by
/// `content` and swapped in), so they never reach the file.
pub(super) fn usage_ops(embedded: &[Option<Embedded>], ops: &mut Vec<Op>) {
    ops.push(Op::StartTextSection);
    for font in embedded.iter().flatten() {
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font.id.clone()),
            size: Pt(10.0),
        });
        let glyphs = font
            .texts
            .iter()
            .map(|(gid, text)| Codepoint::with_cid(*gid, 0.0, text.clone()))
            .collect();
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(glyphs)],
        });
    }
    ops.push(Op::EndTextSection);
}

/// Subsets every used font of `doc` and adds it to `pdf`.
/// The result is indexed by [`crate::frame::FontId`]; unused fonts are `None`.
pub(super) fn embed(
    doc: &Document,
    pdf: &mut PdfDocument,
) -> Result<Vec<Option<Embedded>>, Diagnostics> {
    use rayon::prelude::*;
    let texts = used_glyphs(doc);
    let used: Vec<BTreeSet<u16>> = texts
        .iter()
        .map(|t| {
            t.iter()
                .enumerate()
                .filter(|(_, s)| s.is_some())
                .map(|(g, _)| g as u16)
                .collect()
        })
        .collect();
    // Subsetting is independent per font: do it in parallel, then register
    // in font order so the output does not depend on scheduling.
    let subsets: Vec<Option<Result<Subset, String>>> = doc
        .fonts
        .par_iter()
        .zip(used.par_iter())
        .map(|(font, glyphs)| (!glyphs.is_empty()).then(|| Subset::new(font, glyphs)))
        .collect();
    let mut out = Vec::with_capacity(doc.fonts.len());
    let mut errors = Vec::new();
    for (index, ((font, subset), text)) in doc.fonts.iter().zip(subsets).zip(&texts).enumerate() {
        match subset {
            None => out.push(None),
            Some(Ok(subset)) => {
                let id = resource_name(index);
                pdf.resources
                    .fonts
                    .map
                    .insert(id.clone(), PdfFont::new(subset.parsed.clone()));
                let texts = text
                    .iter()
                    .enumerate()
                    .filter_map(|(g, t)| Some((subset.gid(g as u16), (*t)?.to_owned())))
                    .collect();
                out.push(Some(Embedded { id, subset, texts }));
            }
            Some(Err(message)) => {
                errors.push(Diagnostic::error(format!(
                    "cannot embed font {}: {message}",
                    font.name
                )));
                out.push(None);
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Per font, indexed by glyph id: the text of the glyph's last use, or
/// `None` if unused (a dense table: a map lookup per glyph was slower).
fn used_glyphs(doc: &Document) -> Vec<Vec<Option<&str>>> {
    let mut used: Vec<Vec<Option<&str>>> = vec![Vec::new(); doc.fonts.len()];
    for page in &doc.pages {
        for (_, item) in &page.items {
            if let FrameItem::Text(run) = item
                && let Some(table) = used.get_mut(run.font.0 as usize)
            {
                for g in &run.glyphs {
                    let i = usize::from(g.id);
                    if i >= table.len() {
                        table.resize(i + 1, None);
                    }
                    table[i] = Some(g.text.as_str());
                }
            }
        }
    }
    used
}
