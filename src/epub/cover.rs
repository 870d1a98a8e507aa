//! The generated cover: masthead, issue number, date and lead title drawn
//! with the bundled fonts (HarfRust shaping, ttf-parser outlines,
//! exact-area coverage from ab_glyph_rasterizer) into an indexed image,
//! encoded as a fast-compressed palette PNG.

use ab_glyph_rasterizer::{Point, Rasterizer, point};
use harfrust::{Buffer, Direction, ShapeOptions, ShapePlan, ShaperFont};
use ttf_parser::{GlyphId, OutlineBuilder};

use crate::fonts::{self, Bundled};
use crate::layout::font::{Face, FontBook};
use crate::model::Issue;

/// Cover size in pixels: 2:3, the common e-reader cover ratio, and the
/// 1600 px height stores ask for (not more: the rasterising and the PNG
/// cost grow with the area).
pub(crate) const WIDTH: u32 = 1067;
pub(crate) const HEIGHT: u32 = 1600;
/// Width of the catalog's thumbnail of the cover, in pixels (readers show
/// catalog thumbnails small).
pub(crate) const THUMBNAIL_WIDTH: u32 = 200;
/// The layout below is designed on a 1600 × 2400 grid; drawing scales it.
const DESIGN_WIDTH: f32 = 1600.0;
const DESIGN_HEIGHT: f32 = 2400.0;
const MARGIN: f32 = 130.0;

/// One face plus the Korean face used for characters it lacks (parsed
/// only when a text needs it: most covers have none). Both are the
/// layout's own, from the default font book (parsed once per process
/// for both).
struct Fonts {
    book: std::sync::Arc<FontBook>,
    main: &'static Bundled,
    fallback: &'static Bundled,
    /// Shape plans by (fallback face?, right to left?, script): compiling
    /// one costs more than shaping a line, and lines are measured often.
    plans: std::sync::Mutex<Vec<(PlanKey, std::sync::Arc<ShapePlan>)>>,
    /// Widths of texts set 1 px high ([`measure`]): fitting a title tries
    /// several sizes, wrapping re-measures each line as it grows, and the
    /// thumbnail makes the same choices as the full cover.
    widths: std::sync::Mutex<std::collections::HashMap<String, f32>>,
}

type PlanKey = (bool, bool, Option<harfrust::Script>);

impl Fonts {
    fn new(
        book: &std::sync::Arc<FontBook>,
        main: &'static Bundled,
        fallback: &'static Bundled,
    ) -> Self {
        Self {
            book: std::sync::Arc::clone(book),
            main,
            fallback,
            plans: std::sync::Mutex::new(Vec::new()),
            widths: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// The main face.
    fn main(&self) -> &Face {
        self.book.bundled(self.main)
    }

    /// The fallback face, parsed on first use.
    fn fallback(&self) -> &Face {
        self.book.bundled(self.fallback)
    }

    /// The main face, or the fallback face.
    fn face(&self, fallback: bool) -> &Face {
        match fallback {
            true => self.fallback(),
            false => self.main(),
        }
    }

    /// The plan for shaping `buffer` in the main or fallback face.
    fn plan(
        &self,
        fallback: bool,
        font: &harfrust::Font,
        buffer: &Buffer,
    ) -> std::sync::Arc<ShapePlan> {
        let direction = buffer.direction();
        let key = (
            fallback,
            direction == Direction::RightToLeft,
            buffer.script(),
        );
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, plan)) = plans.iter().find(|(k, _)| *k == key) {
            return std::sync::Arc::clone(plan);
        }
        let plan = std::sync::Arc::new(ShapePlan::new(font, direction, key.2, None, &[]));
        plans.push((key, std::sync::Arc::clone(&plan)));
        plan
    }
}

/// A shaped glyph: which face, glyph id, x offset in px, y offset in px.
struct Placed {
    fallback: bool,
    glyph: u16,
    x: f32,
    y: f32,
}

