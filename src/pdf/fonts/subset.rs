//! Cutting one font down to the glyphs a document uses (typst's
//! `subsetter`), and naming the subset `ABCDEF+Name` with a tag derived
//! from the glyph set so the same input always gives the same bytes.

use std::collections::BTreeSet;

use printpdf::ParsedFont;
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use crate::frame::FontData;

/// A subset font ready for printpdf, with the old → new glyph id mapping.
pub(in crate::pdf) struct Subset {
    pub parsed: ParsedFont,
    remapper: GlyphRemapper,
    /// Advance of each subset glyph in the 1/1000 em units printpdf
    /// writes to `/W` (a table: looked up once per drawn glyph).
    widths: Vec<f64>,
}

impl Subset {
    pub fn new(font: &FontData, glyphs: &BTreeSet<u16>) -> Result<Self, String> {
        let list: Vec<u16> = glyphs.iter().copied().collect();
        let remapper = GlyphRemapper::new_from_glyphs_sorted(&list);
        let bytes = subsetter::subset(&font.data, font.index, &remapper)
            .map_err(|e| format!("subsetting failed ({e:?})"))?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| "the subset font does not parse".to_owned())?;
        parsed.font_name = Some(format!("{}+{}", tag(&font.name, &list), font.name));
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        // Computed exactly as printpdf does, so kerning offsets cancel it.
        let widths = (0..=list.len() as u16)
            .map(|gid| {
                let raw = parsed.get_glyph_width(gid).unwrap_or(0);
                (f32::from(raw) * 1000.0 / units_per_em).trunc() as f64
            })
            .collect();
        Ok(Self {
            parsed,
            remapper,
            widths,
        })
    }

    /// The subset's glyph id for an original glyph id (0, `.notdef`, if unused).
    pub fn gid(&self, original: u16) -> u16 {
        self.remapper.get(original).unwrap_or(0)
    }

    /// The advance printpdf assumes for a subset glyph, in 1/1000 em,
    /// computed exactly as printpdf does so kerning offsets cancel it.
    pub fn width_milli(&self, gid: u16) -> f64 {
        self.widths.get(usize::from(gid)).copied().unwrap_or(0.0)
    }
}

/// Six capital letters from a hash of the font name and glyph set.
fn tag(name: &str, glyphs: &[u16]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    for g in glyphs {
        hasher.update(g.to_be_bytes());
    }
    let digest = hasher.finalize();
    digest
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::tag;

    #[test]
    fn tag_is_stable_and_depends_on_glyphs() {
        let a = tag("SourceSerif4-Regular", &[1, 2, 3]);
        assert_eq!(a, tag("SourceSerif4-Regular", &[1, 2, 3]));
        assert_ne!(a, tag("SourceSerif4-Regular", &[1, 2, 4]));
        assert_eq!(a.len(), 6);
        assert!(a.chars().all(|c| c.is_ascii_uppercase()));
    }
}
