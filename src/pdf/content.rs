//! Page content streams written straight to bytes. Going through
//! printpdf's `Op` list and lopdf's `Operation` objects allocated per glyph
//! and formatted every number with the float formatter; this writes the
//! same operators directly (numbers to 1/10000 pt, invisible) and skips
//! font and colour changes that would not change the state.

use std::sync::Arc;

use super::fonts::Embedded;
use crate::frame::{Point, Rgb, TextRun};

/// What the operators being written are marked as (tagged PDF).
#[derive(Clone, PartialEq, Eq)]
enum Marked {
    Nothing,
    Artifact,
    /// An element's content, with the language of a run whose language
    /// is not the document's (the sequence then says `/Lang (ko)`).
    Elem(u32, Option<Arc<str>>),
}

/// One page's operators being written.
pub(super) struct Content<'a> {
    pub bytes: Vec<u8>,
    /// Structure type names, by element (for the marked-content tags).
    roles: &'a [&'static str],
    marked: Marked,
    /// The element of each marked-content id on this page, in order.
    pub mcids: Vec<u32>,
    in_text: bool,
    /// Current font (frame font index) and size, inside or outside `BT`.
    font: Option<(u32, f64)>,
    fill: Option<(f64, f64, f64)>,
    /// Current horizontal scaling (`Tz`, 1.0 = 100), part of the text
    /// state: it outlives `BT`/`ET`, and `q`/`Q` around images restore it.
    scale: f64,
}