/// Shapes `text` at `size` px in visual order (Unicode BiDi, so Hebrew or
/// Arabic runs read right to left), switching to the fallback face for
/// runs the main face cannot draw. Characters neither face has are left
/// out rather than drawn as empty boxes. Returns glyphs and the advance.
fn shape(fonts: &Fonts, text: &str, size: f32, tracking: f32) -> (Vec<Placed>, f32) {
    let bidi = unicode_bidi::BidiInfo::new(text, None);
    let mut placed = Vec::new();
    let mut x = 0.0;
    for para in &bidi.paragraphs {
        let (levels, runs) = bidi.visual_runs(para, para.range.clone());
        for run in runs {
            let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
            let mut subs: Vec<(bool, String)> = Vec::new();
            for c in text[run].chars() {
                let fallback =
                    !fonts.main().covers(c) && !c.is_whitespace() && fonts.fallback().covers(c);
                match subs.last_mut() {
                    Some((f, s)) if *f == fallback => s.push(c),
                    _ => subs.push((fallback, c.to_string())),
                }
            }
            if rtl {
                subs.reverse();
            }
            for (fallback, sub) in subs {
                let face = fonts.face(fallback);
                let Some(font) = face.shaper() else {
                    continue;
                };
                let scale = size / face.upem as f32;
                let mut buffer = Buffer::new();
                buffer.push_str(&sub);
                buffer.set_direction(if rtl {
                    Direction::RightToLeft
                } else {
                    Direction::LeftToRight
                });
                buffer.guess_segment_properties();
                let plan = fonts.plan(fallback, font, &buffer);
                let options = ShapeOptions::new().plan(Some(&plan));
                // Fails only on a plan for another direction or script.
                if harfrust::shape(&ShaperFont::new(font), &mut buffer, options).is_err() {
                    continue;
                }
                let shaped = buffer;
                for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
                    if info.glyph_id == 0 {
                        continue;
                    }
                    placed.push(Placed {
                        fallback,
                        glyph: u16::try_from(info.glyph_id).unwrap_or(0),
                        x: x + pos.x_offset as f32 * scale,
                        y: pos.y_offset as f32 * scale,
                    });
                    x += pos.x_advance as f32 * scale + tracking;
                }
            }
        }
    }
    (placed, x)
}

/// The advance of `text` at `size` px: shaping scales linearly with size
/// (no hinting), so each text is shaped once, 1 px high.
fn measure(fonts: &Fonts, text: &str, size: f32) -> f32 {
    let known = fonts
        .widths
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(text)
        .copied();
    let unit = known.unwrap_or_else(|| {
        let unit = shape(fonts, text, 1.0, 0.0).1;
        let mut widths = fonts.widths.lock().unwrap_or_else(|e| e.into_inner());
        // Bounded for a long `watch` or a large archive (a cover measures
        // a few hundred texts).
        if widths.len() > 20_000 {
            widths.clear();
        }
        widths.insert(text.to_owned(), unit);
        unit
    });
    unit * size
}

/// At most `max` lines; when text is cut, the last line ends in "…" and
/// still fits `width`.
fn clip(fonts: &Fonts, mut lines: Vec<String>, max: usize, size: f32, width: f32) -> Vec<String> {
    if lines.len() <= max || max == 0 {
        return lines;
    }
    lines.truncate(max);
    if let Some(last) = lines.last_mut() {
        let mut words: Vec<&str> = last.split_whitespace().collect();
        loop {
            let candidate = format!("{}\u{2026}", words.join(" "));
            if words.len() <= 1 || measure(fonts, &candidate, size) <= width {
                *last = candidate;
                break;
            }
            words.pop();
        }
    }
    lines
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
        if measure(fonts, &candidate, size) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            let mut next = line.clone();
            next.push(c);
            if !line.is_empty() && measure(fonts, &next, size) > width {
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

/// One segment of an outline, in canvas pixels (y down).
enum Segment {
    Line(Point, Point),
    Quad(Point, Point, Point),
    Cubic(Point, Point, Point, Point),
}

/// Collects font outlines (y up, font units) as canvas segments, and
/// their bounds.
struct Outline {
    segments: Vec<Segment>,
    scale: f32,
    x: f32,
    y: f32,
    start: Point,
    last: Point,
    min: Point,
    max: Point,
}

impl Outline {
    fn new() -> Self {
        Self {
            segments: Vec::new(),
            scale: 1.0,
            x: 0.0,
            y: 0.0,
            start: point(0.0, 0.0),
            last: point(0.0, 0.0),
            min: point(f32::MAX, f32::MAX),
            max: point(f32::MIN, f32::MIN),
        }
    }

    /// Font units to canvas pixels, widening the bounds.
    fn at(&mut self, x: f32, y: f32) -> Point {
        let p = point(self.x + x * self.scale, self.y - y * self.scale);
        self.min = point(self.min.x.min(p.x), self.min.y.min(p.y));
        self.max = point(self.max.x.max(p.x), self.max.y.max(p.y));
        p
    }
}

impl OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        let p = self.at(x, y);
        self.start = p;
        self.last = p;
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.at(x, y);
        self.segments.push(Segment::Line(self.last, p));
        self.last = p;
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (c, p) = (self.at(x1, y1), self.at(x, y));
        self.segments.push(Segment::Quad(self.last, c, p));
        self.last = p;
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (c1, c2, p) = (self.at(x1, y1), self.at(x2, y2), self.at(x, y));
        self.segments.push(Segment::Cubic(self.last, c1, c2, p));
        self.last = p;
    }
    fn close(&mut self) {
        if self.last != self.start {
            self.segments.push(Segment::Line(self.last, self.start));
        }
        self.last = self.start;
    }
}

