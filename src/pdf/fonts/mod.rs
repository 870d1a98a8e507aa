//! Fonts for the PDF: collect the glyphs each font uses, subset, register
//! under fixed resource names so output does not depend on printpdf's ids.

mod subset;
mod table;

use std::collections::BTreeSet;
use std::ops::Range;

use printpdf::{
    Codepoint, FontId as PdfFontId, Op, PdfDocument, PdfFont, PdfFontHandle, Pt, TextItem,
};

use crate::diag::{Diagnostic, Diagnostics};
use crate::frame::{Document, FrameItem, Glyph};

pub(super) use subset::Subset;
use table::GlyphTable;

/// Resource name of frame font `index`: fixed, so bytes are reproducible.
fn resource_name(index: usize) -> PdfFontId {
    PdfFontId(format!("F{index}"))
}

/// An embedded font: its printpdf resource, the subset it was cut to and
/// the text each glyph maps to in ToUnicode.
///
/// A glyph can stand for different text in different places: the `e` of
/// a decomposed `ế` carries the whole cluster, elsewhere just `e`; a glyph
/// can be the first of one cluster and a later one (text "") of another.
/// ToUnicode holds one text per glyph, so each glyph maps to the text it
/// stands for most often, and every cluster whose glyphs' mapped texts do
/// not spell its own text is drawn inside an `/ActualText` span
/// ([`Embedded::cluster_needs_actual_text`]), as Typst does.
pub(super) struct Embedded {
    pub id: PdfFontId,
    pub subset: Subset,
    texts: Vec<(u16, String)>,
    /// The mapped text by original glyph id (None: unused).
    mapped: GlyphTable<String>,
}

impl Embedded {
    /// The ToUnicode text of original glyph `id`.
    pub fn mapped(&self, id: u16) -> &str {
        self.mapped.get(id).map_or("", String::as_str)
    }

    /// Whether a cluster extracts wrong through ToUnicode alone: its
    /// glyphs' mapped texts, joined, do not spell the cluster's own text
    /// (its glyphs' texts, joined). Compared byte by byte, without joining:
    /// this runs for every cluster of the packet.
    pub fn cluster_needs_actual_text(&self, cluster: &[Glyph]) -> bool {
        if let [g] = cluster {
            return self.mapped(g.id) != g.text.as_str();
        }
        let mapped = cluster.iter().flat_map(|g| self.mapped(g.id).bytes());
        let own = cluster.iter().flat_map(|g| g.text.bytes());
        !mapped.eq(own)
    }
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

/// Plans the subset of every used font of `doc`: which glyphs, their new
/// ids and widths, the text each maps to. The result is indexed by
/// [`crate::frame::FontId`]; unused fonts are `None`. The fonts themselves
/// are cut by [`cut`], which can run beside the page contents.
pub(super) fn plan(doc: &Document) -> Result<Vec<Option<Embedded>>, Diagnostics> {
    use rayon::prelude::*;
    let texts = used_glyphs(doc);
    let planned: Vec<Option<Result<Embedded, String>>> = doc
        .fonts
        .par_iter()
        .zip(texts.par_iter())
        .enumerate()
        .map(|(index, (font, text))| {
            let glyphs: BTreeSet<u16> = text.iter().map(|(g, _)| g).collect();
            (!glyphs.is_empty()).then(|| {
                let subset = Subset::new(font, &glyphs)?;
                let mapped = text.map(|u| u.chosen().to_owned());
                let texts = mapped
                    .iter()
                    .map(|(g, t)| (subset.gid(g), t.clone()))
                    .collect();
                Ok(Embedded {
                    id: resource_name(index),
                    subset,
                    texts,
                    mapped,
                })
            })
        })
        .collect();
    per_font(doc, planned)
}

/// Per font of `doc`, what was made for it, or every font's error.
fn per_font<T>(
    doc: &Document,
    made: Vec<Option<Result<T, String>>>,
) -> Result<Vec<Option<T>>, Diagnostics> {
    let mut out = Vec::with_capacity(made.len());
    let mut errors = Vec::new();
    for (font, m) in doc.fonts.iter().zip(made) {
        match m {
            None => out.push(None),
            Some(Ok(t)) => out.push(Some(t)),
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

/// Cuts every planned font, in parallel, into the font printpdf embeds
/// (by font index, so the output does not depend on scheduling).
pub(super) fn cut(
    doc: &Document,
    embedded: &[Option<Embedded>],
) -> Result<Vec<Option<PdfFont>>, Diagnostics> {
    use rayon::prelude::*;
    let cut: Vec<Option<Result<PdfFont, String>>> = doc
        .fonts
        .par_iter()
        .zip(embedded.par_iter())
        .map(|(font, e)| e.as_ref().map(|e| e.subset.cut(font).map(PdfFont::new)))
        .collect();
    per_font(doc, cut)
}

/// Adds the cut fonts to `pdf` under their fixed resource names.
pub(super) fn register(
    pdf: &mut PdfDocument,
    embedded: &[Option<Embedded>],
    cut: Vec<Option<PdfFont>>,
) {
    for (e, font) in embedded.iter().zip(cut) {
        if let (Some(e), Some(font)) = (e, font) {
            pdf.resources.fonts.map.insert(e.id.clone(), font);
        }
    }
}

/// A run's clusters: a glyph with text and the glyphs after it with none.
pub(super) fn clusters(glyphs: &[Glyph]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= glyphs.len() {
            return None;
        }
        let end = glyphs[start + 1..]
            .iter()
            .position(|g| !g.text.is_empty())
            .map_or(glyphs.len(), |k| start + 1 + k);
        let range = start..end;
        start = end;
        Some(range)
    })
}

/// What each glyph of one cluster stands for: one character each when
/// the cluster has as many characters as glyphs (a base and its marks,
/// shaped one to one), else the whole text on the first glyph (a
/// ligature; a letter and marks fused into fewer glyphs).
pub(super) fn glyph_texts(glyphs: &[Glyph]) -> Vec<&str> {
    let text = glyphs.first().map_or("", |g| g.text.as_str());
    if glyphs.len() > 1 && text.chars().count() == glyphs.len() {
        return text
            .char_indices()
            .map(|(i, c)| &text[i..i + c.len_utf8()])
            .collect();
    }
    let mut out = vec![""; glyphs.len()];
    if let Some(first) = out.first_mut() {
        *first = text;
    }
    out
}

/// The texts one glyph is drawn for, with how often (almost always one).
#[derive(Clone)]
struct Uses<'d>(Vec<(&'d str, u32)>);

