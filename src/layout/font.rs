//! The font book: every face the layout may use, parsed once per process.
//!
//! Faces have fixed ids: the house faces first (in [`crate::fonts::ALL`]
//! order), then the style's font files, then an alias of each of those (see
//! [`FontBook::alias`]), then the script faces (in [`crate::fonts::SCRIPTS`]
//! order), then — only when the style asks for system fonts — every system
//! font fontdb finds (sorted by path and face index, scanned lazily the
//! first time a character is missing from every bundled face). Ids never
//! depend on the order in which text was laid out, so output stays
//! reproducible.
//!
//! Fallback is per character cluster: the style's face → the same family's
//! upright face → the matching Korean face (Myeongjo beside serif, Gothic
//! beside sans and mono) → the other house families → the script faces of
//! the same kind (Naskh, Hebrew, Devanagari and Thai serif beside serif;
//! sans beside sans), Chinese and Japanese in the order the issue's
//! language prefers → the script faces of the other kind → Noto Emoji →
//! system fonts, if the style allows them. A character no face covers is
//! reported, never silently taken from the machine's fonts, so the same
//! manifest gives the same PDF everywhere.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use crate::fonts::{self, Bundled};
use crate::layout::{FontBytes, FontData, FontId};
use crate::model::FontFiles;

/// A typeface family role in the house style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// Body text (Source Serif 4).
    Serif,
    /// Large headings (Source Serif 4 Display).
    SerifDisplay,
    /// Labels, captions, small headings (Source Sans 3).
    Sans,
    /// Code (Source Code Pro); shaped without kerning or ligatures.
    Mono,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    Regular,
    Semibold,
    Bold,
}

/// Which Han forms come first: Chinese simplified, Chinese traditional or
/// Japanese. A run of Han the preferred face lacks (traditional characters
/// in a simplified issue, kana anywhere) goes to the next face covering it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HanForms {
    /// zh, zh-Hans, zh-CN, zh-SG, and every non-CJK language.
    #[default]
    Simplified,
    /// zh-Hant, zh-TW, zh-HK, zh-MO.
    Traditional,
    /// ja.
    Japanese,
}

impl HanForms {
    /// The forms a BCP 47 language tag asks for.
    pub fn for_language(tag: &str) -> HanForms {
        let tag = tag.to_ascii_lowercase().replace('_', "-");
        let mut parts = tag.split('-');
        match parts.next() {
            Some("ja") => HanForms::Japanese,
            Some("zh") if parts.any(|p| matches!(p, "hant" | "tw" | "hk" | "mo")) => {
                HanForms::Traditional
            }
            _ => HanForms::Simplified,
        }
    }
}

/// Where a book looks past the house faces: the issue's Han forms, and
/// whether the machine's own fonts may fill gaps (`style.system_fonts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Fallback {
    pub han: HanForms,
    /// True when the issue's language is Chinese or Japanese: then its Han
    /// face comes before the Korean one for kana and CJK punctuation too.
    pub cjk_language: bool,
    pub system_fonts: bool,
}

impl Fallback {
    /// The fallback for an issue in `language`.
    pub fn new(language: &str, system_fonts: bool) -> Fallback {
        let primary = language.split(['-', '_']).next().unwrap_or("");
        Fallback {
            han: HanForms::for_language(language),
            cjk_language: matches!(primary.to_ascii_lowercase().as_str(), "zh" | "ja"),
            system_fonts,
        }
    }
}

/// Vertical metrics of a face, in em (multiply by the font size for points).
/// All are positive distances from the baseline: `descender` is the depth
/// below it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FontMetrics {
    pub ascender: f64,
    pub descender: f64,
    pub cap_height: f64,
    pub x_height: f64,
    /// Underline: distance of the line's centre below the baseline, and thickness.
    pub underline_offset: f64,
    pub underline_thickness: f64,
    /// Strike-through: height of the line's centre above the baseline.
    pub strike_offset: f64,
}

/// Index of a (family, weight, italic) style in `FontBook::primary`.
fn style_slot(family: Family, weight: Weight, italic: bool) -> usize {
    (family as usize * 3 + weight as usize) * 2 + usize::from(italic)
}

/// One parsed face.
pub(crate) struct Face {
    /// Tables read directly: metrics, character map, outlines, names.
    pub(crate) ttf: ttf_parser::Face<'static>,
    /// The same face for HarfRust's shaper, read on first use.
    shaper: OnceLock<Option<harfrust::Font>>,
    bytes: &'static [u8],
    /// Bit c set when the face has a glyph for ASCII character c.
    ascii: u128,
    pub(crate) upem: f64,
    pub(crate) metrics: FontMetrics,
    data: FaceBytes,
    index: u32,
    name: String,
}