/// Antialiasing levels per colour ramp (coverage is quantised to these).
const LEVELS: u16 = 16;

/// An 8-bit indexed image: flat backgrounds and antialiased text in a
/// few colours fit a small palette, which encodes several times faster
/// than RGB (the cover must not dominate the build).
struct Canvas {
    width: u32,
    height: u32,
    /// Design units to pixels.
    scale: f32,
    px: Vec<u8>,
    palette: Vec<u8>,
    /// One rasteriser reused for every line (its coverage buffer is the
    /// line's area: allocating it afresh per line faults in new pages).
    raster: Rasterizer,
}

impl Canvas {
    /// The size of a canvas `height` px high: as wide as the design's
    /// ratio makes it.
    fn size(height: u32) -> (u32, u32) {
        let scale = height as f32 / DESIGN_HEIGHT;
        ((DESIGN_WIDTH * scale).round() as u32, height)
    }

    /// A canvas `height` px high, as wide as the design's ratio makes it.
    fn new(height: u32, background: [u8; 3]) -> Self {
        let scale = height as f32 / DESIGN_HEIGHT;
        let (width, height) = Self::size(height);
        Self {
            width,
            height,
            scale,
            px: vec![0; (width * height) as usize],
            palette: background.to_vec(),
            raster: Rasterizer::new(0, 0),
        }
    }

    /// Adds a solid colour; returns its index.
    fn color(&mut self, c: [u8; 3]) -> u8 {
        self.palette.extend_from_slice(&c);
        u8::try_from(self.palette.len() / 3 - 1).expect("the palette stays under 256 entries")
    }

    /// Adds a ramp from `bg` (level 0) to `fg` (full coverage); returns
    /// the index of level 0.
    fn ramp(&mut self, fg: [u8; 3], bg: [u8; 3]) -> u8 {
        let base = self.palette.len() / 3;
        for k in 0..LEVELS {
            for ch in 0..3 {
                let (f, b) = (u16::from(fg[ch]), u16::from(bg[ch]));
                let mixed = (b * (LEVELS - 1 - k) + f * k + (LEVELS - 1) / 2) / (LEVELS - 1);
                self.palette.push(u8::try_from(mixed).unwrap_or(255));
            }
        }
        u8::try_from(base).expect("the palette stays under 256 entries")
    }

