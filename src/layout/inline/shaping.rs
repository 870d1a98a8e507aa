//! Shaping with HarfRust, cached per (text, font, features, direction).
//!
//! Results are kept in font units, so one entry serves every size. Words
//! repeat a lot in an issue ("the", "of", names), so most segments hit.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use harfrust::{Buffer, Direction, Feature, ShapeOptions, ShapePlan, ShaperFont, Tag};

use crate::frame::GlyphText;
use crate::layout::FontId;
use crate::layout::font::FontBook;

/// One shaped glyph in font units; `cluster` is a byte offset into the
/// shaped text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawGlyph {
    pub id: u16,
    pub advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
    pub cluster: u32,
}

/// Glyphs of one shaped segment, in visual order, and its advance sum.
#[derive(Debug, Clone)]
pub(crate) struct Shaped {
    pub glyphs: Vec<RawGlyph>,
    /// Each glyph's source text ([`cluster_texts`]), worked out once per
    /// shaped word rather than for every line it is set in.
    pub texts: Vec<GlyphText>,
    pub advance: i32,
    pub upem: f64,
}

/// A cached result and the exact key it was shaped for (the map is keyed
/// by hash only, so lookups need no allocation).
struct Entry {
    text: Box<str>,
    font: FontId,
    features: Features,
    rtl: bool,
    shaped: Arc<Shaped>,
}

type Map = HashMap<u64, Vec<Entry>, BuildHasherDefault<FxHasher>>;

/// Entries kept per map before it is emptied (very long runs of distinct
/// text).
const MAX_ENTRIES: usize = 200_000;

/// Shared shaping cache of a font book (ids are per book).
pub(crate) struct ShapeCache {
    /// Tells this cache's entries apart in each thread's [`LOCAL`] map.
    id: u64,
    map: Mutex<Map>,
    /// Shape plans (compiled feature lookups) per face, direction, script
    /// and feature set: building one costs more than shaping a word.
    plans: Mutex<HashMap<PlanKey, Arc<ShapePlan>>>,
}

type PlanKey = (FontId, bool, Option<harfrust::Script>, Features);

impl Default for ShapeCache {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        Self {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            map: Mutex::default(),
            plans: Mutex::default(),
        }
    }
}

thread_local! {
    /// Each thread's own copies of the entries it has used, for one cache
    /// (by id). Nearly every lookup is a hit, and hits on the shared map
    /// alone (its lock, each entry's reference count) had the workers
    /// taking the same cache lines from each other, and waiting on the lock.
    static LOCAL: RefCell<(u64, Map)> = RefCell::new((u64::MAX, Map::default()));
}

/// FxHash (rustc's hasher): much faster than SipHash for short keys, and
/// these caches never see adversarial input that could matter.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("chunk of 8")));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) fn fx_hash(parts: impl Hash) -> u64 {
    let mut h = FxHasher::default();
    parts.hash(&mut h);
    h.finish()
}

impl std::fmt::Debug for ShapeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ShapeCache")
    }
}

/// OpenType features a run is shaped with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Features {
    /// Running text: kerning, ligatures and proportional figures (the
    /// bundled faces default to tabular ones, gappy around a "1").
    Text,
    /// Kerning and ligatures off (code).
    Plain,
    /// Tabular figures, so numbers line up in columns (tables, folios).
    Tabular,
}

impl Features {
    /// The features for text in `style`.
    pub(crate) fn of(style: &super::TextStyle) -> Self {
        if style.family == crate::layout::font::Family::Mono {
            Self::Plain
        } else if style.tabular {
            Self::Tabular
        } else {
            Self::Text
        }
    }

    fn list(self) -> &'static [Feature] {
        match self {
            Self::Text => &PROPORTIONAL,
            Self::Plain => &PLAIN,
            Self::Tabular => &TABULAR,
        }
    }
}

/// Shapes `text` in one face with `features`.
pub(crate) fn shape(
    book: &FontBook,
    text: &str,
    font: FontId,
    features: Features,
    rtl: bool,
) -> Arc<Shaped> {
    let hash = fx_hash((text, font.0, features, rtl));
    let matches =
        |e: &&Entry| &*e.text == text && e.font == font && e.features == features && e.rtl == rtl;
    let id = book.shapes.id;
    let local = LOCAL.with_borrow_mut(|(owner, map)| {
        if *owner != id {
            map.clear();
            *owner = id;
        }
        let hit = map.get(&hash).and_then(|v| v.iter().find(matches));
        hit.map(|e| Arc::clone(&e.shaped))
    });
    if let Some(hit) = local {
        return hit;
    }
    let entry = |shaped: &Arc<Shaped>| Entry {
        text: text.into(),
        font,
        features,
        rtl,
        shaped: Arc::clone(shaped),
    };
    let shared = {
        let map = book.shapes.map.lock().unwrap_or_else(|e| e.into_inner());
        let hit = map.get(&hash).and_then(|v| v.iter().find(matches));
        // A copy of its own for this thread (see LOCAL).
        hit.map(|e| Arc::new(Shaped::clone(&e.shaped)))
    };
    let shaped = match shared {
        Some(copy) => copy,
        None => {
            let shaped = Arc::new(shape_uncached(book, text, font, features, rtl));
            let mut map = book.shapes.map.lock().unwrap_or_else(|e| e.into_inner());
            if map.len() > MAX_ENTRIES {
                map.clear();
            }
            map.entry(hash).or_default().push(entry(&shaped));
            shaped
        }
    };
    LOCAL.with_borrow_mut(|(_, map)| {
        if map.len() > MAX_ENTRIES {
            map.clear();
        }
        map.entry(hash).or_default().push(entry(&shaped));
    });
    shaped
}