enum FaceBytes {
    Static(&'static [u8]),
    Shared(Arc<Vec<u8>>),
}

impl Face {
    fn parse(data: FaceBytes, index: u32, name: String) -> Option<Face> {
        let bytes: &'static [u8] = match &data {
            FaceBytes::Static(b) => b,
            // Parsed once per process and kept for its lifetime (the book
            // cache never drops a book), so leaking one Arc clone is the
            // safe way to get the 'static slice both parsers want.
            FaceBytes::Shared(arc) => Box::leak(Box::new(Arc::clone(arc))).as_slice(),
        };
        let rb = ttf_parser::Face::parse(bytes, index).ok()?;
        let upem = f64::from(rb.units_per_em().max(1));
        let em = |v: i16| f64::from(v) / upem;
        let ascender = em(rb.typographic_ascender().unwrap_or(rb.ascender()));
        let descender = -em(rb.typographic_descender().unwrap_or(rb.descender()));
        let cap_height = rb.capital_height().map_or(0.7, em);
        let x_height = rb.x_height().map_or(0.5, em);
        let (underline_offset, underline_thickness) = rb
            .underline_metrics()
            .map_or((0.1, 0.05), |m| (-em(m.position), em(m.thickness)));
        let strike_offset = rb
            .strikeout_metrics()
            .map_or(x_height / 2.0, |m| em(m.position));
        let ascii = (0u8..128)
            .filter(|&b| rb.glyph_index(char::from(b)).is_some())
            .fold(0u128, |m, b| m | 1 << b);
        Some(Face {
            ttf: rb,
            shaper: OnceLock::new(),
            bytes,
            ascii,
            upem,
            metrics: FontMetrics {
                ascender,
                descender,
                cap_height,
                x_height,
                underline_offset,
                underline_thickness: underline_thickness.max(0.03),
                strike_offset,
            },
            data,
            index,
            name,
        })
    }

    pub(crate) fn covers(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.ascii & (1 << (c as u32)) != 0;
        }
        self.ttf.glyph_index(c).is_some()
    }

    /// The face as HarfRust reads it (`None` if it cannot: shaping then
    /// gives no glyphs, as for a face that failed to load).
    pub(crate) fn shaper(&self) -> Option<&harfrust::Font> {
        self.shaper
            .get_or_init(|| harfrust::Font::new(self.bytes, self.index))
            .as_ref()
    }

    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        self.ttf.glyph_index(c).map(|g| g.0)
    }

    /// The face's bytes as the PDF writer takes them. Bundled faces are
    /// borrowed from the binary, not copied.
    fn font_data(&self) -> FontData {
        let data = match &self.data {
            FaceBytes::Static(b) => FontBytes::Static(b),
            FaceBytes::Shared(a) => FontBytes::Shared(Arc::clone(a)),
        };
        FontData {
            data,
            index: self.index,
            name: self.name.clone(),
        }
    }
}

/// A face slot: a bundled face is parsed the first time it is needed
/// (most documents use a handful of the 42); a style face is parsed at once.
struct Slot {
    bundled: Option<&'static Bundled>,
    face: OnceLock<Face>,
}

impl Slot {
    fn get(&self) -> &Face {
        self.face.get_or_init(|| {
            let b = self.bundled.expect("unparsed slots are bundled faces");
            Face::parse(FaceBytes::Static(b.data), b.index, b.name.to_string())
                .expect("bundled fonts are valid OpenType")
        })
    }

    /// FontData without the bytes (a face the document does not use).
    fn placeholder(&self) -> FontData {
        let (index, name) = match (self.face.get(), self.bundled) {
            (Some(face), _) => (face.index, face.name.clone()),
            (None, Some(b)) => (b.index, b.name.to_string()),
            (None, None) => (0, String::new()),
        };
        FontData {
            data: FontBytes::Static(&[]),
            index,
            name,
        }
    }
}

/// A system font known to fontdb, loaded on first use.
struct SystemFace {
    id: fontdb::ID,
    path: PathBuf,
    index: u32,
    name: String,
    serif: bool,
    face: OnceLock<Option<Face>>,
}

impl SystemFace {
    fn get(&self) -> Option<&Face> {
        self.face
            .get_or_init(|| {
                let bytes = std::fs::read(&self.path).ok()?;
                Face::parse(
                    FaceBytes::Shared(Arc::new(bytes)),
                    self.index,
                    self.name.clone(),
                )
            })
            .as_ref()
    }
}

