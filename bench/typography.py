#!/usr/bin/env python3
"""Typography of the justified body text: pressrun against Typst, same text.

  typography.py [--bin PATH] [--before PATH] [--work DIR] [--render DIR] [--lines]

Builds the sample issue (issues/) and the 60-item bench issue
(generate.py's OUT/big) with pressrun, sets the same markdown with Typst
(PyPI `typst`, via pandoc from PyPI `pypandoc-binary`) in the same face,
size, measure, leading and paragraph indent, pulls word boxes out of both
PDFs with `pdftotext -bbox-layout`, and prints a markdown table:

- lines: justified body lines measured (body size, full measure; last
  lines of paragraphs, headings, notes, captions and tables left out);
- word gap: the space between neighbouring words on those lines, in em of
  the body size (5th percentile, median and 95th percentile);
- loose: lines whose widest gap is over twice the median gap;
- expanded: lines drawn with a horizontal scale (the PDF's `Tz`, font
  expansion) other than 100 %, read from the page content streams (qpdf's
  JSON), with the largest scale seen; letter-spaced: lines whose words are
  wider than the same words set naturally, by more than 0.003 em per
  letter gap once that scale is taken out;
- hyphenated: lines ending in a hyphen (a hyphenation, or an explicit
  hyphen such as Kyung-wha, which the reader sees the same way), and the
  longest run of them in a row;
- rule checks: hyphens ending a page's or column's last line; hyphenated
  words shorter than six letters; hyphenated capitalised words not at a
  sentence start (a proper-noun heuristic).

With --before PATH it also measures another pressrun build (rows
"pressrun before"). With --render DIR it also writes one page of each
sample PDF as PNG (80 dpi) and, where Pillow is installed, the text
column of each side by side (side-by-side.png, as in the README). With
--lines it lists every hyphenated line it found.
"""
import argparse
import base64
import importlib.util
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2026-11-24"
NS = "{http://www.w3.org/1999/xhtml}"

# pressrun's theme for the series style (11 pt, letter): see
# src/layout/theme.rs. Measure 30.5 em rounded, leading 1.36 em rounded to
# a quarter point, 43 lines from the top margin, paragraph indent 1.2 em.
SIZE = 11.0
PAGE_W, PAGE_H = 612.0, 792.0
WIDTH = round(SIZE * 30.5)
LEFT = round((PAGE_W - WIDTH + 12.0) / 2.0)
LEADING = round(SIZE * 1.36 * 4) / 4
TOP = 72.0
BOTTOM = TOP + ((PAGE_H - TOP - 66.0) // LEADING) * LEADING
INDENT = SIZE * 1.2

PREAMBLE = f"""\
#set page(width: {PAGE_W}pt, height: {PAGE_H}pt,
  margin: (left: {LEFT}pt, right: {PAGE_W - LEFT - WIDTH}pt, top: {TOP}pt, bottom: {PAGE_H - BOTTOM}pt))
#set text(font: "Source Serif 4", size: {SIZE}pt, lang: "en", top-edge: 1em, bottom-edge: "baseline")
#set par(justify: true, leading: {LEADING - SIZE}pt, spacing: {LEADING - SIZE}pt, first-line-indent: {INDENT}pt)
"""

MARKER = re.compile(r"^(\W|\d+[.)])$")
HYPHENS = ("-", "\u2010", "\u00ad")  # Typst maps its hyphen to a soft hyphen


def pandoc() -> str:
    found = shutil.which("pandoc")
    if found:
        return found
    import pypandoc  # noqa: PLC0415

    return pypandoc.get_pandoc_path()


def typst_pdf(markdown: list[pathlib.Path], images: pathlib.Path, work: pathlib.Path, name: str) -> pathlib.Path:
    import typst  # noqa: PLC0415

    d = work / f"typst-{name}"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    shutil.copytree(images, d / "img")
    md = d / "text.md"
    md.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in markdown), encoding="utf-8")
    body = subprocess.run([pandoc(), str(md), "-t", "typst"], check=True, capture_output=True, text=True).stdout
    typ = d / "text.typ"
    typ.write_text(PREAMBLE + body, encoding="utf-8")
    out = d / "text.pdf"
    typst.compile(str(typ), output=str(out), root=str(d), font_paths=[str(ROOT / "fonts")])
    return out


def pressrun_pdf(binary: str, source: pathlib.Path, work: pathlib.Path, name: str) -> pathlib.Path:
    out = work / f"pressrun-{name}"
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    subprocess.run([binary, "-q", "build", str(source), "--format", "pdf", "--out", str(out)], check=True, env=env)
    return next(out.glob("*.pdf"))


