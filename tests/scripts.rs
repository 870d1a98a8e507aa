//! Every script in a bundled face, the same PDF on every machine
//! (issue 14, item 13): the multilingual fixture in
//! `tests/fixtures/multilingual/` built by the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{bin, fixtures, have_tool, stderr};

/// The fixture's Thai commentary as ICU4X's dictionary segments it
/// (the same words as `layout::inline::tests::THAI_WORDS`).
const THAI_WORDS: &[&str] = &[
    "สาย",
    "เคเบิล",
    "ใต้",
    "ทะเล",
    "เป็น",
    "เส้น",
    "ทาง",
    "หลัก",
    "ของ",
    "ข้อมูล",
    "ระหว่าง",
    "ประเทศ",
    "ใน",
    "เอเชีย",
    "และ",
    "การ",
    "ปกป้อง",
    "สาย",
    "เคเบิล",
    "เหล่า",
    "นี้",
    "เป็น",
    "ความ",
    "รับ",
    "ผิด",
    "ชอบ",
    "ร่วม",
    "กัน",
    "ของ",
    "ทุก",
    "ประเทศ",
    "ใน",
    "ภูมิภาค",
    "ซึ่ง",
    "ต้องการ",
    "ความ",
    "ร่วม",
    "มือ",
    "อย่าง",
    "ใกล้",
    "ชิด",
    "จาก",
    "รัฐบาล",
    "และ",
    "บริษัท",
    "เอกชน",
];

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Builds the series at `series` into `out` (PDF only) with `env` set.
fn build(series: &Path, out: &Path, env: &[(&str, &Path)]) -> Output {
    let mut cmd = bin();
    cmd.args(["build", "--format", "pdf", "--out"])
        .arg(out)
        .arg(series)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the pressrun binary runs")
}

fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .expect("tool runs");
    assert!(out.status.success(), "{program} {args:?} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text without white space or bidi controls (poppler marks RTL runs
/// with U+202B … U+202C), so sentences compare across line breaks.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{202A}'..='\u{202E}'))
        .collect()
}

fn the_pdf(dir: &Path) -> PathBuf {
    dir.join("cable-watch-1.pdf")
}

#[test]
fn multilingual_issue_sets_every_script_in_a_bundled_face() {
    let out = tempdir();
    let run = build(&fixtures().join("multilingual"), out.path(), &[]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(!err.contains("no font has"), "{err}");
    assert!(err.contains("0 warnings"), "{err}");
    let pdf = the_pdf(out.path());
    let pdf = pdf.to_str().expect("utf-8 path");

    if have_tool("pdffonts", &["-v"]) {
        let fonts = tool("pdffonts", &[pdf]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        for row in &rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type… encoding emb sub uni object ID
            let n = cols.len();
            assert_eq!(cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
        }
        for face in [
            "NotoSerifCJKsc-Regular",
            "NotoSerifCJKtc-Regular",
            "NotoSerifCJKjp-Regular",
            "NotoNaskhArabic-Regular",
            "NotoSerifHebrew-Regular",
            "NotoSerifDevanagari-Regular",
            "NotoSerifThai-Regular",
            "NotoEmoji-Regular",
        ] {
            assert!(
                rows.iter().any(|r| r.contains(&format!("+{face} "))),
                "{face} not embedded:\n{fonts}"
            );
        }
    }

    if have_tool("pdftotext", &["-v"]) {
        let text = squeeze(&tool("pdftotext", &[pdf, "-"]));
        for sentence in [
            "海底电缆承载着亚洲各国之间的大部分数据流量，因此保护它们是我们共同的责任。",
            "海底電纜承載著亞洲各國之間的大部分數據流量，因此保護它們是我們共同的責任。",
            "海底ケーブルはアジアの国々を結ぶ大切な通信路であり、その保護は私たちの共通の課題です。",
            "❤",
            "🌊",
        ] {
            assert!(text.contains(&squeeze(sentence)), "{sentence} in\n{text}");
        }
        // Right-to-left text reads back word by word (the words' order on
        // a mixed line is the bidi work's business, not the fonts').
        let words = "تحمل الكابلات البحرية معظم حركة البيانات بين الدول الآسيوية وحمايتها \
                     مسؤولية مشتركة כבלים תת־ימיים נושאים את רוב תעבורת הנתונים בין מדינות \
                     אסיה והגנתם היא אחריות משותפת";
        // Devanagari: words whose vowel signs follow their consonant read
        // back as written, conjuncts included (समुद्र, सुरक्षा, म्मे). A vowel
        // sign drawn before its consonant (ि in बिछी) reads back after it
        // until the PDF carries ActualText for such clusters.
        let hindi = "समुद्र नीचे बीच जाती उनकी सुरक्षा साझा है।";
        for word in words.split_whitespace().chain(hindi.split_whitespace()) {
            assert!(text.contains(word), "{word} in\n{text}");
        }
        // Thai in content order (poppler's layout mode moves some marks).
        let raw = tool("pdftotext", &["-raw", pdf, "-"]);
        assert!(
            squeeze(&raw).contains(&THAI_WORDS.concat()),
            "Thai commentary in\n{raw}"
        );
    }
}

/// A long Thai sentence breaks between dictionary words, never inside one.
#[test]
fn thai_lines_break_between_words() {
    if !have_tool("pdftotext", &["-v"]) {
        return;
    }
    let out = tempdir();
    let run = build(&fixtures().join("multilingual"), out.path(), &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let pdf = the_pdf(out.path());
    let raw = tool("pdftotext", &["-raw", pdf.to_str().expect("utf-8"), "-"]);
    let thai = |c: char| ('\u{0E00}'..='\u{0E7F}').contains(&c);
    // The commentary's paragraph: the lines after its byline (the last
    // one: the contents has it too), all Thai.
    let all: Vec<&str> = raw.lines().collect();
    let byline = all
        .iter()
        .rposition(|l| l.starts_with("By Daniel Reyes"))
        .expect("the commentary's byline");
    let lines: Vec<&str> = all[byline + 1..]
        .iter()
        .copied()
        .take_while(|l| !l.trim().is_empty() && l.trim().chars().all(thai))
        .map(str::trim)
        .collect();
    assert_eq!(lines.concat(), THAI_WORDS.concat(), "{raw}");
    assert!(lines.len() >= 2, "the sentence should wrap: {lines:?}");
    let boundaries: Vec<usize> = THAI_WORDS
        .iter()
        .scan(0, |at, w| {
            *at += w.len();
            Some(*at)
        })
        .collect();
    let mut at = 0;
    for line in &lines[..lines.len() - 1] {
        at += line.len();
        assert!(
            boundaries.contains(&at),
            "line ends inside a word: {line:?}"
        );
    }
}

/// Writes the fixture with two more paragraphs into `dir`: Georgian (no
/// bundled face; DejaVu Sans has it) and Cuneiform, twice (no font at all).
fn fixture_with_gaps(dir: &Path, system_fonts: bool) -> PathBuf {
    let src = fixtures().join("multilingual");
    let series = dir.join("series");
    let issue = series.join("2026-12-01");
    std::fs::create_dir_all(&issue).expect("mkdir");
    let mut yaml = std::fs::read_to_string(src.join("series.yaml")).expect("series.yaml");
    if system_fonts {
        yaml.push_str("  system_fonts: true\n");
    }
    std::fs::write(series.join("series.yaml"), yaml).expect("write");
    std::fs::copy(src.join("2026-12-01/issue.yaml"), issue.join("issue.yaml")).expect("copy");
    let mut lead = std::fs::read_to_string(src.join("2026-12-01/lead.md")).expect("lead.md");
    lead.push_str("\nGeorgian: საქართველო.\n\nCuneiform: \u{12000} and again \u{12000}.\n");
    lead.push_str("\nOnce more, \u{12000}, in a paragraph of its own.\n");
    std::fs::write(issue.join("lead.md"), lead).expect("write");
    series
}

/// A fontconfig file whose only font folder is `fonts`.
fn fontconfig(dir: &Path, name: &str, fonts: &Path) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n\
             <fontconfig><dir>{}</dir></fontconfig>\n",
            fonts.display()
        ),
    )
    .expect("write fonts.conf");
    path
}