/// Every face the layout may use. Get one with [`FontBook::shared`].
pub struct FontBook {
    /// House faces (parsed on first use) then the style's faces.
    faces: Vec<Slot>,
    /// Script faces (parsed on first use), after the aliases.
    scripts: Vec<Slot>,
    /// Primary face for each (family, weight, italic), by [`style_slot`]
    /// (looked up per cluster: an array index, not a hash).
    primary: [FontId; 24],
    /// Bundled fallbacks after the primary face, best first, by [`style_slot`].
    chains: [Vec<FontId>; 24],
    options: Fallback,
    system: OnceLock<SystemFonts>,
    fallback: Mutex<FallbackCache>,
    pub(crate) shapes: crate::layout::inline::ShapeCache,
    pub(crate) hyphens: crate::layout::inline::HyphenCache,
}

impl std::fmt::Debug for FontBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontBook")
            .field("faces", &self.faces.len())
            .finish()
    }
}

/// System-font choices per (text, style face).
type FallbackCache = HashMap<(String, FontId), Option<FontId>>;

/// Cache key for [`FontBook::with_fallback`]: identity of the style's font
/// bytes, and the fallback.
type BookKey = ([Option<(PathBuf, usize, usize)>; 3], Fallback);

fn key_of(files: &FontFiles, fallback: Fallback) -> BookKey {
    let files = [&files.body, &files.heading, &files.mono].map(|file| {
        file.as_ref()
            .map(|f| (f.path.clone(), Arc::as_ptr(&f.data) as usize, f.data.len()))
    });
    (files, fallback)
}

/// Parses the bundled faces of the default book that nearly every issue
/// sets (body, masthead and label faces), so a build can do this on an
/// idle thread while the manifest loads. Books are cached per process, so
/// the layout then finds the faces parsed (or waits for the one being
/// parsed); the rest (code, bold italics) are parsed when first used, and
/// issues with their own font files get their own book and lose nothing.
pub fn warm_up() {
    let book = FontBook::shared(&FontFiles::default());
    let common = [
        (Family::Serif, Weight::Regular, false),
        (Family::Serif, Weight::Regular, true),
        (Family::Sans, Weight::Semibold, false),
        (Family::SerifDisplay, Weight::Semibold, false),
        (Family::Serif, Weight::Semibold, false),
        (Family::Sans, Weight::Regular, false),
        (Family::Sans, Weight::Regular, true),
        (Family::Serif, Weight::Bold, false),
    ];
    for (family, weight, italic) in common {
        let _ = book.face(book.primary[style_slot(family, weight, italic)]);
    }
}

impl FontBook {
    /// Bundled faces + the style's font files, with the default fallback
    /// (simplified Han first, no system fonts). Cached like
    /// [`FontBook::with_fallback`].
    pub fn shared(files: &FontFiles) -> Arc<FontBook> {
        FontBook::with_fallback(files, Fallback::default())
    }

    /// The book for an issue: its style's font files and its fallback.
    pub fn for_issue(issue: &crate::model::Issue) -> Arc<FontBook> {
        FontBook::with_fallback(
            &issue.style.fonts,
            Fallback::new(&issue.language, issue.style.system_fonts),
        )
    }