impl<'a> Content<'a> {
    pub fn new(roles: &'a [&'static str]) -> Self {
        Self {
            bytes: Vec::new(),
            roles,
            marked: Marked::Nothing,
            mcids: Vec::new(),
            in_text: false,
            font: None,
            fill: None,
            scale: 1.0,
        }
    }

    /// Puts what follows in element `tag`'s marked content (an artifact
    /// without one). Sequences never cross a text object's bounds.
    pub fn mark(&mut self, tag: Option<u32>) {
        self.mark_in(tag, None);
    }

    /// [`Content::mark`], for content in language `lang` in a document
    /// that is not: screen readers then switch voice.
    pub fn mark_in(&mut self, tag: Option<u32>, lang: Option<&Arc<str>>) {
        if self.roles.is_empty() {
            return; // an untagged document
        }
        let want = match tag {
            Some(e) if (e as usize) < self.roles.len() => Marked::Elem(e, lang.cloned()),
            _ => Marked::Artifact,
        };
        if want == self.marked {
            return;
        }
        self.end_marked();
        match &want {
            Marked::Elem(e, lang) => {
                let e = *e;
                self.bytes.push(b'/');
                self.bytes
                    .extend_from_slice(self.roles[e as usize].as_bytes());
                self.bytes.extend_from_slice(b" <</MCID ");
                int(&mut self.bytes, self.mcids.len() as i64);
                if let Some(lang) = lang {
                    self.bytes.extend_from_slice(b" /Lang (");
                    // A BCP 47 tag needs no escaping; anything else is dropped.
                    self.bytes.extend(
                        lang.bytes()
                            .filter(|b| b.is_ascii_alphanumeric() || *b == b'-'),
                    );
                    self.bytes.push(b')');
                }
                self.bytes.extend_from_slice(b">> BDC\n");
                self.mcids.push(e);
            }
            Marked::Artifact => self.bytes.extend_from_slice(b"/Artifact BMC\n"),
            Marked::Nothing => {}
        }
        self.marked = want;
    }

    /// Closes the open text object and marked-content sequence.
    pub fn end_marked(&mut self) {
        self.end_text();
        if self.marked != Marked::Nothing {
            self.bytes.extend_from_slice(b"EMC\n");
            self.marked = Marked::Nothing;
        }
    }

    pub fn begin_text(&mut self) {
        if !self.in_text {
            self.bytes.extend_from_slice(b"BT\n");
            self.in_text = true;
        }
    }

    pub fn end_text(&mut self) {
        if self.in_text {
            self.bytes.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
    }

    pub fn fill(&mut self, c: Rgb) {
        let key = (c.0, c.1, c.2);
        if self.fill != Some(key) {
            self.nums(&[c.0, c.1, c.2]);
            self.bytes.extend_from_slice(b"rg\n");
            self.fill = Some(key);
        }
    }

    fn set_font(&mut self, index: u32, size: f64) {
        if self.font != Some((index, size)) {
            self.bytes.extend_from_slice(b"/F");
            int(&mut self.bytes, i64::from(index));
            self.bytes.push(b' ');
            self.nums(&[size]);
            self.bytes.extend_from_slice(b"Tf\n");
            self.font = Some((index, size));
        }
    }

    fn set_scale(&mut self, scale: f64) {
        if self.scale != scale {
            self.nums(&[scale * 100.0]);
            self.bytes.extend_from_slice(b"Tz\n");
            self.scale = scale;
        }
    }

    /// A filled rectangle; `x`, `y` are its bottom-left in PDF space.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, c: Rgb) {
        self.mark(None);
        self.end_text();
        self.fill(c);
        self.nums(&[x, y, w, h]);
        self.bytes.extend_from_slice(b"re\nf\n");
    }

    /// Image XObject `name` filling the box `at`, its stored pixels
    /// turned or flipped by EXIF `orientation` so they show upright.
    pub fn image(&mut self, name: &str, at: Placed, orientation: u8, tag: Option<u32>) {
        self.mark(tag);
        self.end_text();
        self.bytes.extend_from_slice(b"q\n");
        self.nums(&orientation_matrix(at, orientation));
        self.bytes.extend_from_slice(b"cm\n/");
        self.bytes.extend_from_slice(name.as_bytes());
        self.bytes.extend_from_slice(b" Do\nQ\n");
    }

    /// Draws `run` with its baseline start at `at` (top-left page
    /// coordinates) on a page `page_height` points tall. Glyphs are shown
    /// by subset glyph id (Identity-H, two bytes each); a TJ number after a glyph corrects the font's
    /// `/W` advance to the shaped advance.
    pub fn text(&mut self, run: &TextRun, at: Point, page_height: f64, font: &Embedded) {
        if run.glyphs.is_empty() || run.size <= 0.0 {
            return;
        }
        self.mark_in(run.tag, run.lang.as_ref());
        self.begin_text();
        self.set_font(run.font.0, run.size);
        self.set_scale(run.scale);
        self.fill(run.color);
        let baseline = page_height - at.y;
        let mut pen = at.x;
        let mut open = false; // inside a TJ array
        let mut lit = false; // inside a string in it
        let mut anchor = true;
        let mut i = 0;
        while i < run.glyphs.len() {
            let glyph = &run.glyphs[i];
            if !glyph.text.is_empty() {
                // A cluster: this glyph, the glyphs after it with no text
                // of their own, and marks drawn over it (no advance, moved)
                // even when layout gave them their own character.
                let end = run.glyphs[i + 1..]
                    .iter()
                    .position(|g| !g.text.is_empty() && !is_placed_mark(g))
                    .map_or(run.glyphs.len(), |k| i + 1 + k);
                let cluster = &run.glyphs[i..end];
                // A mark placed over its base is drawn apart from it, and
                // extractors (poppler) then split the word at it: a cluster
                // of several glyphs with a moved one gets the span too.
                let moved = cluster.len() > 1
                    && cluster
                        .iter()
                        .any(|g| g.x_offset != 0.0 || g.y_offset != 0.0);
                if moved || font.cluster_needs_actual_text(cluster) {
                    let text: String = cluster.iter().map(|g| g.text.as_str()).collect();
                    if open {
                        self.close_tj(lit);
                        (open, lit) = (false, false);
                    }
                    pen = self.actual_text_cluster(run, i..end, &text, pen, baseline, font);
                    anchor = true;
                    i = end;
                    continue;
                }
            }
            let gid = font.subset.gid(glyph.id);
            let shifted = glyph.x_offset != 0.0 || glyph.y_offset != 0.0;
            if shifted || anchor {
                if open {
                    self.close_tj(lit);
                    lit = false;
                }
                self.bytes.extend_from_slice(b"1 0 0 1 ");
                self.nums(&[pen + glyph.x_offset, baseline + glyph.y_offset]);
                self.bytes.extend_from_slice(b"Tm\n[");
                open = true;
            }
            if !lit {
                self.bytes.push(b'(');
                lit = true;
            }
            glyph_bytes(&mut self.bytes, gid);
            // TJ numbers move the pen left by n/1000 em after the glyph,
            // in text space, which Tz scales with the glyphs.
            let natural = font.subset.width_milli(gid);
            let wanted = glyph.x_advance * 1000.0 / (run.size * run.scale);
            let offset = round3(natural - wanted) as f32;
            if offset != 0.0 {
                self.bytes.push(b')');
                lit = false;
                num(&mut self.bytes, f64::from(offset));
            }
            pen += glyph.x_advance;
            // After a shifted glyph, re-anchor the next one on the baseline.
            anchor = shifted;
            i += 1;
        }
        if open {
            self.close_tj(lit);
        }
    }

    /// Draws the glyphs `range` of `run` (one cluster) inside a
    /// marked-content span whose /ActualText replaces what their ToUnicode
    /// entries would give (PDF 32000-1, 14.9.4). Returns the pen after it.
    fn actual_text_cluster(
        &mut self,
        run: &TextRun,
        range: std::ops::Range<usize>,
        text: &str,
        pen: f64,
        baseline: f64,
        font: &Embedded,
    ) -> f64 {
        let glyphs = &run.glyphs[range];
        self.bytes.extend_from_slice(b"/Span <</ActualText <FEFF");
        for unit in text.encode_utf16() {
            self.bytes
                .extend_from_slice(format!("{unit:04X}").as_bytes());
        }
        self.bytes.extend_from_slice(b">>> BDC\n");
        let mut pens = Vec::with_capacity(glyphs.len());
        let mut x = pen;
        for g in glyphs {
            pens.push(x);
            x += g.x_advance;
        }
        // Extractors (poppler) take the span's extent from where its first
        // glyph starts to where its last one ends; a mark drawn last over
        // its base ends short of the cluster, and the gap splits the word.
        // Character spacing on the last glyph (Tc: no visible effect, the
        // next glyph is placed anew) makes it end where the cluster does.
        let last = glyphs.len() - 1;
        for (k, g) in glyphs.iter().enumerate() {
            let gid = font.subset.gid(g.id);
            let gx = pens[k] + g.x_offset;
            self.bytes.extend_from_slice(b"1 0 0 1 ");
            self.nums(&[gx, baseline + g.y_offset]);
            self.bytes.extend_from_slice(b"Tm\n");
            let spacing = if k == last && k > 0 {
                // Tc is in unscaled text space: Tz scales it too.
                round3(
                    (x - (gx + font.subset.width_milli(gid) * run.size * run.scale / 1000.0))
                        / run.scale,
                )
            } else {
                0.0
            };
            if spacing != 0.0 {
                self.nums(&[spacing]);
                self.bytes.extend_from_slice(b"Tc\n");
            }
            self.bytes.extend_from_slice(b"[(");
            glyph_bytes(&mut self.bytes, gid);
            self.bytes.extend_from_slice(b")] TJ\n");
            if spacing != 0.0 {
                self.bytes.extend_from_slice(b"0 Tc\n");
            }
        }
        self.bytes.extend_from_slice(b"EMC\n");
        x
    }

    fn close_tj(&mut self, lit: bool) {
        if lit {
            self.bytes.push(b')');
        }
        self.bytes.extend_from_slice(b"] TJ\n");
    }

    /// Numbers separated and followed by a space.
    fn nums(&mut self, values: &[f64]) {
        for v in values {
            num(&mut self.bytes, *v);
            self.bytes.push(b' ');
        }
    }
}

