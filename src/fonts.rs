//! The bundled font files, compiled into the binary so a fresh machine
//! never lacks a face (and nothing is read from disk at run time).

/// One bundled face: file bytes, face index, PostScript name, family role.
#[derive(Debug, Clone, Copy)]
pub struct Bundled {
    pub data: &'static [u8],
    pub index: u32,
    pub name: &'static str,
}

macro_rules! bundled {
    ($ident:ident, $path:literal, $name:literal) => {
        pub static $ident: Bundled = Bundled {
            data: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/", $path)),
            index: 0,
            name: $name,
        };
    };
}

bundled!(
    SERIF_REGULAR,
    "source-serif/SourceSerif4-Regular.otf",
    "SourceSerif4-Regular"
);
bundled!(
    SERIF_ITALIC,
    "source-serif/SourceSerif4-It.otf",
    "SourceSerif4-It"
);
bundled!(
    SERIF_SEMIBOLD,
    "source-serif/SourceSerif4-Semibold.otf",
    "SourceSerif4-Semibold"
);
bundled!(
    SERIF_SEMIBOLD_ITALIC,
    "source-serif/SourceSerif4-SemiboldIt.otf",
    "SourceSerif4-SemiboldIt"
);
bundled!(
    SERIF_BOLD,
    "source-serif/SourceSerif4-Bold.otf",
    "SourceSerif4-Bold"
);
bundled!(
    SERIF_BOLD_ITALIC,
    "source-serif/SourceSerif4-BoldIt.otf",
    "SourceSerif4-BoldIt"
);
bundled!(
    SERIF_DISPLAY_SEMIBOLD,
    "source-serif/SourceSerif4Display-Semibold.otf",
    "SourceSerif4Display-Semibold"
);
bundled!(
    SANS_REGULAR,
    "source-sans/SourceSans3-Regular.otf",
    "SourceSans3-Regular"
);
bundled!(
    SANS_ITALIC,
    "source-sans/SourceSans3-It.otf",
    "SourceSans3-It"
);
bundled!(
    SANS_SEMIBOLD,
    "source-sans/SourceSans3-Semibold.otf",
    "SourceSans3-Semibold"
);
bundled!(
    SANS_SEMIBOLD_ITALIC,
    "source-sans/SourceSans3-SemiboldIt.otf",
    "SourceSans3-SemiboldIt"
);
bundled!(
    SANS_BOLD,
    "source-sans/SourceSans3-Bold.otf",
    "SourceSans3-Bold"
);
bundled!(
    MONO_REGULAR,
    "source-code-pro/SourceCodePro-Regular.otf",
    "SourceCodePro-Regular"
);
bundled!(
    MONO_ITALIC,
    "source-code-pro/SourceCodePro-It.otf",
    "SourceCodePro-It"
);
bundled!(
    MONO_BOLD,
    "source-code-pro/SourceCodePro-Bold.otf",
    "SourceCodePro-Bold"
);
bundled!(
    SERIF_KR_REGULAR,
    "noto-cjk-kr/NotoSerifKR-Regular.otf",
    "NotoSerifCJKkr-Regular"
);
bundled!(
    SERIF_KR_BOLD,
    "noto-cjk-kr/NotoSerifKR-Bold.otf",
    "NotoSerifCJKkr-Bold"
);
bundled!(
    SANS_KR_REGULAR,
    "noto-cjk-kr/NotoSansKR-Regular.otf",
    "NotoSansCJKkr-Regular"
);
bundled!(
    SANS_KR_BOLD,
    "noto-cjk-kr/NotoSansKR-Bold.otf",
    "NotoSansCJKkr-Bold"
);

/// The house faces (Latin, Greek, Cyrillic and Korean), in a fixed order:
/// their ids come first in every font book.
pub static ALL: [&Bundled; 19] = [
    &SERIF_REGULAR,
    &SERIF_ITALIC,
    &SERIF_SEMIBOLD,
    &SERIF_SEMIBOLD_ITALIC,
    &SERIF_BOLD,
    &SERIF_BOLD_ITALIC,
    &SERIF_DISPLAY_SEMIBOLD,
    &SANS_REGULAR,
    &SANS_ITALIC,
    &SANS_SEMIBOLD,
    &SANS_SEMIBOLD_ITALIC,
    &SANS_BOLD,
    &MONO_REGULAR,
    &MONO_ITALIC,
    &MONO_BOLD,
    &SERIF_KR_REGULAR,
    &SERIF_KR_BOLD,
    &SANS_KR_REGULAR,
    &SANS_KR_BOLD,
];