    /// Bundled faces + the style's font files + (if `fallback` allows)
    /// system fonts via fontdb as last resort. Cached: the same files and
    /// fallback give the same book.
    pub fn with_fallback(files: &FontFiles, fallback: Fallback) -> Arc<FontBook> {
        type Books = Mutex<Vec<(BookKey, Arc<FontBook>)>>;
        static BOOKS: OnceLock<Books> = OnceLock::new();
        let key = key_of(files, fallback);
        let books = BOOKS.get_or_init(|| Mutex::new(Vec::new()));
        let mut books = books.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, book)) = books.iter().find(|(k, _)| *k == key) {
            return Arc::clone(book);
        }
        let book = Arc::new(FontBook::new(files, fallback));
        books.push((key, Arc::clone(&book)));
        book
    }

    fn new(files: &FontFiles, options: Fallback) -> FontBook {
        let mut faces: Vec<Slot> = fonts::ALL
            .iter()
            .map(|b: &&Bundled| Slot {
                bundled: Some(*b),
                face: OnceLock::new(),
            })
            .collect();
        let mut primary = [FontId(0); 24];
        for family in [
            Family::Serif,
            Family::SerifDisplay,
            Family::Sans,
            Family::Mono,
        ] {
            for weight in [Weight::Regular, Weight::Semibold, Weight::Bold] {
                for italic in [false, true] {
                    primary[style_slot(family, weight, italic)] =
                        bundled_id(bundled_face(family, weight, italic));
                }
            }
        }
        // A style font replaces its family in every weight: one file per
        // role, and a consistent design beats a mixed bold.
        let user = [
            (&files.body, Family::Serif),
            (&files.heading, Family::SerifDisplay),
            (&files.mono, Family::Mono),
        ];
        for (file, family) in user {
            let Some(file) = file else { continue };
            let stem = file.path.file_stem().map_or_else(
                || "Custom".to_string(),
                |s| s.to_string_lossy().into_owned(),
            );
            let Some(mut face) = Face::parse(FaceBytes::Shared(Arc::clone(&file.data)), 0, stem)
            else {
                continue;
            };
            face.name = postscript_name(&face).unwrap_or_else(|| pdf_safe(&face.name));
            let id = FontId(faces.len() as u32);
            faces.push(Slot {
                bundled: None,
                face: OnceLock::from(face),
            });
            for weight in [Weight::Regular, Weight::Semibold, Weight::Bold] {
                for italic in [false, true] {
                    primary[style_slot(family, weight, italic)] = id;
                }
            }
        }
        let scripts = fonts::SCRIPTS
            .iter()
            .map(|b: &&Bundled| Slot {
                bundled: Some(*b),
                face: OnceLock::new(),
            })
            .collect();
        let mut book = FontBook {
            faces,
            scripts,
            primary,
            chains: Default::default(),
            options,
            system: OnceLock::new(),
            fallback: Mutex::new(HashMap::new()),
            shapes: Default::default(),
            hyphens: Default::default(),
        };
        for family in [
            Family::Serif,
            Family::SerifDisplay,
            Family::Sans,
            Family::Mono,
        ] {
            for weight in [Weight::Regular, Weight::Semibold, Weight::Bold] {
                for italic in [false, true] {
                    book.chains[style_slot(family, weight, italic)] =
                        book.chain(family, weight, italic);
                }
            }
        }
        book
    }

    /// FontData for every face, indexed by FontId. System faces that were
    /// never used carry empty `data` (nothing references them).
    pub fn font_data(&self) -> Vec<FontData> {
        self.collect_data(|_| true)
    }

    /// Like [`FontBook::font_data`] (same length and indices), but only the
    /// faces in `used` carry their bytes; the others have empty `data`.
    /// Saves copying ~15 MB of bundled fonts that a document doesn't use.
    pub fn font_data_for(&self, used: &[FontId]) -> Vec<FontData> {
        self.collect_data(|id| used.contains(&id))
    }

    fn collect_data(&self, want: impl Fn(FontId) -> bool) -> Vec<FontData> {
        let n = self.faces.len();
        // Base faces, then their aliases (same bytes, separate font
        // resources), then script faces, then system faces.
        let slots = (0..2 * n).map(|i| &self.faces[i % n]).chain(&self.scripts);
        let mut out: Vec<FontData> = slots
            .enumerate()
            .map(|(i, slot)| {
                if want(FontId(i as u32)) {
                    slot.get().font_data()
                } else {
                    slot.placeholder()
                }
            })
            .collect();
        if let Some(system) = self.system.get() {
            for sys in &system.faces {
                let id = FontId(out.len() as u32);
                out.push(match sys.face.get() {
                    Some(Some(face)) if want(id) => face.font_data(),
                    _ => FontData {
                        data: FontBytes::Static(&[]),
                        index: sys.index,
                        name: sys.name.clone(),
                    },
                });
            }
        }
        out
    }

    /// A second id for a bundled or style face: the same face drawn as a
    /// separate PDF font resource, so one glyph can carry a different
    /// Unicode text there. Used for a genuine hyphen ending a line in fonts
    /// whose U+2010 is the same glyph as U+002D (Source Serif, Source Sans):
    /// PDF maps each glyph of a font to one text. `None` for system faces
    /// and aliases.
    pub fn alias(&self, id: FontId) -> Option<FontId> {
        let n = self.faces.len();
        ((id.0 as usize) < n).then(|| FontId((n + id.0 as usize) as u32))
    }

    /// Number of face ids (the length of [`FontBook::font_data`]).
    pub fn len(&self) -> usize {
        self.system_base() + self.system.get().map_or(0, |s| s.faces.len())
    }

    /// Id of the first system face (after the aliases and script faces).
    fn system_base(&self) -> usize {
        2 * self.faces.len() + self.scripts.len()
    }

    /// The id of a script face in this book.
    fn script_id(&self, face: &'static Bundled) -> FontId {
        let i = fonts::SCRIPTS
            .iter()
            .position(|b| std::ptr::eq(*b, face))
            .expect("script face is listed in fonts::SCRIPTS");
        FontId((2 * self.faces.len() + i) as u32)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Metrics of the primary face of a style, in em.
    pub fn metrics(&self, family: Family, weight: Weight, italic: bool) -> FontMetrics {
        self.face(self.primary(family, weight, italic))
            .expect("primary faces are always loaded")
            .metrics
    }

    /// The face a style asks for.
    pub fn primary(&self, family: Family, weight: Weight, italic: bool) -> FontId {
        self.primary[style_slot(family, weight, italic)]
    }

    /// Bundled face `b`, parsed once (the cover draws with the layout's
    /// faces rather than parsing its own).
    pub(crate) fn bundled(&self, b: &'static Bundled) -> &Face {
        self.faces[bundled_id(b).0 as usize].get()
    }

    /// A parsed face by id (system faces are loaded on first use).
    pub(crate) fn face(&self, id: FontId) -> Option<&Face> {
        let i = id.0 as usize;
        let n = self.faces.len();
        if i < 2 * n {
            return Some(self.faces[i % n].get());
        }
        if let Some(slot) = self.scripts.get(i - 2 * n) {
            return Some(slot.get());
        }
        self.system.get()?.faces.get(i - self.system_base())?.get()
    }

    /// The face for a character cluster in a style: the first face of the
    /// fallback chain that has glyphs for every visible character. `None`
    /// when no face covers it (the caller reports the missing character).
    pub(crate) fn select(
        &self,
        cluster: &str,
        family: Family,
        weight: Weight,
        italic: bool,
    ) -> Option<FontId> {
        let first = self.primary(family, weight, italic);
        let visible = || cluster.chars().filter(|c| !is_ignorable(*c));
        let covered = |id: FontId| {
            self.face(id)
                .is_some_and(|f| visible().all(|c| f.covers(c)))
        };
        if covered(first) {
            return Some(first);
        }
        for &id in &self.chains[style_slot(family, weight, italic)] {
            if covered(id) {
                return Some(id);
            }
        }
        // System fonts, only when the style asks for them: cached per
        // (text, style face), since scanning checks every installed font.
        if !self.options.system_fonts {
            return None;
        }
        visible().next()?;
        let key = (cluster.to_string(), first);
        if let Some(hit) = self.lock_fallback().get(&key) {
            return *hit;
        }
        let found = self.system_lookup(cluster, family);
        self.lock_fallback().insert(key, found);
        found
    }

    fn lock_fallback(&self) -> std::sync::MutexGuard<'_, FallbackCache> {
        self.fallback.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Bundled fallbacks after the primary face, best first.
    fn chain(&self, family: Family, weight: Weight, italic: bool) -> Vec<FontId> {
        let serif_kind = matches!(family, Family::Serif | Family::SerifDisplay);
        let bold = weight != Weight::Regular;
        let mut chain = self.house_chain(family, weight, italic);
        let han = |serif: bool| -> Vec<FontId> {
            let (sc, tc, jp) = if serif {
                (&fonts::SERIF_SC, &fonts::SERIF_TC, &fonts::SERIF_JP)
            } else {
                (&fonts::SANS_SC, &fonts::SANS_TC, &fonts::SANS_JP)
            };
            let order = match self.options.han {
                HanForms::Simplified => [sc, tc, jp],
                HanForms::Traditional => [tc, sc, jp],
                HanForms::Japanese => [jp, sc, tc],
            };
            order.map(|f| self.script_id(f)).to_vec()
        };
        let scripts = |serif: bool| -> Vec<FontId> {
            let faces = match (serif, bold) {
                (true, false) => [
                    &fonts::SERIF_ARABIC_REGULAR,
                    &fonts::SERIF_HEBREW_REGULAR,
                    &fonts::SERIF_DEVANAGARI_REGULAR,
                    &fonts::SERIF_THAI_REGULAR,
                ],
                (true, true) => [
                    &fonts::SERIF_ARABIC_BOLD,
                    &fonts::SERIF_HEBREW_BOLD,
                    &fonts::SERIF_DEVANAGARI_BOLD,
                    &fonts::SERIF_THAI_BOLD,
                ],
                (false, false) => [
                    &fonts::SANS_ARABIC_REGULAR,
                    &fonts::SANS_HEBREW_REGULAR,
                    &fonts::SANS_DEVANAGARI_REGULAR,
                    &fonts::SANS_THAI_REGULAR,
                ],
                (false, true) => [
                    &fonts::SANS_ARABIC_BOLD,
                    &fonts::SANS_HEBREW_BOLD,
                    &fonts::SANS_DEVANAGARI_BOLD,
                    &fonts::SANS_THAI_BOLD,
                ],
            };
            faces.map(|f| self.script_id(f)).to_vec()
        };
        if self.options.cjk_language {
            // Kana and CJK punctuation in the issue's own forms, before
            // the Korean face (which has them too) gets a chance.
            let own = han(serif_kind);
            let at = chain
                .iter()
                .position(|id| self.is_korean(*id))
                .unwrap_or(chain.len());
            chain.splice(at..at, own);
        }
        for serif in [serif_kind, !serif_kind] {
            chain.extend(scripts(serif));
            chain.extend(han(serif));
        }
        chain.push(self.script_id(&fonts::EMOJI));
        let mut seen = Vec::with_capacity(chain.len());
        chain.retain(|id| {
            let new = !seen.contains(id);
            seen.push(*id);
            new
        });
        chain
    }

    fn is_korean(&self, id: FontId) -> bool {
        [
            &fonts::SERIF_KR_REGULAR,
            &fonts::SERIF_KR_BOLD,
            &fonts::SANS_KR_REGULAR,
            &fonts::SANS_KR_BOLD,
        ]
        .into_iter()
        .any(|f| bundled_id(f) == id)
    }

    /// The house faces after the primary face, best first.
    fn house_chain(&self, family: Family, weight: Weight, italic: bool) -> Vec<FontId> {
        let bold = weight != Weight::Regular;
        let serif_kr = bundled_id(if bold {
            &fonts::SERIF_KR_BOLD
        } else {
            &fonts::SERIF_KR_REGULAR
        });
        let sans_kr = bundled_id(if bold {
            &fonts::SANS_KR_BOLD
        } else {
            &fonts::SANS_KR_REGULAR
        });
        let mut chain = vec![self.primary(family, weight, false)];
        match family {
            Family::Serif | Family::SerifDisplay => {
                chain.push(self.primary(Family::Serif, weight, italic));
                chain.push(self.primary(Family::Serif, weight, false));
                chain.extend([serif_kr, sans_kr]);
                chain.push(self.primary(Family::Sans, weight, false));
            }
            Family::Sans | Family::Mono => {
                chain.push(self.primary(Family::Sans, weight, italic));
                chain.push(self.primary(Family::Sans, weight, false));
                chain.extend([sans_kr, serif_kr]);
                chain.push(self.primary(Family::Serif, weight, false));
            }
        }
        chain.push(bundled_id(&fonts::SERIF_REGULAR));
        chain
    }

    fn system(&self) -> &SystemFonts {
        self.system.get_or_init(scan_system_fonts)
    }

    fn system_lookup(&self, cluster: &str, family: Family) -> Option<FontId> {
        let want_serif = matches!(family, Family::Serif | Family::SerifDisplay);
        let base = self.system_base();
        let system = self.system();
        // Prefer a face of the same kind (serif beside serif), then any.
        for pass_serif in [Some(want_serif), None] {
            for (i, sys) in system.faces.iter().enumerate() {
                if pass_serif.is_some_and(|s| s != sys.serif) {
                    continue;
                }
                // Check coverage on the memory-mapped file; read it only
                // for the face that is chosen.
                let covers = system.db.with_face_data(sys.id, |data, index| {
                    ttf_parser::Face::parse(data, index).is_ok_and(|f| {
                        cluster
                            .chars()
                            .filter(|c| !is_ignorable(*c))
                            .all(|c| f.glyph_index(c).is_some())
                    })
                });
                if covers == Some(true) && sys.get().is_some() {
                    return Some(FontId((base + i) as u32));
                }
            }
        }
        None
    }
}

