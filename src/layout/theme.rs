//! The house look of the briefing packet: paper, margins, sizes, colours,
//! and the text styles every block uses. One place to tune typography.

use super::font::{Family, Weight};
use super::inline::TextStyle;
use super::{LinkTarget, Rgb};
use crate::model::{LinkStyle, ParagraphStyle, Style};

/// Page geometry and type sizes derived from the series style.
#[derive(Debug, Clone)]
pub(crate) struct Theme {
    pub page_w: f64,
    pub page_h: f64,
    /// Left edge and width of the text column.
    pub left: f64,
    pub width: f64,
    /// Top and bottom of the text area.
    pub top: f64,
    pub bottom: f64,
    /// Body size and baseline-to-baseline distance.
    pub size: f64,
    pub leading: f64,
    pub accent: Rgb,
    pub ink: Rgb,
    pub grey: Rgb,
    pub link_style: LinkStyle,
    pub link_color: Rgb,
    pub gutter: f64,
    pub paragraph: ParagraphStyle,
    /// Block quotes: the bar, the text colour and size (× the text around).
    pub quote_bar: Rgb,
    pub quote_ink: Rgb,
    pub quote_scale: f64,
    /// Code blocks: text colour, background, size (× the text around) and
    /// leading (× their size).
    pub code_ink: Rgb,
    pub code_fill: Rgb,
    pub code_scale: f64,
    pub code_leading: f64,
    /// Thin rules between table rows; the header row's tint.
    pub table_rule: Rgb,
    pub table_head_fill: Rgb,
    /// Dot leaders in the contents.
    pub leader: Rgb,
    /// Figure captions and footnotes, × the body size.
    pub caption_scale: f64,
    pub note_scale: f64,
}

impl Theme {
    pub fn new(style: &Style) -> Self {
        let (page_w, page_h) = style.paper.size_pt();
        let size = style.font_size.clamp(7.0, 16.0);
        // The measure follows the type size: 30.5 ems hold 66–70 characters
        // of the serif (about 0.44 em a character), the comfortable range
        // for continuous reading (11 pt → 336 pt, 28 picas). The spare width
        // is split evenly, plus a binding allowance on the stapled left
        // edge; letter and A4 then differ only in their margins.
        let width = (size * 30.5).round().min(page_w - 2.0 * 54.0);
        let binding = 12.0;
        let left = ((page_w - width + binding) / 2.0).round();
        // 1.36 × the body size; the text area holds a whole number of lines
        // so the last line of a full page sits on the bottom margin.
        let leading = (size * 1.36).round_to(0.25);
        let top = 72.0;
        let lines = ((page_h - top - 66.0) / leading).floor();
        let [r, g, b] = style.accent;
        Self {
            page_w,
            page_h,
            left,
            width,
            top,
            bottom: top + lines * leading,
            size,
            leading,
            accent: Rgb(
                f64::from(r) / 255.0,
                f64::from(g) / 255.0,
                f64::from(b) / 255.0,
            ),
            ink: Rgb(0.1, 0.1, 0.1),
            grey: Rgb(0.38, 0.38, 0.4),
            link_style: style.link_style,
            link_color: Rgb(0.08, 0.28, 0.55),
            gutter: 18.0,
            paragraph: style.paragraph,
            quote_bar: Rgb(0.75, 0.72, 0.7),
            quote_ink: Rgb(0.22, 0.22, 0.24),
            quote_scale: 0.94,
            code_ink: Rgb(0.15, 0.15, 0.2),
            code_fill: Rgb(0.95, 0.95, 0.94),
            code_scale: 0.84,
            code_leading: 1.36,
            table_rule: Rgb(0.7, 0.7, 0.7),
            // The accent, faintly.
            table_head_fill: Rgb(
                0.9 + f64::from(r) / 255.0 * 0.06,
                0.9 + f64::from(g) / 255.0 * 0.06,
                0.9 + f64::from(b) / 255.0 * 0.06,
            ),
            leader: Rgb(0.6, 0.6, 0.6),
            caption_scale: 0.82,
            note_scale: 0.8,
        }
    }

    /// The theme for two-column runs: the same page, type a step smaller
    /// (11 → 9.5 pt on 13 pt) so a half-measure column still holds about
    /// 38 characters, the newspaper minimum for justified text.
    pub fn column(&self) -> Self {
        let size = (self.size * 0.86).round_to(0.25);
        Self {
            size,
            leading: (size * 1.36).round_to(0.25),
            ..self.clone()
        }
    }

    /// A text style in the ink colour.
    pub fn style(&self, family: Family, weight: Weight, italic: bool, size: f64) -> TextStyle {
        TextStyle {
            weight,
            italic,
            color: self.ink,
            ..TextStyle::new(family, size)
        }
    }

    pub fn body(&self) -> TextStyle {
        self.style(Family::Serif, Weight::Regular, false, self.size)
    }

    /// Small sans capitals-like label (kind labels, running heads).
    pub fn label(&self, size: f64) -> TextStyle {
        let mut s = self.style(Family::Sans, Weight::Semibold, false, size);
        s.color = self.accent;
        s.tracking = 0.06;
        s
    }

    /// Marks `style` as a link to `target`, per the house link style. A
    /// URL the policy (`model::url`) does not let readers follow stays
    /// plain text, as in the EPUB.
    pub fn linked(&self, mut style: TextStyle, target: LinkTarget) -> TextStyle {
        let target = match target {
            LinkTarget::Url(url) => match crate::model::url::followable(&url) {
                Some(url) => LinkTarget::Url(url),
                None => return style,
            },
            internal => internal,
        };
        match self.link_style {
            LinkStyle::Color => style.color = self.link_color,
            LinkStyle::Underline => style.underline = true,
            LinkStyle::Plain => {}
        }
        style.link = Some(target);
        style
    }
}

trait RoundTo {
    fn round_to(self, step: f64) -> f64;
}

impl RoundTo for f64 {
    fn round_to(self, step: f64) -> f64 {
        (self / step).round() * step
    }
}
