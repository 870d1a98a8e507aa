//! The generated cover: masthead, issue number, date and lead title drawn
//! with the bundled fonts (rustybuzz shaping, ttf-parser outlines,
//! tiny-skia filling) and encoded as a fast-compressed PNG.

use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};
use rustybuzz::{Face, UnicodeBuffer};
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Transform};

use crate::fonts::{self, Bundled};
use crate::model::Issue;

/// Cover size in pixels: 2:3, the common e-reader cover ratio, and at
/// least the 1600 px height stores ask for.
pub(crate) const WIDTH: u32 = 1600;
pub(crate) const HEIGHT: u32 = 2400;
const MARGIN: f32 = 130.0;

/// One face plus the Korean face used for characters it lacks.
struct Fonts<'a> {
    main: Face<'a>,
    fallback: Face<'a>,
}

impl<'a> Fonts<'a> {
    fn new(main: &'a Bundled, fallback: &'a Bundled) -> Option<Self> {
        Some(Self {
            main: Face::from_slice(main.data, main.index)?,
            fallback: Face::from_slice(fallback.data, fallback.index)?,
        })
    }
}

/// A shaped glyph: which face, glyph id, x offset in px, y offset in px.
struct Placed {
    fallback: bool,
    glyph: u16,
    x: f32,
    y: f32,
}

/// Shapes `text` at `size` px, switching to the fallback face for runs the
/// main face cannot draw. Returns glyphs and the total advance.
fn shape(fonts: &Fonts, text: &str, size: f32, tracking: f32) -> (Vec<Placed>, f32) {
    let mut runs: Vec<(bool, String)> = Vec::new();
    for c in text.chars() {
        let fallback = fonts.main.glyph_index(c).is_none()
            && !c.is_whitespace()
            && fonts.fallback.glyph_index(c).is_some();
        match runs.last_mut() {
            Some((f, s)) if *f == fallback => s.push(c),
            _ => runs.push((fallback, c.to_string())),
        }
    }
    let mut placed = Vec::new();
    let mut x = 0.0;
    for (fallback, run) in runs {
        let face = if fallback {
            &fonts.fallback
        } else {
            &fonts.main
        };
        let scale = size / face.units_per_em() as f32;
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(&run);
        let shaped = rustybuzz::shape(face, &[], buffer);
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            placed.push(Placed {
                fallback,
                glyph: u16::try_from(info.glyph_id).unwrap_or(0),
                x: x + pos.x_offset as f32 * scale,
                y: pos.y_offset as f32 * scale,
            });
            x += pos.x_advance as f32 * scale + tracking;
        }
    }
    (placed, x)
}

/// Greedy word wrap to `width` px; words wider than a line are split by
/// characters (which also wraps scripts written without spaces).
fn wrap(fonts: &Fonts, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if shape(fonts, &candidate, size, 0.0).1 <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            let mut next = line.clone();
            next.push(c);
            if !line.is_empty() && shape(fonts, &next, size, 0.0).1 > width {
                lines.push(std::mem::take(&mut line));
                line.push(c);
            } else {
                line = next;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Turns font outlines (y up, font units) into a tiny-skia path.
struct Outline {
    path: PathBuilder,
    scale: f32,
    x: f32,
    y: f32,
}

impl OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.path
            .move_to(self.x + x * self.scale, self.y - y * self.scale);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.path
            .line_to(self.x + x * self.scale, self.y - y * self.scale);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.path.quad_to(
            self.x + x1 * self.scale,
            self.y - y1 * self.scale,
            self.x + x * self.scale,
            self.y - y * self.scale,
        );
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.path.cubic_to(
            self.x + x1 * self.scale,
            self.y - y1 * self.scale,
            self.x + x2 * self.scale,
            self.y - y2 * self.scale,
            self.x + x * self.scale,
            self.y - y * self.scale,
        );
    }
    fn close(&mut self) {
        self.path.close();
    }
}

/// Draws `text` with its baseline at `y`, starting at `x`.
#[allow(clippy::too_many_arguments, reason = "a drawing call with its style")]
fn draw(
    pixmap: &mut Pixmap,
    fonts: &Fonts,
    text: &str,
    size: f32,
    tracking: f32,
    x: f32,
    y: f32,
    color: Color,
) {
    let (glyphs, _) = shape(fonts, text, size, tracking);
    let mut outline = Outline {
        path: PathBuilder::new(),
        scale: 1.0,
        x: 0.0,
        y: 0.0,
    };
    for g in &glyphs {
        let face = if g.fallback {
            &fonts.fallback
        } else {
            &fonts.main
        };
        outline.scale = size / face.units_per_em() as f32;
        outline.x = x + g.x;
        outline.y = y - g.y;
        face.outline_glyph(GlyphId(g.glyph), &mut outline);
    }
    let Some(path) = std::mem::take(&mut outline.path).finish() else {
        return;
    };
    let mut paint = Paint::default();
    paint.set_color(color);
    paint.anti_alias = true;
    pixmap.fill_path(
        &path,
        &paint,
        FillRule::Winding,
        Transform::identity(),
        None,
    );
}

fn rect(pixmap: &mut Pixmap, x: f32, y: f32, w: f32, h: f32, color: Color) {
    if let Some(r) = Rect::from_xywh(x, y, w, h) {
        let mut paint = Paint::default();
        paint.set_color(color);
        pixmap.fill_rect(r, &paint, Transform::identity(), None);
    }
}

/// Largest size (stepping down from `max`) at which `text` wraps into at
/// most `max_lines`, with the lines.
fn fit(fonts: &Fonts, text: &str, max: f32, min: f32, max_lines: usize) -> (f32, Vec<String>) {
    let width = WIDTH as f32 - 2.0 * MARGIN;
    let mut size = max;
    loop {
        let lines = wrap(fonts, text, size, width);
        if lines.len() <= max_lines || size <= min {
            return (size, lines);
        }
        size = (size * 0.9).max(min);
    }
}