/// System fonts: fontdb's index plus our fixed-order list of its faces.
struct SystemFonts {
    db: fontdb::Database,
    faces: Vec<SystemFace>,
}

fn scan_system_fonts() -> SystemFonts {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let mut list: Vec<SystemFace> = db
        .faces()
        .filter_map(|info| {
            let path = match &info.source {
                fontdb::Source::File(p) => p.clone(),
                fontdb::Source::SharedFile(p, _) => p.clone(),
                fontdb::Source::Binary(_) => return None,
            };
            let family = info
                .families
                .first()
                .map(|(f, _)| f.clone())
                .unwrap_or_default();
            let serif = family.contains("Serif") && !family.contains("Sans")
                || family.contains("Mincho")
                || family.contains("Myeongjo");
            Some(SystemFace {
                id: info.id,
                path,
                index: info.index,
                name: info.post_script_name.clone(),
                serif,
                face: OnceLock::new(),
            })
        })
        .collect();
    // Regular faces first so fallback text is not bold or italic by accident.
    list.sort_by(|a, b| {
        let rank = |s: &SystemFace| {
            let n = s.name.to_ascii_lowercase();
            u8::from(n.contains("bold") || n.contains("italic") || n.contains("oblique"))
        };
        (rank(a), &a.path, a.index).cmp(&(rank(b), &b.path, b.index))
    });
    SystemFonts { db, faces: list }
}