    /// A solid rectangle, in design units.
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, index: u8) {
        let k = self.scale;
        let (x, y, w, h) = (x * k, y * k, w * k, h * k);
        let x0 = (x.max(0.0) as u32).min(self.width);
        let x1 = ((x + w).max(0.0) as u32).min(self.width);
        let y0 = (y.max(0.0) as u32).min(self.height);
        let y1 = ((y + h).max(0.0) as u32).min(self.height);
        for row in y0..y1 {
            let at = (row * self.width) as usize;
            self.px[at + x0 as usize..at + x1 as usize].fill(index);
        }
    }

    /// Draws `text` with its baseline at `y` in the colour ramp at `ramp`.
    #[allow(clippy::too_many_arguments, reason = "a drawing call with its style")]
    fn text(
        &mut self,
        fonts: &Fonts,
        text: &str,
        size: f32,
        tracking: f32,
        x: f32,
        y: f32,
        ramp: u8,
    ) {
        // Design units to pixels.
        let k = self.scale;
        let (size, tracking, x, y) = (size * k, tracking * k, x * k, y * k);
        let (glyphs, _) = shape(fonts, text, size, tracking);
        let mut outline = Outline::new();
        for g in &glyphs {
            let face = fonts.face(g.fallback);
            outline.scale = size / face.upem as f32;
            outline.x = x + g.x;
            outline.y = y - g.y;
            face.ttf.outline_glyph(GlyphId(g.glyph), &mut outline);
        }
        if outline.segments.is_empty() {
            return;
        }
        // Rasterise only the line's bounding box (exact area coverage: a
        // fraction of tiny-skia's supersampling cost), then map coverage to
        // the ramp. Overlapping contours add up and are clamped, which for
        // glyphs is the nonzero rule.
        let (lo, hi) = (outline.min, outline.max);
        let bx = lo.x.floor().max(0.0) as u32;
        let by = lo.y.floor().max(0.0) as u32;
        let bw = ((hi.x.ceil().max(0.0) as u32).min(self.width)).saturating_sub(bx);
        let bh = ((hi.y.ceil().max(0.0) as u32).min(self.height)).saturating_sub(by);
        if bw == 0 || bh == 0 {
            // Entirely off the canvas.
            return;
        }
        let raster = &mut self.raster;
        raster.reset(bw as usize, bh as usize);
        let shift = |p: Point| point(p.x - bx as f32, p.y - by as f32);
        for s in &outline.segments {
            match *s {
                Segment::Line(a, b) => raster.draw_line(shift(a), shift(b)),
                Segment::Quad(a, c, b) => raster.draw_quad(shift(a), shift(c), shift(b)),
                Segment::Cubic(a, c1, c2, b) => {
                    raster.draw_cubic(shift(a), shift(c1), shift(c2), shift(b))
                }
            }
        }
        // Pixels come row by row: the destination is tracked rather than
        // worked out from each pixel's index (`for_each_pixel_2d` divides
        // by the width for every pixel of the box).
        let (px, stride) = (&mut self.px, self.width as usize);
        let (mut x, mut row) = (0, by as usize * stride + bx as usize);
        let box_width = bw as usize;
        raster.for_each_pixel(|_, alpha| {
            let level = (alpha.clamp(0.0, 1.0) * f32::from(LEVELS - 1) + 0.5) as u8;
            if level > 0
                && let Some(dst) = px.get_mut(row + x)
            {
                *dst = ramp + level;
            }
            x += 1;
            if x == box_width {
                x = 0;
                row += stride;
            }
        });
    }

    /// Indexed PNG, fast deflate. The Up filter turns the flat rows into
    /// zeros, which fast deflate packs best (measured: 160 KB in ~1.3 ms,
    /// against 1.5 MB unfiltered and ~20 ms for the Balanced level).
    fn encode(&self) -> Option<Vec<u8>> {
        self.encode_with(png::Compression::Fast, png::Filter::Up)
    }

    fn encode_with(&self, compression: png::Compression, filter: png::Filter) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, self.width, self.height);
        enc.set_color(png::ColorType::Indexed);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_palette(self.palette.clone());
        enc.set_compression(compression);
        enc.set_filter(filter);
        let mut writer = enc.write_header().ok()?;
        writer.write_image_data(&self.px).ok()?;
        writer.finish().ok()?;
        Some(out)
    }
}

/// Largest size (stepping down from `max`) at which `text` wraps into at
/// most `max_lines`, with the lines.
fn fit(fonts: &Fonts, text: &str, max: f32, min: f32, max_lines: usize) -> (f32, Vec<String>) {
    let width = DESIGN_WIDTH - 2.0 * MARGIN;
    let mut size = max;
    loop {
        let lines = wrap(fonts, text, size, width);
        if lines.len() <= max_lines || size <= min {
            let lines = balance(fonts, text, size, width, lines);
            return (size, lines);
        }
        size = (size * 0.9).max(min);
    }
}