impl<'d> Uses<'d> {
    fn add(&mut self, text: &'d str, n: u32) {
        match self.0.iter_mut().find(|(t, _)| *t == text) {
            Some((_, m)) => *m += n,
            None => self.0.push((text, n)),
        }
    }

    /// The most frequent text; ties go to the shorter, then the smaller,
    /// so the choice never depends on the order of pages.
    fn chosen(&self) -> &'d str {
        self.0
            .iter()
            .max_by(|a, b| {
                a.1.cmp(&b.1)
                    .then(b.0.len().cmp(&a.0.len()))
                    .then(b.0.cmp(a.0))
            })
            .map_or("", |(t, _)| t)
    }
}

/// Per font, by glyph id: the texts each used glyph is drawn for.
/// Pages are counted in parallel and the counts added up; which text a
/// glyph maps to depends only on the counts ([`Uses::chosen`]).
fn used_glyphs<'d>(doc: &'d Document) -> Vec<GlyphTable<Uses<'d>>> {
    use rayon::prelude::*;
    let empty = || vec![GlyphTable::default(); doc.fonts.len()];
    doc.pages
        .par_iter()
        .fold(empty, |mut used, page| {
            for (_, item) in &page.items {
                if let FrameItem::Text(run) = item
                    && let Some(table) = used.get_mut(run.font.0 as usize)
                {
                    for cluster in clusters(&run.glyphs) {
                        match &run.glyphs[cluster] {
                            // Almost every cluster: no list of texts to make.
                            [g] => record(table, g.id, g.text.as_str(), 1),
                            glyphs => {
                                for (g, text) in glyphs.iter().zip(glyph_texts(glyphs)) {
                                    record(table, g.id, text, 1);
                                }
                            }
                        }
                    }
                }
            }
            used
        })
        .reduce(empty, |mut a, b| {
            for (table, other) in a.iter_mut().zip(b) {
                for (id, uses) in other.into_entries() {
                    for (text, n) in uses.0 {
                        record(table, id, text, n);
                    }
                }
            }
            a
        })
}

/// Counts `n` more uses of glyph `id` for `text`.
fn record<'d>(table: &mut GlyphTable<Uses<'d>>, id: u16, text: &'d str, n: u32) {
    match table.slot(id) {
        Some(uses) => uses.add(text, n),
        slot => *slot = Some(Uses(vec![(text, n)])),
    }
}
