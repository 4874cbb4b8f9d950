"""Make the README's screenshots (docs/*.png) from the bundled demo corpus, in Debian's chromium.

    .venv/bin/python scripts/screenshots.py           # writes docs/report-overview.png, docs/report-article.png,
                                                      # docs/terminal.png and docs/terminal.txt

The terminal one is the real output of ``mtqa check --color always``: its ANSI colours are turned
into HTML spans one to one (no other change) and the page is photographed; ``docs/terminal.txt``
keeps the same output as plain text, so a test can tell when the picture shows an older output format.
Only corpora/demo is shown, because it is written for this project; the seed article's text is not ours
to publish.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DEMO = ROOT / "corpora" / "demo"
MTQA = [sys.executable, "-m", "mtqa"]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SGR = {"1": "b", "2": "dim", "4": "u", "31": "red", "32": "green", "33": "yellow", "36": "cyan"}
TERMINAL_CSS = """
body { margin: 0; background: #1e1e2e; }
pre { margin: 0; padding: 14px 18px; font: 14px/1.35 "DejaVu Sans Mono", "Liberation Mono", monospace;
      color: #d8dee9; background: #1e1e2e; display: inline-block; width: 106ch;
      white-space: pre-wrap; word-break: break-all; } /* a 104-column terminal wraps what is longer */
.b { font-weight: bold; } .dim { color: #7f8796; } .u { text-decoration: underline; }
.red { color: #f38ba8; } .green { color: #a6e3a1; } .yellow { color: #f9e2af; } .cyan { color: #89dceb; }
.prompt { color: #a6e3a1; }
"""


def ansi_to_html(text: str) -> str:
    out, classes = [], set()
    for part in re.split(r"(\x1b\[[0-9;]*m)", text):
        m = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
        if m:
            codes = m.group(1).split(";")
            classes = set() if codes in (["0"], [""]) else classes | {SGR[c] for c in codes if c in SGR}
        elif part:
            out.append(f'<span class="{" ".join(sorted(classes))}">{html.escape(part)}</span>' if classes else html.escape(part))
    return "".join(out)


def main() -> int:
    from playwright.sync_api import sync_playwright

    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        subprocess.run([*MTQA, "batch", str(DEMO), "--out", str(out), "--quiet", "--format", "jsonl,html"], cwd=ROOT)
        args = ["corpora/demo/wildfire-season.it.txt", "corpora/demo/wildfire-season.en.txt", "--only-errors"]
        term = subprocess.run([*MTQA, "check", *args, "--color", "always", "--width", "104"], cwd=ROOT,
                              capture_output=True, text=True).stdout
        plain = f"$ mtqa check {' '.join(args)}\n" + re.sub(r"\x1b\[[0-9;]*m", "", term)
        (DOCS / "terminal.txt").write_text(plain, encoding="utf-8")
        page = Path(tmp) / "terminal.html"
        prompt = f'<span class="prompt">$</span> mtqa check {html.escape(" ".join(args))}\n'
        page.write_text(f"<!doctype html><meta charset=utf-8><style>{TERMINAL_CSS}</style><pre>{prompt}{ansi_to_html(term)}</pre>",
                        encoding="utf-8")
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            pg = b.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
            pg.goto(page.as_uri())
            pg.locator("pre").screenshot(path=str(DOCS / "terminal.png"))
            pg.goto((out / "report.html").as_uri())
            pg.wait_for_selector("html[data-ready]")
            pg.screenshot(path=str(DOCS / "report-overview.png"), clip={"x": 0, "y": 0, "width": 1280, "height": 900})
            pg.goto((out / "report.html").as_uri() + "#a-wildfire-season.b4")  # pairs count from 1
            pg.wait_for_selector("[id='a-wildfire-season.b4']")
            pg.locator("[id='a-wildfire-season.b5'] mark").first.focus()
            top = pg.locator("#a-wildfire-season").bounding_box()["y"] + pg.evaluate("scrollY")
            pg.screenshot(path=str(DOCS / "report-article.png"), full_page=True,
                          clip={"x": 0, "y": top - 8, "width": 1280, "height": 820})
            b.close()
    for name in ("report-overview.png", "report-article.png", "terminal.png"):
        print(f"wrote docs/{name} ({(DOCS / name).stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
