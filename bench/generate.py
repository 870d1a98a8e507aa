#!/usr/bin/env python3
"""Generate benchmark inputs from the sample issue.

  generate.py OUT
    OUT/big/            a series with one issue: lead + 60 related items with bodies
    OUT/archive/        a series of 100 issues (copies of the sample, numbered 1..100)
    OUT/long-N/         one article of N paragraphs, N in 100, 1000, 10000
"""
import pathlib
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2026-11-24"
SERIES = ROOT / "issues" / "series.yaml"

PARAS = (SAMPLE / "lead.md").read_text(encoding="utf-8").split("\n\n")
PROSE = [p for p in PARAS if p and p[0].isalpha() and "[^" not in p and "|" not in p]


def body(n: int, seed: int) -> str:
    out = []
    for i in range(n):
        if i % 12 == 5:
            out.append(f"## Part {i // 12 + 1}")
        out.append(PROSE[(seed + i) % len(PROSE)])
    return "\n\n".join(out) + "\n"


def big(out: pathlib.Path) -> None:
    d = out / "big" / "2026-12-01"
    (d / "items").mkdir(parents=True)
    shutil.copy(SERIES, out / "big" / "series.yaml")
    shutil.copytree(SAMPLE / "img", d / "img")
    shutil.copy(SAMPLE / "lead.md", d / "lead.md")
    kinds = ["report", "commentary", "video", "podcast", "event"]
    lines = [
        "issue: 35", "date: 2026-12-01",
        "lead:", "  title: A Long Issue for Benchmarks", "  authors: [Mina Cho, Daniel Reyes]",
        "  body: lead.md", "related:",
    ]
    for i in range(60):
        (d / "items" / f"item{i}.md").write_text(body(8, i), encoding="utf-8")
        lines += [
            f"  - kind: {kinds[i % len(kinds)]}",
            f"    title: Related item number {i + 1} on repair fleets and ports",
            "    authors: Jonathan Brewer",
            "    date: 2026-11-18",
            "    url: https://example.org/items/%d" % i,
            "    summary: A short teaser for the item.",
            f"    body: items/item{i}.md",
        ]
    (d / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def archive(out: pathlib.Path) -> None:
    root = out / "archive"
    root.mkdir(parents=True)
    shutil.copy(SERIES, root / "series.yaml")
    manifest = (SAMPLE / "issue.yaml").read_text(encoding="utf-8")
    for n in range(1, 101):
        d = root / f"issue-{n:03}"
        shutil.copytree(SAMPLE, d)
        (d / "issue.yaml").write_text(manifest.replace("issue: 34", f"issue: {n}"), encoding="utf-8")


def long(out: pathlib.Path, n: int) -> None:
    d = out / f"long-{n}"
    d.mkdir(parents=True)
    (d / "lead.md").write_text(body(n, 0), encoding="utf-8")
    (d / "issue.yaml").write_text(
        "newsletter: Long Article\nissue: 1\ndate: 2026-12-01\n"
        f"lead:\n  title: One article of {n} paragraphs\n  body: lead.md\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    out = pathlib.Path(sys.argv[1])
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    big(out)
    archive(out)
    for n in (100, 1000, 10000):
        long(out, n)