def content_tokens(data: bytes):
    """Operands and operators of a content stream, strings skipped (glyph
    ids in a string may look like anything)."""
    i, n = 0, len(data)
    while i < n:
        c = data[i:i + 1]
        if c in b"(":
            depth, i = 1, i + 1
            while i < n and depth:
                if data[i:i + 1] == b"\\":
                    i += 2
                    continue
                depth += {b"(": 1, b")": -1}.get(data[i:i + 1], 0)
                i += 1
            yield "str"
        elif c == b"<" and data[i:i + 2] != b"<<":
            i = data.index(b">", i) + 1
            yield "str"
        elif c.isspace() or c in b"[]<>/{}":
            i += 1 if data[i:i + 2] not in (b"<<", b">>") else 2
        else:
            j = i
            while j < n and not data[j:j + 1].isspace() and data[j:j + 1] not in b"()[]<>/{}":
                j += 1
            yield data[i:j].decode("latin-1")
            i = j


def horizontal_scales(pdf: pathlib.Path) -> list[list[tuple[float, float]]]:
    """For each page, (baseline y from the top, Tz scale) of every text
    matrix set: where font expansion drew letters wider or narrower."""
    raw = subprocess.run(["qpdf", "--json", "--json-stream-data=inline", "--decode-level=generalized", str(pdf)],
                         check=True, capture_output=True, text=True).stdout
    doc = json.loads(raw)
    objects = doc["qpdf"][1]
    pages = []
    for page in doc["pages"]:
        height = PAGE_H
        box = objects[f"obj:{page['object']}"]["value"].get("/MediaBox")
        if box:
            height = float(box[3])
        data = b"".join(base64.b64decode(objects[f"obj:{ref}"]["stream"].get("data", "")) for ref in page["contents"])
        scale, stack, marks = 1.0, [], []
        for tok in content_tokens(data):
            if tok == "Tz" and stack:
                scale = float(stack[-1]) / 100
            elif tok == "Tm" and len(stack) >= 6:
                marks.append((height - float(stack[-1]), scale))
            if tok[:1].isdigit() or tok[:1] in "-.":
                stack.append(tok)
            else:
                stack = []
        pages.append(marks)
    return pages


def read_lines(pdf: pathlib.Path) -> list[dict]:
    """Every text line in reading order: page, box, words (x0, x1, text,
    height), horizontal scale."""
    scales = horizontal_scales(pdf)
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    root = ET.fromstring(xml)
    lines = []
    for p, page in enumerate(root.iter(NS + "page")):
        for line in page.iter(NS + "line"):
            words = [
                (float(w.get("xMin")), float(w.get("xMax")), w.text or "", float(w.get("yMax")) - float(w.get("yMin")))
                for w in line.iter(NS + "word")
            ]
            if not words:
                continue
            words.sort()
            top, bottom = float(line.get("yMin")), float(line.get("yMax"))
            drawn = [sc for y, sc in (scales[p] if p < len(scales) else []) if top <= y <= bottom]
            lines.append({
                "page": p,
                "x0": float(line.get("xMin")),
                "x1": float(line.get("xMax")),
                "y": bottom,
                "words": words,
                "scale": max(drawn, key=lambda sc: abs(sc - 1), default=1.0),
            })
    return lines


def mode(values):
    return statistics.mode(round(v * 2) / 2 for v in values)


def letters(word: str) -> str:
    return "".join(c for c in word if c.isalpha())


def body_height(lines: list[dict]) -> float:
    return mode(h for line in lines for (_, _, _, h) in line["words"])


def natural_widths(*docs: list[dict]) -> dict:
    """The narrowest width each body-size word string is set at, its line's
    horizontal scale taken out: its width without letter spacing (Typst
    adds none, so it has them all)."""
    out = {}
    for lines in docs:
        height = body_height(lines)
        for line in lines:
            for x0, x1, text, h in line["words"]:
                if abs(h - height) < 0.02 * height:
                    w = (x1 - x0) / line["scale"]
                    out[text] = min(out.get(text, w), w)
    return out


def letter_space(line: dict, natural: dict) -> float:
    """Median extra space between the letters of a line's words (em),
    beyond what its horizontal scale accounts for."""
    s = line["scale"]
    extra = [((x1 - x0) - natural[t] * s) / (len(t) - 1) / SIZE
             for x0, x1, t, _ in line["words"] if len(t) > 2 and t in natural]
    return statistics.median(extra) if len(extra) >= 3 else 0.0