fn warnings_about(err: &str, code: &str) -> usize {
    err.lines()
        .filter(|l| l.contains("no font has") && l.contains(code))
        .count()
}

/// The machine's fonts never change the PDF unless the series asks for
/// them, and a character no font has is one warning.
#[test]
fn system_fonts_do_not_change_the_pdf() {
    let dir = tempdir();
    let d = dir.path();
    let empty = d.join("no-fonts");
    let extra = d.join("extra-fonts");
    std::fs::create_dir_all(&empty).expect("mkdir");
    std::fs::create_dir_all(&extra).expect("mkdir");
    let dejavu = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    let have_dejavu = dejavu.exists();
    if have_dejavu {
        std::fs::copy(dejavu, extra.join("DejaVuSans.ttf")).expect("copy font");
    }
    let none = fontconfig(d, "none.conf", &empty);
    let some = fontconfig(d, "some.conf", &extra);

    let series = fixture_with_gaps(&d.join("bundled"), false);
    let out_a = d.join("a");
    let out_b = d.join("b");
    let a = build(&series, &out_a, &[("FONTCONFIG_FILE", &none)]);
    let b = build(&series, &out_b, &[("FONTCONFIG_FILE", &some)]);
    for run in [&a, &b] {
        let err = stderr(run);
        assert!(run.status.success(), "{err}");
        assert_eq!(warnings_about(&err, "U+12000"), 1, "{err}");
        assert_eq!(warnings_about(&err, "U+10D0"), 1, "{err}");
        assert!(
            err.contains("system_fonts: true"),
            "the hint names the option: {err}"
        );
    }
    let pdf_a = std::fs::read(the_pdf(&out_a)).expect("pdf a");
    let pdf_b = std::fs::read(the_pdf(&out_b)).expect("pdf b");
    assert!(pdf_a == pdf_b, "the PDF depends on the machine's fonts");

    // With `system_fonts: true` the same extra folder fills the Georgian
    // gap: proof that the folder reaches the font scan above.
    if have_dejavu {
        let series = fixture_with_gaps(&d.join("system"), true);
        let out_c = d.join("c");
        let c = build(&series, &out_c, &[("FONTCONFIG_FILE", &some)]);
        let err = stderr(&c);
        assert!(c.status.success(), "{err}");
        assert_eq!(warnings_about(&err, "U+10D0"), 0, "{err}");
        assert_eq!(warnings_about(&err, "U+12000"), 1, "{err}");
        let pdf_c = std::fs::read(the_pdf(&out_c)).expect("pdf c");
        assert!(pdf_a != pdf_c, "system fonts were not used");
    }
}