// Faces for the other scripts a policy newsletter meets (see fonts/README.md).
bundled!(
    SERIF_SC,
    "noto-cjk-sc/NotoSerifSC-Regular.otf",
    "NotoSerifCJKsc-Regular"
);
bundled!(
    SANS_SC,
    "noto-cjk-sc/NotoSansSC-Regular.otf",
    "NotoSansCJKsc-Regular"
);
bundled!(
    SERIF_TC,
    "noto-cjk-tc/NotoSerifTC-Regular.otf",
    "NotoSerifCJKtc-Regular"
);
bundled!(
    SANS_TC,
    "noto-cjk-tc/NotoSansTC-Regular.otf",
    "NotoSansCJKtc-Regular"
);
bundled!(
    SERIF_JP,
    "noto-cjk-jp/NotoSerifJP-Regular.otf",
    "NotoSerifCJKjp-Regular"
);
bundled!(
    SANS_JP,
    "noto-cjk-jp/NotoSansJP-Regular.otf",
    "NotoSansCJKjp-Regular"
);
bundled!(
    SERIF_ARABIC_REGULAR,
    "noto-scripts/NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Regular"
);
bundled!(
    SERIF_ARABIC_BOLD,
    "noto-scripts/NotoNaskhArabic-Bold.ttf",
    "NotoNaskhArabic-Bold"
);
bundled!(
    SANS_ARABIC_REGULAR,
    "noto-scripts/NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Regular"
);
bundled!(
    SANS_ARABIC_BOLD,
    "noto-scripts/NotoSansArabic-Bold.ttf",
    "NotoSansArabic-Bold"
);
bundled!(
    SERIF_HEBREW_REGULAR,
    "noto-scripts/NotoSerifHebrew-Regular.ttf",
    "NotoSerifHebrew-Regular"
);
bundled!(
    SERIF_HEBREW_BOLD,
    "noto-scripts/NotoSerifHebrew-Bold.ttf",
    "NotoSerifHebrew-Bold"
);
bundled!(
    SANS_HEBREW_REGULAR,
    "noto-scripts/NotoSansHebrew-Regular.ttf",
    "NotoSansHebrew-Regular"
);
bundled!(
    SANS_HEBREW_BOLD,
    "noto-scripts/NotoSansHebrew-Bold.ttf",
    "NotoSansHebrew-Bold"
);
bundled!(
    SERIF_DEVANAGARI_REGULAR,
    "noto-scripts/NotoSerifDevanagari-Regular.ttf",
    "NotoSerifDevanagari-Regular"
);
bundled!(
    SERIF_DEVANAGARI_BOLD,
    "noto-scripts/NotoSerifDevanagari-Bold.ttf",
    "NotoSerifDevanagari-Bold"
);
bundled!(
    SANS_DEVANAGARI_REGULAR,
    "noto-scripts/NotoSansDevanagari-Regular.ttf",
    "NotoSansDevanagari-Regular"
);
bundled!(
    SANS_DEVANAGARI_BOLD,
    "noto-scripts/NotoSansDevanagari-Bold.ttf",
    "NotoSansDevanagari-Bold"
);
bundled!(
    SERIF_THAI_REGULAR,
    "noto-scripts/NotoSerifThai-Regular.ttf",
    "NotoSerifThai-Regular"
);
bundled!(
    SERIF_THAI_BOLD,
    "noto-scripts/NotoSerifThai-Bold.ttf",
    "NotoSerifThai-Bold"
);
bundled!(
    SANS_THAI_REGULAR,
    "noto-scripts/NotoSansThai-Regular.ttf",
    "NotoSansThai-Regular"
);
bundled!(
    SANS_THAI_BOLD,
    "noto-scripts/NotoSansThai-Bold.ttf",
    "NotoSansThai-Bold"
);
bundled!(EMOJI, "noto-emoji/NotoEmoji-Regular.ttf", "NotoEmoji-Regular");

/// The script faces, in a fixed order: their ids follow the house faces,
/// the style's faces and the aliases in every font book.
pub static SCRIPTS: [&Bundled; 23] = [
    &SERIF_SC,
    &SANS_SC,
    &SERIF_TC,
    &SANS_TC,
    &SERIF_JP,
    &SANS_JP,
    &SERIF_ARABIC_REGULAR,
    &SERIF_ARABIC_BOLD,
    &SANS_ARABIC_REGULAR,
    &SANS_ARABIC_BOLD,
    &SERIF_HEBREW_REGULAR,
    &SERIF_HEBREW_BOLD,
    &SANS_HEBREW_REGULAR,
    &SANS_HEBREW_BOLD,
    &SERIF_DEVANAGARI_REGULAR,
    &SERIF_DEVANAGARI_BOLD,
    &SANS_DEVANAGARI_REGULAR,
    &SANS_DEVANAGARI_BOLD,
    &SERIF_THAI_REGULAR,
    &SERIF_THAI_BOLD,
    &SANS_THAI_REGULAR,
    &SANS_THAI_BOLD,
    &EMOJI,
];