fn shape_uncached(
    book: &FontBook,
    text: &str,
    font: FontId,
    features: Features,
    rtl: bool,
) -> Shaped {
    let Some((hr, upem)) = book.face(font).and_then(|f| Some((f.shaper()?, f.upem))) else {
        return Shaped {
            glyphs: Vec::new(),
            texts: Vec::new(),
            advance: 0,
            upem: 1000.0,
        };
    };
    let direction = if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    };
    let mut buffer = Buffer::new();
    buffer.push_str(text);
    buffer.set_direction(direction);
    buffer.guess_segment_properties();
    let script = buffer.script();
    let key: PlanKey = (font, rtl, script, features);
    let plan = {
        let mut plans = book.shapes.plans.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(plans.entry(key).or_insert_with(|| {
            Arc::new(ShapePlan::new(hr, direction, script, None, features.list()))
        }))
    };
    let options = ShapeOptions::new()
        .plan(Some(&plan))
        .features(features.list());
    // The plan was made for this buffer's direction and script, the only
    // ways shaping can fail; a failure leaves no glyphs, like a missing face.
    if harfrust::shape(&ShaperFont::new(hr), &mut buffer, options).is_err() {
        buffer.clear();
    }
    let out = buffer;
    let mut advance = 0;
    let glyphs = out
        .glyph_infos()
        .iter()
        .zip(out.glyph_positions())
        .map(|(info, pos)| {
            advance += pos.x_advance;
            RawGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance,
                x_offset: pos.x_offset,
                y_offset: pos.y_offset,
                cluster: info.cluster,
            }
        })
        .collect::<Vec<_>>();
    Shaped {
        texts: cluster_texts(text, &glyphs),
        glyphs,
        advance,
        upem,
    }
}

/// The source text of each glyph of `text` shaped: each cluster's text
/// goes to its first glyph (a ligature "fi" carries "fi"), later glyphs
/// get "".
fn cluster_texts(text: &str, g: &[RawGlyph]) -> Vec<GlyphText> {
    // Left-to-right text has ascending clusters: one pass, no sorting.
    if g.windows(2).all(|w| w[0].cluster <= w[1].cluster) {
        return (0..g.len())
            .map(|i| {
                let c = g[i].cluster;
                if i > 0 && g[i - 1].cluster == c {
                    return GlyphText::default();
                }
                let end = g[i + 1..]
                    .iter()
                    .find(|n| n.cluster > c)
                    .map_or(text.len(), |n| n.cluster as usize);
                GlyphText::new(text.get(c as usize..end).unwrap_or(""))
            })
            .collect();
    }
    let mut starts: Vec<u32> = g.iter().map(|g| g.cluster).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut seen = vec![false; starts.len()];
    g.iter()
        .map(|g| {
            let Ok(idx) = starts.binary_search(&g.cluster) else {
                return GlyphText::default();
            };
            if seen[idx] {
                GlyphText::default()
            } else {
                seen[idx] = true;
                let a = g.cluster as usize;
                let b = starts.get(idx + 1).map_or(text.len(), |&e| e as usize);
                GlyphText::new(text.get(a..b).unwrap_or(""))
            }
        })
        .collect()
}

/// Features switched off for code: no kerning, no ligatures.
static PLAIN: [Feature; 4] = [
    Feature {
        tag: Tag::new(b"kern"),
        value: 0,
        start: 0,
        end: u32::MAX,
    },
    Feature {
        tag: Tag::new(b"liga"),
        value: 0,
        start: 0,
        end: u32::MAX,
    },
    Feature {
        tag: Tag::new(b"clig"),
        value: 0,
        start: 0,
        end: u32::MAX,
    },
    Feature {
        tag: Tag::new(b"calt"),
        value: 0,
        start: 0,
        end: u32::MAX,
    },
];

/// Tabular (fixed-width) figures.
static TABULAR: [Feature; 1] = [Feature {
    tag: Tag::new(b"tnum"),
    value: 1,
    start: 0,
    end: u32::MAX,
}];

/// Proportional figures.
static PROPORTIONAL: [Feature; 1] = [Feature {
    tag: Tag::new(b"pnum"),
    value: 1,
    start: 0,
    end: u32::MAX,
}];