/// The same number of lines as `greedy`, as even as they can be: the
/// narrowest measure that still needs no more lines (no one-word last
/// line under a long one). Words are measured once; lines are re-checked
/// whole, kerning included, and `greedy` is kept if one would not fit.
fn balance(fonts: &Fonts, text: &str, size: f32, width: f32, greedy: Vec<String>) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if greedy.len() < 2 {
        return greedy;
    }
    let widths: Vec<f32> = words.iter().map(|w| measure(fonts, w, size)).collect();
    let space = measure(fonts, "a a", size) - 2.0 * measure(fonts, "a", size);
    let widest = widths.iter().copied().fold(0.0, f32::max);
    if widest > width {
        return greedy; // words split by characters: keep the greedy lines
    }
    let break_at = |measure: f32| -> Vec<usize> {
        let mut starts = vec![0];
        let mut x = 0.0;
        for (i, w) in widths.iter().enumerate() {
            let next = if x == 0.0 { *w } else { x + space + w };
            if next > measure && x > 0.0 {
                starts.push(i);
                x = *w;
            } else {
                x = next;
            }
        }
        starts
    };
    let (mut lo, mut hi) = (widest, width);
    for _ in 0..20 {
        let mid = (lo + hi) / 2.0;
        if break_at(mid).len() <= greedy.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let starts = break_at(hi);
    let lines: Vec<String> = starts
        .iter()
        .enumerate()
        .map(|(k, &from)| {
            let to = starts.get(k + 1).copied().unwrap_or(words.len());
            words[from..to].join(" ")
        })
        .collect();
    if lines.len() == greedy.len() && lines.iter().all(|l| measure(fonts, l, size) <= width) {
        lines
    } else {
        greedy
    }
}

/// The cover's faces (display, serif, sans), parsed once per process.
fn cover_fonts() -> &'static [Fonts; 3] {
    static FONTS: std::sync::OnceLock<[Fonts; 3]> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| {
        let book = FontBook::shared(&crate::model::FontFiles::default());
        [
            Fonts::new(&book, &fonts::SERIF_DISPLAY_SEMIBOLD, &fonts::SERIF_KR_BOLD),
            Fonts::new(&book, &fonts::SERIF_REGULAR, &fonts::SERIF_KR_REGULAR),
            Fonts::new(&book, &fonts::SANS_SEMIBOLD, &fonts::SANS_KR_BOLD),
        ]
    })
}

/// Parses the cover's faces ahead of the first cover (on an idle thread
/// while the manifest loads).
pub(crate) fn warm_up() {
    let _ = cover_fonts();
}

/// Renders the cover PNG. None only if the PNG encoder fails.
pub(crate) fn render(issue: &Issue) -> Option<Vec<u8>> {
    // The EPUB and the catalog both want the cover of an issue built in
    // this run: draw it once per process (a fifth of an issue's work).
    memoised(issue, HEIGHT).map(|(png, _, _)| png)
}

/// The cover drawn `width` px wide (for catalog thumbnails: drawing small
/// costs a fraction of decoding and resizing the full cover), as a PNG
/// with its width and height. None only if the PNG encoder fails.
pub(crate) fn thumbnail(issue: &Issue, width: u32) -> Option<(Vec<u8>, u32, u32)> {
    let height = (width as f32 * DESIGN_HEIGHT / DESIGN_WIDTH).round() as u32;
    memoised(issue, height.max(1))
}

/// The cover `height` px high as a PNG with its size: drawn once per
/// process for each issue and height, and kept in the on-disk cache
/// ([`crate::cache`]) for the next build of the same cover.
fn memoised(issue: &Issue, height: u32) -> Option<(Vec<u8>, u32, u32)> {
    type Drawn = std::collections::BTreeMap<String, (Vec<u8>, u32, u32)>;
    static DRAWN: std::sync::OnceLock<std::sync::Mutex<Drawn>> = std::sync::OnceLock::new();
    let texts = Texts::of(issue);
    let key = texts.key(height);
    let memo = DRAWN.get_or_init(Default::default);
    if let Some(drawn) = memo.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Some(drawn.clone());
    }
    let (width, height) = Canvas::size(height);
    let png = match crate::cache::get("cover", &key) {
        Some(png) => png,
        None => {
            let png = draw(&texts, height).encode()?;
            crate::cache::put("cover", &key, &png);
            png
        }
    };
    let drawn = (png, width, height);
    memo.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, drawn.clone());
    Some(drawn)
}