def measure(lines: list[dict], natural: dict, source_text: str, show: str = "") -> dict:
    height = body_height(lines)

    def body_size(h):
        return abs(h - height) < 0.02 * height

    body = [ln for ln in lines if body_size(statistics.median(h for (_, _, _, h) in ln["words"]))]
    left, right = mode(ln["x0"] for ln in body), mode(ln["x1"] for ln in body)
    full = [
        ln for ln in body
        if ln["x1"] >= right - 0.5
        and left - 8 <= ln["x0"] <= left + 0.2 * (right - left)
        and len(ln["words"]) > 1
        and sum(w[2] == "." for w in ln["words"]) < 3  # contents leaders
    ]
    full_ids = {id(ln) for ln in full}

    gaps, widest = [], []
    for ln in full:
        w = ln["words"]
        if MARKER.match(w[0][2]):
            w = w[1:]  # a list item's bullet or number is not a word
        g = [(b[0] - a[1]) / SIZE for a, b in zip(w, w[1:]) if body_size(a[3]) and body_size(b[3])]
        g = [x for x in g if x > 0.05]
        gaps += g
        widest.append(max(g) if g else 0.0)
    gaps.sort()
    med = statistics.median(gaps)
    p95 = gaps[min(len(gaps) - 1, int(0.95 * len(gaps)))]
    p5 = gaps[int(0.05 * len(gaps))]
    loose = sum(1 for x in widest if x > 2 * med)
    loose15 = sum(1 for x in widest if x > 1.5 * med)
    spaced = [letter_space(ln, natural) for ln in full]
    spaced = [x for x in spaced if x > 0.003]
    scaled = [ln["scale"] - 1 for ln in full if abs(ln["scale"] - 1) > 1e-6]

    # Hyphenated lines, in reading order among the body lines.
    hyph, run, longest, final, short, proper, explicit = 0, 0, 0, 0, 0, 0, 0
    listing = []
    for k, ln in enumerate(body):
        last = ln["words"][-1][2]
        is_hyph = id(ln) in full_ids and last.endswith(HYPHENS) and len(letters(last)) > 0
        if not is_hyph:
            run = 0
            continue
        hyph += 1
        run += 1
        longest = max(longest, run)
        nxt = body[k + 1] if k + 1 < len(body) else None
        if nxt is None or nxt["page"] != ln["page"] or nxt["y"] < ln["y"]:
            final += 1
        head = last.rstrip("-\u2010\u00ad")
        tail = nxt["words"][0][2] if nxt else ""
        core = re.sub(r"^\W+|\W+$", "", head) + "-" + re.sub(r"^\W+|\W+$", "", tail)
        if last.endswith("\u2010") or core in source_text:
            explicit += 1
            kind = "explicit"
        else:
            word = letters(head) + letters(tail)
            before = ln["words"][-2][2] if len(ln["words"]) > 1 else ""
            sentence_start = before.endswith((".", "!", "?", ":", "\u2014")) or before == ""
            kind = "hyphenated"
            if len(word) < 6:
                short += 1
                kind += ", short"
            if head[:1].isupper() and not sentence_start:
                proper += 1
                kind += ", proper noun"
        listing.append(f"p{ln['page'] + 1} {kind}: … {' '.join(w[2] for w in ln['words'][-3:])} | {tail}")
    if show:
        print(f"\n{show}:")
        for s in listing:
            print("  " + s)
    return {
        "lines": len(full),
        "median": med,
        "p95": p95,
        "p5": p5,
        "loose": loose,
        "loose15": loose15,
        "spaced": len(spaced),
        "max_spaced": max(spaced, default=0.0),
        "expanded": len(scaled),
        "scale_range": (min(scaled, default=0.0), max(scaled, default=0.0)),
        "hyph": hyph,
        "explicit": explicit,
        "run": longest,
        "final": final,
        "short": short,
        "proper": proper,
        "pages": len({ln["page"] for ln in lines}),
    }


def pct(k: int, n: int) -> str:
    return f"{k} ({100 * k / n:.1f} %)"


def evenness_row(name: str, m: dict) -> str:
    n = m["lines"]
    lo, hi = m["scale_range"]
    widest = f", {100 * lo:+.1f} to {100 * hi:+.1f} %" if m["expanded"] else ""
    return (
        f"| {name} | {n} | {m['p5']:.3f} | {m['median']:.3f} | {m['p95']:.3f} | {pct(m['loose'], n)} | {pct(m['loose15'], n)} "
        f"| {pct(m['expanded'], n)}{widest} "
        f"| {pct(m['spaced'], n)} |"
    )


