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

/// Every bundled face, in a fixed order.
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