/// Everything a cover shows, in the words it is drawn with.
struct Texts {
    newsletter: String,
    /// "ISSUE 34", in the issue's language.
    issue_label: String,
    date: String,
    kind: String,
    title: String,
    byline: Option<String>,
    publisher: Option<String>,
    accent: [u8; 3],
}

impl Texts {
    fn of(issue: &Issue) -> Self {
        let words = issue.words();
        Self {
            newsletter: issue.newsletter.clone(),
            issue_label: words.issue(&issue.number).to_uppercase(),
            date: words.date(issue.date.0),
            kind: issue.lead.kind.to_uppercase(),
            title: issue.lead.title.clone(),
            byline: words.byline(&issue.lead.authors),
            publisher: issue.publisher.clone(),
            accent: issue.style.accent,
        }
    }

    /// The key of the cover drawn from these texts `height` px high (the
    /// cache adds this build's id: its drawing code and fonts).
    fn key(&self, height: u32) -> String {
        format!(
            "{height}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{:?}\u{0}{:?}\u{0}{:?}",
            self.newsletter,
            self.issue_label,
            self.date,
            self.kind,
            self.title,
            self.byline,
            self.publisher,
            self.accent
        )
    }
}

/// Draws the cover `height` px high (see [`render`]).
fn draw(texts: &Texts, height: u32) -> Canvas {
    let accent = texts.accent;
    let paper = [0xf7, 0xf4, 0xee];
    let ink = [0x1c, 0x1b, 0x1a];
    let grey = [0x5a, 0x57, 0x52];
    let white = [0xff, 0xff, 0xff];
    let mut canvas = Canvas::new(height, paper);
    let accent_solid = canvas.color(accent);
    let ink_solid = canvas.color(ink);
    let grey_solid = canvas.color(grey);
    let on_band = canvas.ramp(white, accent);
    let accent_text = canvas.ramp(accent, paper);
    let ink_text = canvas.ramp(ink, paper);
    let grey_text = canvas.ramp(grey, paper);

    let [display, serif, sans] = cover_fonts();
    let width = DESIGN_WIDTH - 2.0 * MARGIN;

    // Masthead band.
    let (size, lines) = fit(display, &texts.newsletter, 150.0, 70.0, 3);
    let lines = clip(display, lines, 4, size, width);
    let leading = size * 1.12;
    let band = MARGIN + leading * lines.len() as f32 + 120.0;
    canvas.rect(0.0, 0.0, DESIGN_WIDTH, band, accent_solid);
    let mut y = MARGIN + size * 0.9;
    for line in &lines {
        canvas.text(display, line, size, 0.0, MARGIN, y, on_band);
        y += leading;
    }

    // Issue number and date.
    let mut y = band + 150.0;
    for line in wrap(sans, &texts.issue_label, 64.0, width) {
        canvas.text(sans, &line, 64.0, 6.0, MARGIN, y, accent_text);
        y += 80.0;
    }
    canvas.text(serif, &texts.date, 64.0, 0.0, MARGIN, y + 10.0, grey_text);
    y += 110.0;
    canvas.rect(MARGIN, y, width, 6.0, ink_solid);
    y += 200.0;

    // The lead: kind label, title, byline.
    canvas.text(sans, &texts.kind, 52.0, 5.0, MARGIN, y, accent_text);
    y += 150.0;
    let (size, lines) = fit(display, &texts.title, 130.0, 56.0, 6);
    let leading = size * 1.15;
    // Whatever does not fit above the foot is cut with an ellipsis (the
    // contents page has it all).
    let limit = DESIGN_HEIGHT - MARGIN - 220.0;
    let room = ((limit - y) / leading).floor().max(1.0) as usize;
    for line in clip(display, lines, room, size, width) {
        canvas.text(display, &line, size, 0.0, MARGIN, y, ink_text);
        y += leading;
    }
    if let Some(byline) = texts.byline.as_ref().filter(|_| y + 100.0 < limit) {
        y += 40.0;
        for line in clip(serif, wrap(serif, byline, 60.0, width), 2, 60.0, width) {
            canvas.text(serif, &line, 60.0, 0.0, MARGIN, y, grey_text);
            y += 76.0;
        }
    }

    // Publisher at the foot.
    if let Some(publisher) = &texts.publisher {
        let foot = DESIGN_HEIGHT - MARGIN;
        canvas.rect(MARGIN, foot - 110.0, width, 3.0, grey_solid);
        let lines = clip(sans, wrap(sans, publisher, 52.0, width), 1, 52.0, width);
        if let Some(first) = lines.first() {
            canvas.text(sans, first, 52.0, 2.0, MARGIN, foot, grey_text);
        }
    }
    canvas
}

