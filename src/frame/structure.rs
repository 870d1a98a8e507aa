//! The logical structure of the document (a tagged PDF's tree).

/// One element of the logical structure.
#[derive(Debug, Clone, PartialEq)]
pub struct StructElem {
    pub role: Role,
    /// Index of the enclosing element (`None` only for the document).
    pub parent: Option<u32>,
    /// Alternate text (figures).
    pub alt: Option<String>,
}

/// Standard structure types of PDF 1.7 (14.8.4) that pressrun uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    /// An article, the masthead, the closing links.
    Sect,
    /// Heading, level 1–6.
    H(u8),
    P,
    BlockQuote,
    /// A list, its items, an item's label (bullet or number) and body.
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    TH,
    TD,
    Figure,
    Caption,
    Code,
    Note,
    /// The contents and its entries.
    Toc,
    Toci,
}

impl Role {
    /// The structure type's name in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Self::Document => "Document",
            Self::Sect => "Sect",
            Self::H(1) => "H1",
            Self::H(2) => "H2",
            Self::H(3) => "H3",
            Self::H(4) => "H4",
            Self::H(5) => "H5",
            Self::H(_) => "H6",
            Self::P => "P",
            Self::BlockQuote => "BlockQuote",
            Self::L => "L",
            Self::LI => "LI",
            Self::Lbl => "Lbl",
            Self::LBody => "LBody",
            Self::Table => "Table",
            Self::TR => "TR",
            Self::TH => "TH",
            Self::TD => "TD",
            Self::Figure => "Figure",
            Self::Caption => "Caption",
            Self::Code => "Code",
            Self::Note => "Note",
            Self::Toc => "TOC",
            Self::Toci => "TOCI",
        }
    }
}