def hyphen_row(name: str, m: dict) -> str:
    return (
        f"| {name} | {pct(m['hyph'], m['lines'])} | {m['explicit']} | {m['run']} | {m['final']} "
        f"| {m['short']} | {m['proper']} | {m['pages']} |"
    )


def side_by_side(out: pathlib.Path, panels: list[tuple[str, pathlib.Path, int]]) -> None:
    """The sample's text column from each page PNG (label, file, top of
    the body text in pixels), next to each other under small labels."""
    from PIL import Image, ImageDraw, ImageFont  # noqa: PLC0415

    dpi = 80 / 72
    x0, w, h, strip = round(LEFT * dpi) - 20, round(WIDTH * dpi) + 52, 478, 20
    face = ROOT / "fonts" / "source-sans" / "SourceSans3-Regular.otf"
    font = ImageFont.truetype(str(face), 11) if face.exists() else ImageFont.load_default()
    sheet = Image.new("RGB", (w * len(panels), h + strip), "white")
    draw = ImageDraw.Draw(sheet)
    for n, (label, png, top) in enumerate(panels):
        page = Image.open(png).convert("RGB")
        sheet.paste(page.crop((x0, top, x0 + w, top + h)), (n * w, strip))
        draw.text((n * w + 20, 4), label, fill="black", font=font)
    sheet.save(out / "side-by-side.png", optimize=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    ap.add_argument("--bin", default=str(pathlib.Path(target) / "release" / "pressrun"))
    ap.add_argument("--work", default=str(ROOT / "bench" / "work" / "typography"))
    ap.add_argument("--before", help="also measure this pressrun build, as 'pressrun before'")
    ap.add_argument("--render", help="write one page of each PDF here as PNG")
    ap.add_argument("--lines", action="store_true", help="list the hyphenated lines")
    args = ap.parse_args()
    work = pathlib.Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)

    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    shutil.rmtree(work / "big", ignore_errors=True)
    generate.big(work)
    big = work / "big" / "2026-12-01"

    texts = {
        "sample": (ROOT / "issues", [SAMPLE / "lead.md", SAMPLE / "reports" / "mending-the-wires.md"], SAMPLE / "img"),
        "60-item": (work / "big", [big / "lead.md"] + sorted((big / "items").glob("*.md"), key=lambda p: int(p.stem[4:])), big / "img"),
    }
    pdfs, results = {}, []
    for name, (source, markdown, images) in texts.items():
        source_text = " ".join(p.read_text(encoding="utf-8") for p in markdown)
        setters = [("pressrun", pressrun_pdf(args.bin, source, work, name))]
        if args.before:
            setters.insert(0, ("pressrun before", pressrun_pdf(args.before, source, work / "before", name)))
        setters.append(("Typst", typst_pdf(markdown, images, work, name)))
        pdfs[name] = setters
        docs = [read_lines(pdf) for _, pdf in setters]
        natural = natural_widths(*docs)
        for (setter, _), lines in zip(setters, docs):
            label = f"{name}, {setter}"
            results.append((label, measure(lines, natural, source_text, label if args.lines else "")))
    print("| text, setter | lines | 5th pct word gap (em) | median gap (em) | 95th pct gap (em) "
          "| loose (widest gap > 2× median) | widest gap > 1.5× median | expanded (Tz ≠ 100 %) | letter-spaced |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, m in results:
        print(evenness_row(label, m))
    print()
    print("| text, setter | hyphenated lines | of which at explicit hyphens | longest run | page/column-final "
          "| words < 6 letters | proper nouns | pages |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, m in results:
        print(hyphen_row(label, m))
    if args.render:
        out = pathlib.Path(args.render)
        out.mkdir(parents=True, exist_ok=True)
        panels = []
        for setter, pdf in pdfs["sample"]:
            # pressrun's lead starts on page 2 under its title; Typst's text on page 1.
            page, top = (1, 78) if setter == "Typst" else (2, 255)
            png = out / f"sample-{setter.replace(' ', '-').lower()}"
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", str(page), "-l", str(page), "-singlefile",
                            str(pdf), str(png)], check=True)
            panels.append(("pressrun now" if setter == "pressrun" else setter, png.with_suffix(".png"), top))
        if importlib.util.find_spec("PIL"):
            side_by_side(out, panels)


if __name__ == "__main__":
    sys.exit(main())
