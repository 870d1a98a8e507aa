//! The page map: where each printed page of the packet begins in the
//! issue's text, checked against the words pdftotext reads on each page.

use pressrun::frame::{Anchor, PageMap};
use pressrun::model::Issue;

use crate::support::{have_tool, root, tempdir};

fn load(path: &str) -> Issue {
    let opts = pressrun::manifest::LoadOptions {
        timestamp: 1_700_000_000,
    };
    match pressrun::manifest::load(&root().join(path), &opts) {
        Ok(w) => w.output,
        Err(e) => panic!("{path} loads: {e:?}"),
    }
}

/// The issue's PDF through the driver, and its page map.
fn build(issue: &Issue) -> (Vec<u8>, PageMap) {
    let pdf = pressrun::build::by_name("pdf").expect("the PDF edition is registered");
    let mut built = pressrun::build::issue(issue, &[pdf]);
    assert!(!built.has_errors(), "{:?}", built.diagnostics);
    let laid = built
        .laid
        .take()
        .expect("the PDF edition lays the issue out");
    (built.outputs.remove(0).bytes, laid.page_map)
}

fn words(text: &str, n: usize) -> Vec<String> {
    text.split_whitespace().take(n).map(str::to_owned).collect()
}

/// The text an anchor points at, from the model.
fn anchored_text(issue: &Issue, anchor: Anchor) -> String {
    let article = |n: u32| issue.articles().nth(n as usize).expect("anchored article");
    match anchor {
        Anchor::Block {
            article: a,
            block,
            offset,
        } => {
            let art = article(a);
            let md = art.body.as_ref().or(art.summary.as_ref()).expect("text");
            let block = md.block(block as usize).expect("anchored block");
            block.plain_text().chars().skip(offset as usize).collect()
        }
        Anchor::Header { article: a } => article(a).title.clone(),
        other => panic!("unexpected anchor on a body page: {other:?}"),
    }
}

/// The sample with a lead four times as long: paragraphs cross pages.
fn long_sample() -> Issue {
    let mut issue = load("issues/2026-11-24/issue.yaml");
    let text = std::fs::read_to_string(root().join("issues/2026-11-24/lead.md")).expect("lead.md");
    let prose: Vec<&str> = text
        .split("\n\n")
        .filter(|p| p.chars().next().is_some_and(char::is_alphabetic) && !p.contains("[^"))
        .collect();
    let long = prose.repeat(4).join("\n\n");
    let (md, _) = pressrun::markdown::convert(&long, &mut |_, _| None);
    issue.lead.body = Some(md);
    issue
}

#[test]
fn every_page_begins_where_the_page_map_says() {
    check_pages(&load("issues/2026-11-24/issue.yaml"));
    // Paragraphs that run on to the next page are found at the word.
    let long = check_pages(&long_sample());
    assert!(
        long.is_none_or(|n| n >= 1),
        "{long:?} pages start mid-paragraph"
    );
}

/// Compares each page after the first with the page map; returns how
/// many pages start inside a paragraph (None without pdftotext).
fn check_pages(issue: &Issue) -> Option<usize> {
    let (pdf, map) = build(issue);
    if !have_tool("pdftotext", &["-v"]) {
        return None;
    }
    let dir = tempdir();
    let path = dir.path().join("sample.pdf");
    std::fs::write(&path, &pdf).expect("write the PDF");
    assert!(map.pages.len() > 3, "{map:?}");
    let mut mid_block = 0;
    for (k, page) in map.pages.iter().enumerate().skip(1) {
        let n = (k + 1).to_string();
        let out = std::process::Command::new("pdftotext")
            .args(["-f", &n, "-l", &n, path.to_str().expect("utf-8"), "-"])
            .output()
            .expect("pdftotext runs");
        let text = String::from_utf8_lossy(&out.stdout);
        // The running head is the page's first line.
        let body: String = text.lines().skip(1).collect::<Vec<_>>().join("\n");
        let first = page.first.expect("every body page holds text");
        let expected = anchored_text(issue, first);
        match first {
            Anchor::Block { offset, .. } => {
                if offset > 0 {
                    mid_block += 1;
                }
                assert_eq!(
                    words(&body, 3),
                    words(&expected, 3),
                    "page {n} ({first:?}) starts otherwise:\n{body}"
                );
            }
            // A header page opens with the kind label, then the title.
            _ => {
                let head = words(&body, 12).join(" ");
                assert!(
                    head.contains(&words(&expected, 3).join(" ")),
                    "page {n} ({first:?}) should open with “{expected}”:\n{head}"
                );
            }
        }
        assert_eq!(page.label, n, "labels are the folios");
    }
    Some(mid_block)
}

#[test]
fn blocks_know_their_pages() {
    let issue = load("issues/2026-11-24/issue.yaml");
    let (_, map) = build(&issue);
    // Every paragraph and heading of the lead is in the map, in order.
    let lead = issue.lead.body.as_ref().expect("the lead has a body");
    let mut count = 0;
    while lead.block(count).is_some() {
        count += 1;
    }
    let lead_blocks: Vec<u32> = map
        .blocks
        .iter()
        .filter(|b| b.article == 0)
        .map(|b| b.block)
        .collect();
    for b in 0..count as u32 {
        let kind = lead.block(b as usize).map(|b| {
            matches!(
                b,
                pressrun::model::Block::Paragraph(_) | pressrun::model::Block::Heading { .. }
            )
        });
        if kind == Some(true) {
            assert!(
                lead_blocks.contains(&b),
                "block {b} missing from {lead_blocks:?}"
            );
        }
    }
    assert!(
        lead_blocks.windows(2).all(|w| w[0] < w[1]),
        "{lead_blocks:?}"
    );
    let long = long_sample();
    let (_, long_map) = build(&long);
    assert!(
        long_map.blocks.iter().any(|b| !b.breaks.is_empty()),
        "no paragraph of the long lead crosses a page: {long_map:?}"
    );
    // A block that runs on has its break offsets rising, inside its text.
    for b in &map.blocks {
        let art = issue.articles().nth(b.article as usize).expect("article");
        let md = art.body.as_ref().or(art.summary.as_ref()).expect("text");
        let len = md
            .block(b.block as usize)
            .expect("block")
            .plain_text()
            .chars()
            .count();
        let mut last = 0;
        for (_, offset) in &b.breaks {
            assert!(*offset > last && (*offset as usize) < len, "{b:?}");
            last = *offset;
        }
    }
}

