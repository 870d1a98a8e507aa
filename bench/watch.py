#!/usr/bin/env python3
"""Time from a save to both new outputs on disk under `pressrun watch -v`.

  watch.py BIN ISSUES_DIR WORK_DIR [SAVES]

Copies the issues folder to WORK_DIR, starts `pressrun -v watch` on it,
rewrites the lead article SAVES times (each a real change, so every
output changes) and prints the median of the figures watch reports
("outputs on disk N ms after the save").
"""
import pathlib, queue, re, shutil, statistics, subprocess, sys, threading, time

binary, issues, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
saves = int(sys.argv[4]) if len(sys.argv) > 4 else 10
shutil.rmtree(work, ignore_errors=True)
shutil.copytree(issues, work / "issues")
lead = next((work / "issues").glob("*/lead.md"))
text = lead.read_text()
proc = subprocess.Popen([binary, "-v", "watch", str(work / "issues"), "--out", str(work / "out")],
                        stderr=subprocess.PIPE, text=True, env={"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"})
lines: "queue.Queue[str]" = queue.Queue()
threading.Thread(target=lambda: [lines.put(l) for l in proc.stderr], daemon=True).start()

def wait_for(needle: str) -> str:
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            line = lines.get(timeout=deadline - time.time())
        except queue.Empty:
            break
        if needle in line:
            return line
    proc.kill()
    sys.exit(f"watch never said {needle!r}")

wait_for("watching")
figures = []
for n in range(saves):
    lead.write_text(text + f"\nA sentence added on save {n}.\n")
    line = wait_for("after the save")
    figures.append(float(re.search(r"([\d.]+) ms", line).group(1)))
    time.sleep(0.2)
proc.kill()
print("%.1f" % statistics.median(figures))
