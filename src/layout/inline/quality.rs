//! A justification-quality measure computed from set lines, so changes to
//! the breaker show up as numbers (printed by tests and the benchmark).

use super::Line;
use super::linebreak::{SPACE_SHRINK, SPACE_STRETCH};

/// How evenly a set of justified lines came out.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Quality {
    /// Lines counted, last lines of paragraphs excluded.
    pub lines: usize,
    /// Share of those lines whose optical right edge (hanging punctuation
    /// aside) is within 0.05 pt of the measure.
    pub flush_share: f64,
    /// Widest interword space relative to its natural width (1.0 = natural).
    pub worst_space: f64,
    /// Narrowest interword space relative to its natural width.
    pub tightest_space: f64,
    /// Mean |adjustment ratio|.
    pub mean_abs_ratio: f64,
    /// Share of lines ending in a discretionary hyphen.
    pub hyphenated_share: f64,
    /// Lines whose spaces stretch beyond 1.5× natural (visibly loose).
    pub loose_lines: usize,
    /// Most letter spacing used on a line, in em.
    pub max_letter_space: f64,
    /// Lines that needed letter spacing.
    pub letterspaced_lines: usize,
    /// Lines whose letters are expanded or condensed (font expansion).
    pub expanded_lines: usize,
    /// Largest |expansion| on a line (0.02 = 2 %).
    pub max_expansion: f64,
}

impl Quality {
    /// Measures the non-final lines of paragraphs set to `width`.
    pub fn of<'a>(paragraphs: impl IntoIterator<Item = &'a [Line]>, width: f64) -> Quality {
        let mut q = Quality {
            worst_space: 1.0,
            tightest_space: 1.0,
            ..Quality::default()
        };
        let mut flush = 0;
        let mut hyph = 0;
        let mut ratio_sum = 0.0;
        for lines in paragraphs {
            for line in lines.iter().filter(|l| !l.last) {
                q.lines += 1;
                if (line.width - line.hang - width).abs() < 0.05 {
                    flush += 1;
                }
                if line.hyphenated {
                    hyph += 1;
                }
                ratio_sum += line.ratio.abs();
                let space = 1.0 + SPACE_STRETCH * line.ratio.max(0.0);
                let tight = 1.0 + SPACE_SHRINK * line.ratio.min(0.0);
                q.tightest_space = q.tightest_space.min(tight);
                q.worst_space = q.worst_space.max(space);
                if space > 1.5 + 1e-9 {
                    q.loose_lines += 1;
                }
                q.max_letter_space = q.max_letter_space.max(line.letter_space);
                if line.letter_space > 0.0 {
                    q.letterspaced_lines += 1;
                }
                if line.expansion != 0.0 {
                    q.expanded_lines += 1;
                }
                q.max_expansion = q.max_expansion.max(line.expansion.abs());
            }
        }
        if q.lines > 0 {
            let n = q.lines as f64;
            q.flush_share = f64::from(flush) / n;
            q.mean_abs_ratio = ratio_sum / n;
            q.hyphenated_share = f64::from(hyph) / n;
        }
        q
    }
}

impl std::fmt::Display for Quality {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} lines, {:.1}% flush, spaces {:.2}x..{:.2}x natural, mean |r| {:.3}, {:.1}% hyphenated, {} loose (>1.5x), {} letterspaced (max {:.3} em), {} expanded (max {:.1}%)",
            self.lines,
            self.flush_share * 100.0,
            self.tightest_space,
            self.worst_space,
            self.mean_abs_ratio,
            self.hyphenated_share * 100.0,
            self.loose_lines,
            self.letterspaced_lines,
            self.max_letter_space,
            self.expanded_lines,
            self.max_expansion * 100.0
        )
    }
}