/// The face's PostScript name (name ID 6), if it has a usable one.
fn postscript_name(face: &Face) -> Option<String> {
    face.ttf
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .map(|n| pdf_safe(&n))
        .filter(|n| !n.is_empty())
}

/// Keeps the characters a PDF font name may hold unescaped.
fn pdf_safe(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(63)
        .collect()
}

/// Characters that need no glyph of their own (joiners, selectors, soft
/// hyphen): they never force a fallback.
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0100}'..='\u{E01EF}')
        || c.is_control()
}

/// Hangul syllables and jamo (set in the bundled Korean faces).
pub fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

fn bundled_id(face: &'static Bundled) -> FontId {
    let i = fonts::ALL
        .iter()
        .position(|b| std::ptr::eq(*b, face))
        .expect("bundled face is listed in fonts::ALL");
    FontId(i as u32)
}

/// The bundled face for a style, nearest available weight and slope.
fn bundled_face(family: Family, weight: Weight, italic: bool) -> &'static Bundled {
    use Weight::*;
    match (family, weight, italic) {
        (Family::Serif, Regular, false) => &fonts::SERIF_REGULAR,
        (Family::Serif, Regular, true) => &fonts::SERIF_ITALIC,
        (Family::Serif, Semibold, false) => &fonts::SERIF_SEMIBOLD,
        (Family::Serif, Semibold, true) => &fonts::SERIF_SEMIBOLD_ITALIC,
        (Family::Serif, Bold, false) => &fonts::SERIF_BOLD,
        (Family::Serif, Bold, true) => &fonts::SERIF_BOLD_ITALIC,
        (Family::SerifDisplay, _, false) => &fonts::SERIF_DISPLAY_SEMIBOLD,
        (Family::SerifDisplay, Regular, true) => &fonts::SERIF_ITALIC,
        (Family::SerifDisplay, _, true) => &fonts::SERIF_SEMIBOLD_ITALIC,
        (Family::Sans, Regular, false) => &fonts::SANS_REGULAR,
        (Family::Sans, Regular, true) => &fonts::SANS_ITALIC,
        (Family::Sans, Semibold, false) => &fonts::SANS_SEMIBOLD,
        (Family::Sans, Semibold | Bold, true) => &fonts::SANS_SEMIBOLD_ITALIC,
        (Family::Sans, Bold, false) => &fonts::SANS_BOLD,
        (Family::Mono, Regular, false) => &fonts::MONO_REGULAR,
        (Family::Mono, _, true) => &fonts::MONO_ITALIC,
        (Family::Mono, Semibold | Bold, false) => &fonts::MONO_BOLD,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> Arc<FontBook> {
        FontBook::shared(&FontFiles::default())
    }

    #[test]
    fn shared_book_is_cached() {
        assert!(Arc::ptr_eq(&book(), &book()));
    }

    #[test]
    fn hangul_beside_serif_is_myeongjo() {
        let b = book();
        let id = b
            .select("한", Family::Serif, Weight::Regular, false)
            .expect("bundled Korean covers Hangul");
        assert_eq!(b.font_data()[id.0 as usize].name, "NotoSerifCJKkr-Regular");
        let id = b
            .select("한", Family::Sans, Weight::Bold, false)
            .expect("bundled Korean covers Hangul");
        assert_eq!(b.font_data()[id.0 as usize].name, "NotoSansCJKkr-Bold");
    }

    #[test]
    fn latin_greek_cyrillic_stay_in_the_serif() {
        let b = book();
        for text in ["é", "λ", "Ж"] {
            let id = b.select(text, Family::Serif, Weight::Regular, false);
            assert_eq!(id, Some(b.primary(Family::Serif, Weight::Regular, false)));
        }
    }

    #[test]
    fn font_data_for_copies_only_used_faces() {
        let b = book();
        let serif = b.primary(Family::Serif, Weight::Regular, false);
        let data = b.font_data_for(&[serif]);
        assert_eq!(data.len(), b.len());
        assert!(
            b.len() >= 2 * fonts::ALL.len(),
            "bundled faces and their aliases"
        );
        assert!(data[serif.0 as usize].data.len() > 100_000);
        assert!(data.iter().filter(|d| !d.data.is_empty()).count() == 1);
        assert_eq!(data[serif.0 as usize].name, "SourceSerif4-Regular");
        let all = b.font_data();
        assert!(all.iter().all(|d| !d.data.is_empty()));
    }

    #[test]
    fn style_font_files_replace_their_family() {
        let sans = crate::model::FontFile {
            path: PathBuf::from("fonts/My Body Face.otf"),
            data: Arc::new(fonts::SANS_REGULAR.data.to_vec()),
        };
        let files = FontFiles {
            body: Some(sans),
            heading: None,
            mono: None,
        };
        let b = FontBook::shared(&files);
        assert!(
            Arc::ptr_eq(&b, &FontBook::shared(&files)),
            "cached per files"
        );
        assert!(!Arc::ptr_eq(&b, &book()));
        for weight in [Weight::Regular, Weight::Bold] {
            let id = b.primary(Family::Serif, weight, true);
            assert_eq!(
                id.0 as usize,
                fonts::ALL.len(),
                "the style face comes after the bundled ones"
            );
            assert_eq!(b.font_data()[id.0 as usize].name, "SourceSans3-Regular");
        }
        // Other families keep the bundled faces; Hangul still falls back.
        assert_eq!(
            b.primary(Family::Mono, Weight::Regular, false),
            book().primary(Family::Mono, Weight::Regular, false)
        );
        assert!(
            b.select("한", Family::Serif, Weight::Regular, false)
                .is_some()
        );
    }

    fn name_of(b: &FontBook, text: &str, family: Family, weight: Weight) -> Option<String> {
        let id = b.select(text, family, weight, false)?;
        Some(b.font_data()[id.0 as usize].name.clone())
    }

    #[test]
    fn han_forms_follow_the_language() {
        use HanForms::*;
        for (tag, forms) in [
            ("zh", Simplified),
            ("zh-Hans", Simplified),
            ("zh-CN", Simplified),
            ("zh-Hant", Traditional),
            ("zh-TW", Traditional),
            ("zh_HK", Traditional),
            ("zh-Hant-HK", Traditional),
            ("ja", Japanese),
            ("ja-JP", Japanese),
            ("en", Simplified),
            ("ko", Simplified),
        ] {
            assert_eq!(HanForms::for_language(tag), forms, "{tag}");
        }
        // 中文 is in all three sets: the language decides the face.
        for (tag, serif, sans) in [
            ("zh-CN", "NotoSerifCJKsc-Regular", "NotoSansCJKsc-Regular"),
            ("zh-TW", "NotoSerifCJKtc-Regular", "NotoSansCJKtc-Regular"),
            ("ja", "NotoSerifCJKjp-Regular", "NotoSansCJKjp-Regular"),
        ] {
            let b = FontBook::with_fallback(&FontFiles::default(), Fallback::new(tag, false));
            assert_eq!(
                name_of(&b, "中文", Family::Serif, Weight::Regular).as_deref(),
                Some(serif)
            );
            assert_eq!(
                name_of(&b, "中文", Family::Sans, Weight::Bold).as_deref(),
                Some(sans)
            );
            // CJK punctuation in the issue's own forms, not the Korean face's.
            assert_eq!(
                name_of(&b, "。", Family::Serif, Weight::Regular).as_deref(),
                Some(serif)
            );
        }
        // Whatever the language, a face that lacks a character gives way:
        // traditional characters in a simplified issue, kana anywhere.
        let b = book();
        assert_eq!(
            name_of(&b, "這裡", Family::Serif, Weight::Regular).as_deref(),
            Some("NotoSerifCJKtc-Regular")
        );
        assert_eq!(
            name_of(&b, "東京です", Family::Serif, Weight::Regular).as_deref(),
            Some("NotoSerifCJKjp-Regular")
        );
    }

    #[test]
    fn every_script_has_a_bundled_face_of_the_same_kind() {
        let b = book();
        for (text, serif, sans) in [
            ("ب", "NotoNaskhArabic", "NotoSansArabic"),
            ("ש", "NotoSerifHebrew", "NotoSansHebrew"),
            ("क", "NotoSerifDevanagari", "NotoSansDevanagari"),
            ("ก", "NotoSerifThai", "NotoSansThai"),
        ] {
            let at = |family, weight| name_of(&b, text, family, weight).expect("bundled");
            assert_eq!(
                at(Family::Serif, Weight::Regular),
                format!("{serif}-Regular")
            );
            assert_eq!(
                at(Family::SerifDisplay, Weight::Semibold),
                format!("{serif}-Bold")
            );
            assert_eq!(at(Family::Sans, Weight::Regular), format!("{sans}-Regular"));
            assert_eq!(at(Family::Mono, Weight::Bold), format!("{sans}-Bold"));
        }
        assert_eq!(
            name_of(&b, "🌊", Family::Sans, Weight::Regular).as_deref(),
            Some("NotoEmoji-Regular")
        );
    }

    #[test]
    fn no_system_font_unless_the_style_asks() {
        // Cuneiform: no bundled face has it, and without system_fonts the
        // machine's fonts are never scanned.
        let b = book();
        assert_eq!(
            b.select("\u{12000}", Family::Serif, Weight::Regular, false),
            None
        );
        assert!(b.system.get().is_none(), "system fonts were scanned");
        assert_eq!(b.len(), 2 * fonts::ALL.len() + fonts::SCRIPTS.len());
    }

    #[test]
    fn metrics_are_plausible() {
        let m = book().metrics(Family::Serif, Weight::Regular, false);
        assert!(m.ascender > 0.6 && m.ascender < 1.2, "{m:?}");
        assert!(m.descender > 0.1 && m.descender < 0.5, "{m:?}");
        assert!(m.x_height < m.cap_height);
    }
}