/// A mark drawn over the glyph before it: no advance of its own, moved.
fn is_placed_mark(g: &crate::frame::Glyph) -> bool {
    g.x_advance == 0.0 && (g.x_offset != 0.0 || g.y_offset != 0.0)
}

/// A box on the page: bottom-left corner and size, in PDF space.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// The `cm` matrix that maps an image's unit square (its first stored
/// row at the top) into `at` with EXIF `orientation` applied: 2 mirrors,
/// 3 turns half round, 4 flips, 5 transposes, 6 turns a quarter
/// clockwise, 7 transverses, 8 turns a quarter anticlockwise.
fn orientation_matrix(at: Placed, orientation: u8) -> [f64; 6] {
    let Placed { x, y, w, h } = at;
    match orientation {
        2 => [-w, 0.0, 0.0, h, x + w, y],
        3 => [-w, 0.0, 0.0, -h, x + w, y + h],
        4 => [w, 0.0, 0.0, -h, x, y + h],
        5 => [0.0, -h, -w, 0.0, x + w, y + h],
        6 => [0.0, -h, w, 0.0, x, y + h],
        7 => [0.0, h, w, 0.0, x, y],
        8 => [0.0, h, -w, 0.0, x + w, y],
        _ => [w, 0.0, 0.0, h, x, y],
    }
}