/// Renders the cover PNG. None only if a bundled font fails to parse.
pub(crate) fn render(issue: &Issue) -> Option<Vec<u8>> {
    let mut pixmap = Pixmap::new(WIDTH, HEIGHT)?;
    let [r, g, b] = issue.style.accent;
    let accent = Color::from_rgba8(r, g, b, 255);
    let paper = Color::from_rgba8(0xf7, 0xf4, 0xee, 255);
    let ink = Color::from_rgba8(0x1c, 0x1b, 0x1a, 255);
    let grey = Color::from_rgba8(0x5a, 0x57, 0x52, 255);
    let white = Color::from_rgba8(0xff, 0xff, 0xff, 255);
    pixmap.fill(paper);

    let display = Fonts::new(&fonts::SERIF_DISPLAY_SEMIBOLD, &fonts::SERIF_KR_BOLD)?;
    let serif = Fonts::new(&fonts::SERIF_REGULAR, &fonts::SERIF_KR_REGULAR)?;
    let sans = Fonts::new(&fonts::SANS_SEMIBOLD, &fonts::SANS_KR_BOLD)?;
    let width = WIDTH as f32 - 2.0 * MARGIN;

    // Masthead band.
    let (size, lines) = fit(&display, &issue.newsletter, 150.0, 70.0, 3);
    let leading = size * 1.12;
    let band = MARGIN + leading * lines.len() as f32 + 120.0;
    rect(&mut pixmap, 0.0, 0.0, WIDTH as f32, band, accent);
    let mut y = MARGIN + size * 0.9;
    for line in &lines {
        draw(&mut pixmap, &display, line, size, 0.0, MARGIN, y, white);
        y += leading;
    }

    // Issue number and date.
    let mut y = band + 150.0;
    let issue_label = format!("ISSUE {}", issue.number).to_uppercase();
    let (issue_label, _) = (wrap(&sans, &issue_label, 64.0, width), ());
    for line in &issue_label {
        draw(&mut pixmap, &sans, line, 64.0, 6.0, MARGIN, y, accent);
        y += 80.0;
    }
    draw(
        &mut pixmap,
        &serif,
        &issue.date.long(),
        64.0,
        0.0,
        MARGIN,
        y + 10.0,
        grey,
    );
    y += 110.0;
    rect(&mut pixmap, MARGIN, y, width, 6.0, ink);
    y += 200.0;

    // The lead: kind label, title, byline.
    let kind = issue.lead.kind.to_uppercase();
    draw(&mut pixmap, &sans, &kind, 52.0, 5.0, MARGIN, y, accent);
    y += 150.0;
    let (size, lines) = fit(&display, &issue.lead.title, 130.0, 56.0, 6);
    let leading = size * 1.15;
    for line in lines.iter().take(8) {
        draw(&mut pixmap, &display, line, size, 0.0, MARGIN, y, ink);
        y += leading;
    }
    if let Some(byline) = issue.lead.byline() {
        y += 40.0;
        for line in wrap(&serif, &byline, 60.0, width).iter().take(2) {
            draw(&mut pixmap, &serif, line, 60.0, 0.0, MARGIN, y, grey);
            y += 76.0;
        }
    }

    // Publisher at the foot.
    if let Some(publisher) = &issue.publisher {
        let foot = HEIGHT as f32 - MARGIN;
        rect(&mut pixmap, MARGIN, foot - 110.0, width, 3.0, grey);
        let line = wrap(&sans, publisher, 52.0, width);
        if let Some(first) = line.first() {
            draw(&mut pixmap, &sans, first, 52.0, 2.0, MARGIN, foot, grey);
        }
    }
    encode_png(&pixmap)
}

/// RGB (the cover is opaque) with fast deflate: encoding must not dominate
/// the build.
fn encode_png(pixmap: &Pixmap) -> Option<Vec<u8>> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Sub)
        .write_image(&rgb, WIDTH, HEIGHT, image::ExtendedColorType::Rgb8)
        .ok()?;
    Some(out)
}

/// The cover's text alternative.
pub(crate) fn alt_text(issue: &Issue) -> String {
    let mut alt = format!(
        "Cover: {}, issue {}, {}. Lead: {}",
        issue.newsletter,
        issue.number,
        issue.date.long(),
        issue.lead.title
    );
    if let Some(byline) = issue.lead.byline() {
        alt.push_str(&format!(", {}", byline.to_lowercase_first()));
    }
    alt.push('.');
    alt
}

trait LowerFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowerFirst for String {
    /// "By Mina Cho" → "by Mina Cho".
    fn to_lowercase_first(&self) -> String {
        let mut chars = self.chars();
        match chars.next() {
            Some(c) => c.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test --release --lib cover_timing -- --ignored --nocapture`
    #[test]
    #[ignore = "timing probe, run by hand"]
    fn cover_timing() {
        let t = std::time::Instant::now();
        let mut pixmap = Pixmap::new(WIDTH, HEIGHT).expect("size");
        pixmap.fill(Color::WHITE);
        eprintln!("fill {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let fonts = Fonts::new(&fonts::SERIF_DISPLAY_SEMIBOLD, &fonts::SERIF_KR_BOLD).expect("font");
        eprintln!("faces {:?}", t.elapsed());
        let t = std::time::Instant::now();
        draw(&mut pixmap, &fonts, "Why Two Allies Need One Plan", 130.0, 0.0, 100.0, 500.0, Color::BLACK);
        eprintln!("draw {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let png = encode_png(&pixmap).expect("png");
        eprintln!("png {:?} {} bytes", t.elapsed(), png.len());
    }
}