/// The visible text of XHTML from `from` on: tags dropped, the few
/// entities the writer makes decoded.
fn text_after(xhtml: &str, from: usize) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xhtml[from..].chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Page N in the EPUB is page N of the printed packet: the words after
/// each pagebreak marker are the first words pdftotext reads on that page.
#[test]
fn epub_page_markers_match_the_printed_pages() {
    let issue = load("issues/2026-11-24/issue.yaml");
    let built = pressrun::build::issue(&issue, pressrun::build::registry());
    assert!(!built.has_errors(), "{:?}", built.diagnostics);
    let epub = built
        .bytes(&format!("{}.epub", issue.slug))
        .expect("an EPUB");
    let pdf = built.bytes(&format!("{}.pdf", issue.slug)).expect("a PDF");
    let book = crate::epub::Book::open(epub);
    let pages = built.laid.as_ref().expect("laid out").page_map.pages.len();
    // The page list and the NCX list every printed page, in order.
    let nav = book.text("OEBPS/nav.xhtml");
    let list_at = nav
        .find("epub:type=\"page-list\"")
        .expect("a page-list nav");
    let list = &nav[list_at..];
    let list = &list[..list.find("</nav>").expect("nav ends")];
    let ncx = book.text("OEBPS/toc.ncx");
    assert_eq!(ncx.matches("<pageTarget ").count(), pages);
    let opf = book.text("OEBPS/content.opf");
    for needle in [
        "<dc:source>",
        "property=\"pageBreakSource\"",
        ">pageBreakMarkers<",
        ">pageNavigation<",
    ] {
        assert!(opf.contains(needle), "{needle} missing from the OPF");
    }
    let xhtml: Vec<(&String, String)> = book.xhtml_pages();
    let have_pdftotext = have_tool("pdftotext", &["-v"]);
    let dir = tempdir();
    let path = dir.path().join("sample.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    for k in 1..=pages {
        let href = format!("#page-{k}\"");
        assert!(list.contains(&href), "page {k} missing from the page list");
        let marker = format!("id=\"page-{k}\"");
        let hits: Vec<(&&String, usize)> = xhtml
            .iter()
            .filter_map(|(name, text)| text.find(&marker).map(|at| (name, at)))
            .collect();
        assert_eq!(hits.len(), 1, "page {k} marked once: {hits:?}");
        let (name, at) = hits[0];
        let page_text = &xhtml.iter().find(|(n, _)| n == name).expect("page").1;
        assert!(page_text[..at].ends_with("<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" "));
        if !have_pdftotext {
            continue;
        }
        let n = k.to_string();
        let out = std::process::Command::new("pdftotext")
            .args(["-f", &n, "-l", &n, path.to_str().expect("utf-8"), "-"])
            .output()
            .expect("pdftotext runs");
        let printed = String::from_utf8_lossy(&out.stdout).into_owned();
        // Page 1 has no running head; the others open with one.
        let body: String = printed
            .lines()
            .skip(usize::from(k > 1))
            .collect::<Vec<_>>()
            .join("\n");
        let end = at + page_text[at..].find('>').expect("the marker ends");
        let after = text_after(page_text, end + 1);
        assert_eq!(
            words(&after, 3),
            words(&body, 3),
            "page {k}: the EPUB marker in {name} is not where the printed page starts"
        );
    }
}

/// An EPUB-only build still lays the issue out to number its pages.
#[test]
fn epub_only_build_has_the_page_list() {
    let issue = load("issues/2026-11-24/issue.yaml");
    let epub = pressrun::build::by_name("epub").expect("registered");
    let built = pressrun::build::issue(&issue, &[epub]);
    assert_eq!(built.outputs.len(), 1);
    let book = crate::epub::Book::open(&built.outputs[0].bytes);
    assert!(
        book.text("OEBPS/nav.xhtml")
            .contains("epub:type=\"page-list\"")
    );
    assert!(book.text("OEBPS/toc.ncx").contains("<pageList>"));
}

/// The EPUB starts from the page map as soon as pagination settles,
/// before the pages are finished: it must be the EPUB the finished
/// layout's map gives (the sample and one whose paragraphs cross pages).
#[test]
fn the_early_epub_is_the_one_the_final_page_map_gives() {
    let epub = pressrun::build::by_name("epub").expect("registered");
    let pdf = pressrun::build::by_name("pdf").expect("registered");
    for issue in [load("issues/2026-11-24/issue.yaml"), long_sample()] {
        for _ in 0..3 {
            let built = pressrun::build::issue(&issue, &[epub, pdf]);
            assert!(!built.has_errors(), "{:?}", built.diagnostics);
            let laid = built.laid.as_ref().expect("laid out");
            let expected = pressrun::epub::write(&issue, Some(&laid.page_map))
                .expect("the EPUB writes")
                .output;
            let name = format!("{}.epub", issue.slug);
            assert!(
                built.bytes(&name) == Some(expected.as_slice()),
                "the driver's EPUB differs from one written from the final page map"
            );
        }
    }
}
