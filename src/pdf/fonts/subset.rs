//! Cutting one font down to the glyphs a document uses (typst's
//! `subsetter`), and naming the subset `ABCDEF+Name` with a tag derived
//! from the glyph set so the same input always gives the same bytes.

use std::collections::BTreeSet;

use printpdf::ParsedFont;
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use crate::frame::{FontBytes, FontData};

/// How one font is cut for the PDF: the old → new glyph id mapping and
/// the advances printpdf will write to `/W`. Worked out from the whole
/// font (the subset keeps every glyph's advance), so page contents can be
/// written while the font itself is cut ([`Subset::cut`]).
pub(in crate::pdf) struct Subset {
    list: Vec<u16>,
    remapper: GlyphRemapper,
    /// Advance of each subset glyph in the 1/1000 em units printpdf
    /// writes to `/W` (a table: looked up once per drawn glyph).
    widths: Vec<f64>,
}

impl Subset {
    pub fn new(font: &FontData, glyphs: &BTreeSet<u16>) -> Result<Self, String> {
        let list: Vec<u16> = glyphs.iter().copied().collect();
        let remapper = GlyphRemapper::new_from_glyphs_sorted(&list);
        let face = ttf_parser::Face::parse(&font.data, font.index)
            .map_err(|e| format!("the font does not parse ({e})"))?;
        let units_per_em = f32::from(face.units_per_em().max(1));
        // Computed exactly as printpdf does from the subset's `hmtx`, so
        // kerning offsets cancel it.
        let widths = remapper
            .remapped_gids()
            .map(|old| {
                let raw = face
                    .glyph_hor_advance(ttf_parser::GlyphId(old))
                    .unwrap_or(0);
                (f32::from(raw) * 1000.0 / units_per_em).trunc() as f64
            })
            .collect();
        Ok(Self {
            list,
            remapper,
            widths,
        })
    }

    /// The font cut down to the glyphs (typst's `subsetter`), named
    /// `ABCDEF+Name`, parsed for printpdf.
    pub fn cut(&self, font: &FontData) -> Result<ParsedFont, String> {
        let bytes = self.subset_bytes(font)?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| "the subset font does not parse".to_owned())?;
        parsed.font_name = Some(format!("{}+{}", tag(&font.name, &self.list), font.name));
        Ok(parsed)
    }

    /// The subset font file. A bundled font's subsets are kept in the
    /// on-disk cache ([`crate::cache`]), keyed by font and glyph list:
    /// its bytes are part of the build the key names. (A font file from
    /// the manifest is cut every time: hashing it would cost more.)
    fn subset_bytes(&self, font: &FontData) -> Result<Vec<u8>, String> {
        use std::fmt::Write;
        let key = matches!(font.data, FontBytes::Static(_)).then(|| {
            let mut key = format!(
                "{}\u{0}{}\u{0}{}\u{0}",
                font.name,
                font.index,
                font.data.len()
            );
            for g in &self.list {
                let _ = write!(key, "{g},");
            }
            key
        });
        if let Some(bytes) = key.as_deref().and_then(|k| crate::cache::get("subset", k)) {
            return Ok(bytes);
        }
        let bytes = subsetter::subset(&font.data, font.index, &self.remapper)
            .map_err(|e| format!("subsetting failed ({e:?})"))?;
        if let Some(key) = key {
            crate::cache::put("subset", &key, &bytes);
        }
        Ok(bytes)
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
