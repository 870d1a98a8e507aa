//! Fonts for the PDF: collect the glyphs each font uses, subset, register
//! under fixed resource names so output does not depend on printpdf's ids.

mod subset;

use std::collections::BTreeSet;

use printpdf::{FontId as PdfFontId, PdfDocument, PdfFont};

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::{Document, FrameItem};

pub(super) use subset::Subset;

/// Resource name of frame font `index`: fixed, so bytes are reproducible.
fn resource_name(index: usize) -> PdfFontId {
    PdfFontId(format!("F{index}"))
}

/// An embedded font: its printpdf resource and the subset it was cut to.
pub(super) struct Embedded {
    pub id: PdfFontId,
    pub subset: Subset,
}

/// Subsets every used font of `doc` and adds it to `pdf`.
/// The result is indexed by [`crate::layout::FontId`]; unused fonts are `None`.
pub(super) fn embed(
    doc: &Document,
    pdf: &mut PdfDocument,
) -> Result<Vec<Option<Embedded>>, Diagnostics> {
    let used = used_glyphs(doc);
    let mut out = Vec::with_capacity(doc.fonts.len());
    let mut errors = Vec::new();
    for (index, (font, glyphs)) in doc.fonts.iter().zip(&used).enumerate() {
        if glyphs.is_empty() {
            out.push(None);
            continue;
        }
        match Subset::new(font, glyphs) {
            Ok(subset) => {
                let id = resource_name(index);
                pdf.resources
                    .fonts
                    .map
                    .insert(id.clone(), PdfFont::new(subset.parsed.clone()));
                out.push(Some(Embedded { id, subset }));
            }
            Err(message) => {
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

/// Glyph ids used per font, in a sorted set (subset order is then stable).
fn used_glyphs(doc: &Document) -> Vec<BTreeSet<u16>> {
    let mut used = vec![BTreeSet::new(); doc.fonts.len()];
    for page in &doc.pages {
        for (_, item) in &page.items {
            if let FrameItem::Text(run) = item
                && let Some(set) = used.get_mut(run.font.0 as usize)
            {
                set.extend(run.glyphs.iter().map(|g| g.id));
            }
        }
    }
    used
}