/// The cover's text alternative (English sentences in English books,
/// the bare facts in the book's own words otherwise).
pub(crate) fn alt_text(issue: &Issue) -> String {
    let words = issue.words();
    let date = words.date(issue.date.0);
    let byline = words.byline(&issue.lead.authors);
    if words != crate::model::Words::En {
        let mut alt = format!(
            "{}, {}, {date}. {}",
            issue.newsletter,
            words.issue(&issue.number),
            issue.lead.title
        );
        if let Some(byline) = byline {
            alt.push_str(&format!(", {byline}"));
        }
        alt.push('.');
        return alt;
    }
    let mut alt = format!(
        "Cover: {}, issue {}, {date}. Lead: {}",
        issue.newsletter, issue.number, issue.lead.title
    );
    if let Some(byline) = byline {
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

    #[test]
    fn cover_titles_wrap_into_even_lines() {
        let book = FontBook::shared(&crate::model::FontFiles::default());
        let fonts = Fonts::new(&book, &fonts::SERIF_DISPLAY_SEMIBOLD, &fonts::SERIF_KR_BOLD);
        let title = "Why Two Allies Need One Plan for the Sea Floor";
        let width = DESIGN_WIDTH - 2.0 * MARGIN;
        let greedy = wrap(&fonts, title, 130.0, width);
        let (size, lines) = fit(&fonts, title, 130.0, 56.0, 6);
        assert_eq!(size, 130.0);
        assert_eq!(lines.len(), greedy.len());
        assert_eq!(lines.join(" "), title);
        let widths: Vec<f32> = lines.iter().map(|l| measure(&fonts, l, size)).collect();
        let greedy_last = measure(&fonts, greedy.last().expect("lines"), size);
        let (short, long) = (
            widths.iter().copied().fold(f32::MAX, f32::min),
            widths.iter().copied().fold(0.0, f32::max),
        );
        // Greedy leaves "Floor" alone; balanced lines are within a fifth.
        assert!(greedy_last < 0.5 * width, "{greedy:?}");
        assert!(short > 0.8 * long, "{lines:?} {widths:?}");
        assert!(long <= width);
    }

    /// `cargo test --release --lib cover_timing -- --ignored --nocapture`
    #[test]
    #[ignore = "timing probe, run by hand"]
    fn cover_timing() {
        let t = std::time::Instant::now();
        let mut canvas = Canvas::new(HEIGHT, [255, 255, 255]);
        let ramp = canvas.ramp([0, 0, 0], [255, 255, 255]);
        let book = FontBook::shared(&crate::model::FontFiles::default());
        let fonts = Fonts::new(&book, &fonts::SERIF_DISPLAY_SEMIBOLD, &fonts::SERIF_KR_BOLD);
        let band = canvas.color([155, 28, 28]);
        canvas.rect(0.0, 0.0, 1600.0, 600.0, band);
        for i in 0..10 {
            canvas.text(
                &fonts,
                "Why Two Allies Need One Plan",
                130.0,
                0.0,
                100.0,
                700.0 + 150.0 * i as f32,
                ramp,
            );
        }
        eprintln!("draw {:?}", t.elapsed());
        for c in [
            png::Compression::Fastest,
            png::Compression::Fast,
            png::Compression::Balanced,
        ] {
            for f in [png::Filter::NoFilter, png::Filter::Sub, png::Filter::Up] {
                let t = std::time::Instant::now();
                let png = canvas.encode_with(c, f).expect("png");
                eprintln!("{c:?} {f:?}: {:?} {} bytes", t.elapsed(), png.len());
            }
        }
    }
}