/// Rounds to 1/1000 so tiny float noise does not reach the file.
fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// A two-byte glyph id inside a literal string: raw bytes (half the size
/// of hex, so half the bytes to deflate), escaping the delimiters and CR
/// (which a reader would otherwise read as a line end).
fn glyph_bytes(out: &mut Vec<u8>, v: u16) {
    for b in v.to_be_bytes() {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

fn int(out: &mut Vec<u8>, v: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = v.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[i..]);
}

/// A PDF real to 4 decimals, without trailing zeros ("12.5", "-0.25", "3").
pub(super) fn num(out: &mut Vec<u8>, v: f64) {
    let scaled = (v * 10_000.0).round();
    if !scaled.is_finite() || scaled == 0.0 {
        out.push(b'0');
        return;
    }
    let scaled = scaled as i64;
    if scaled < 0 {
        out.push(b'-');
    }
    let abs = scaled.unsigned_abs();
    int(out, (abs / 10_000) as i64);
    let mut frac = abs % 10_000;
    if frac != 0 {
        out.push(b'.');
        let mut digits = 4;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        let mut buf = [b'0'; 4];
        for slot in buf[..digits].iter_mut().rev() {
            *slot = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        out.extend_from_slice(&buf[..digits]);
    }
}

#[cfg(test)]
mod tests {
    use super::{glyph_bytes, num};

    #[test]
    fn glyph_ids_escape_string_delimiters_and_cr() {
        let mut out = Vec::new();
        for g in [0x0028, 0x2900, 0x005C, 0x000D, 0x0041] {
            glyph_bytes(&mut out, g);
        }
        let want: &[u8] = b"\x00\\(\\)\x00\x00\\\\\x00\\r\x00A";
        assert_eq!(out, want);
    }

    fn s(v: f64) -> String {
        let mut out = Vec::new();
        num(&mut out, v);
        String::from_utf8(out).expect("ascii")
    }

    #[test]
    fn numbers_are_short_and_exact_to_four_decimals() {
        assert_eq!(s(0.0), "0");
        assert_eq!(s(12.5), "12.5");
        assert_eq!(s(-0.25), "-0.25");
        assert_eq!(s(3.0), "3");
        assert_eq!(s(0.00004), "0");
        assert_eq!(s(-0.00004), "0");
        assert_eq!(s(595.2756), "595.2756");
        assert_eq!(s(0.05), "0.05");
        assert_eq!(s(1.0005), "1.0005");
        assert_eq!(s(-12.345), "-12.345");
    }
}
