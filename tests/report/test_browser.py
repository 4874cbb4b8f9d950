"""The HTML report in a real browser: Debian's chromium, headless, driven by playwright (never a
browser download). Skips, saying why, where chromium or playwright is missing; .ci/run installs both.
Screenshots go to test-artifacts/ (or $MTQA_ARTIFACTS)."""

from __future__ import annotations

import json
import os
from urllib.parse import quote
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

from mtqa.cli import main
from mtqa.report.html import slugs

from ..conftest import ROOT, SEED_SRC
from .conftest import HOSTILE, hostile_feed

CHROMIUM = Path(os.environ.get("MTQA_CHROMIUM", "/usr/bin/chromium"))
# flags that work in CI containers: no sandbox (root), no GPU, and no traffic of the browser's own
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
DEMO = ROOT / "corpora" / "demo"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM}: install Debian's package (apt-get install chromium), as .ci/run does")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[browser]')")
    with sync_api.sync_playwright() as p:
        # launch() gives every browser a fresh temporary profile (--user-data-dir)
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield b
        b.close()


@dataclass
class Page:
    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def open_report(browser: Any, path: Path, width: int = 1300, height: int = 900) -> Page:
    page = browser.new_page(viewport={"width": width, "height": height})
    w = Page(page)
    url = path.resolve().as_uri()
    page.on("console", lambda m: w.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.errors.append(str(e)))
    page.on("request", lambda r: w.requests.append(r.url) if r.url.split("#")[0] != url else None)
    page.goto(url + (f"#{path.name.split('#')[1]}" if "#" in path.name else ""))
    page.wait_for_selector("html[data-ready]")
    return w


def _batch(tmp_path: Path, *inputs: Path) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path / "out"
    main(["batch", *map(str, inputs), "--out", str(out), "--quiet", "--format", "jsonl,html"])
    reports = [json.loads(x) for x in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    return out / "report.html", reports


def test_demo_and_seed_report_opens_filters_and_screenshots(browser: Any, tmp_path: Path, artifacts: Path) -> None:
    inputs = [DEMO] + ([SEED_SRC.parent] if SEED_SRC.is_file() else [])
    html, reports = _batch(tmp_path, *inputs)
    w = open_report(browser, html)
    pg = w.page
    slug = dict(zip((r["id"] for r in reports), slugs(r["id"] for r in reports)))
    assert pg.locator("li.art").count() == len(reports)
    scored = sorted((r for r in reports if r["score"] is not None), key=lambda r: r["score"])
    assert pg.locator("li.art .id").first.inner_text() == scored[0]["id"]  # worst first
    pg.screenshot(path=str(artifacts / "report-overview.png"), full_page=True)

    # the worst article, side by side: every finding listed, spans marked, a tooltip by keyboard
    worst = scored[0]
    art = pg.locator(f"#{slug[worst['id']]}")
    art.locator("button.toggle").click()
    assert art.locator("button.toggle").get_attribute("aria-expanded") == "true"
    assert art.locator("tr.bead").count() == len(worst["alignment"])
    assert art.locator("li.fi").count() == len(worst["findings"])
    mark = art.locator("mark.mk").first
    mark.focus()
    tip = mark.locator(".tip")
    assert tip.is_visible() and any(f["code"] in tip.inner_text() for f in worst["findings"])
    pg.keyboard.press("Escape")
    assert not tip.is_visible()
    art.screenshot(path=str(artifacts / "report-article.png"))

    # an omission is a gap on the target side
    omitted = [r for r in reports if any(f["code"] == "A201" for f in r["findings"])]
    if omitted:
        o = pg.locator(f"#{slug[omitted[0]['id']]}")
        o.locator("button.toggle").click()
        assert "omitted: no translation" in o.locator("td.tgt.gap").first.inner_text()

    # severity filter: critical only
    sevs = {f["severity"] for r in reports for f in r["findings"]}
    for s in sevs - {"critical"}:
        pg.uncheck(f"input[name=sev][value={s}]")
    with_critical = {r["id"] for r in reports if any(f["severity"] == "critical" for f in r["findings"])}
    shown = set(pg.locator("li.art:visible .id").all_inner_texts())
    assert shown == with_critical and with_critical
    assert f"showing {len(with_critical)} of {len(reports)}" in pg.inner_text("#f-count")
    pg.screenshot(path=str(artifacts / "report-filtered-critical.png"))

    # category filter from the overview, then verdict and id filters
    pg.click("#f-reset")
    cat = "accuracy/addition"
    pg.click(f"button[data-only-cat='{cat}']")
    with_cat = {r["id"] for r in reports if any(f["category"] == cat for f in r["findings"])}
    assert set(pg.locator("li.art:visible .id").all_inner_texts()) == with_cat and with_cat
    if art.is_visible():  # findings of other categories are dimmed in an open article
        dimmed = art.locator("li.fi.off").count()
        assert dimmed == sum(f["category"] != cat for f in worst["findings"])
    pg.click("#f-reset")
    pg.select_option("#f-verdict", "pass")
    assert pg.locator("li.art:visible").count() == sum(r["verdict"] == "pass" for r in reports)
    pg.click("#f-reset")
    pg.fill("#f-q", "port")
    assert pg.locator("li.art:visible .id").all_inner_texts() == ["port-strike"]
    pg.click("#f-reset")

    # only sentences with findings
    pg.check("#f-only")
    assert art.locator("tr.bead:visible").count() == len({f["bead"] for f in worst["findings"] if f["bead"] is not None})
    pg.uncheck("#f-only")
    pg.select_option("#f-sort", "id")
    assert pg.locator("li.art .id").all_inner_texts() == sorted(r["id"] for r in reports)
    assert w.errors == [] and w.requests == []


def test_anchors_open_the_article_and_sentence_pair(browser: Any, tmp_path: Path, artifacts: Path) -> None:
    html, reports = _batch(tmp_path, DEMO)
    r = next(r for r in reports if r["id"] == "wildfire-season")
    bead = next(f["bead"] for f in r["findings"] if f["code"] == "A101")
    target = f"a-wildfire-season.b{bead + 1}"  # pairs are numbered from 1, as shown
    pg = open_report(browser, html, height=700).page
    pg.goto(html.resolve().as_uri() + "#" + target)
    row = pg.locator(f"[id='{target}']")
    row.wait_for()
    assert pg.locator("#a-wildfire-season button.toggle").get_attribute("aria-expanded") == "true"
    assert "hit" in (row.get_attribute("class") or "") and row.is_visible()
    assert row.evaluate("e => { const b = e.getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight }")
    # opening an article by click puts its anchor in the address bar, ready to share
    pg.click("#a-port-strike button.toggle")
    assert pg.evaluate("location.hash") == "#a-port-strike"
    pg.screenshot(path=str(artifacts / "report-anchor.png"))


def test_hostile_feed_renders_as_text_and_runs_nothing(browser: Any, tmp_path: Path, artifacts: Path) -> None:
    html, reports = _batch(tmp_path, hostile_feed(tmp_path / "hostile.jsonl"))
    w = open_report(browser, html)
    pg = w.page
    title = pg.title()
    pg.click("#f-expand")
    marks = pg.locator("mark.mk")
    assert marks.count() > 0
    for i in range(marks.count()):  # tooltips render message and suggestion text too
        marks.nth(i).hover()
        marks.nth(i).focus()
    pg.wait_for_timeout(300)  # give a stray onerror or request time to happen
    assert pg.evaluate("typeof window.__pwned") == "undefined"
    assert pg.title() == title and title.startswith("mtqa report")
    injected = "img, iframe, object, embed, [onerror], [onload], [onclick], a[href^='javascript']"
    assert pg.evaluate(f"document.querySelectorAll(\"{injected}\").length") == 0
    assert pg.evaluate("document.scripts.length") == 2  # the data block and the report's own script
    text = pg.inner_text("#articles")
    assert '<script>window.__pwned = "script"; document.title = "PWNED"</script>' in text
    assert "<a href=\"javascript:window.__pwned='link'\">click me</a>" in text
    assert 'x"><script>window.__pwned="id"</script>' in text  # the article id, shown as text
    assert HOSTILE.split("<!--")[0].strip() in pg.inner_text("#overview") or "onerror" in pg.inner_text("#overview")
    assert w.requests == [] and w.errors == []
    pg.screenshot(path=str(artifacts / "report-hostile.png"), full_page=True)


def test_the_hostile_payload_does_run_when_not_escaped(browser: Any) -> None:
    """Control for the test above: the same payload as HTML does trip its detectors, so their silence
    there means something."""
    page = browser.new_page()
    page.set_content(f"<title>t</title><div>{HOSTILE}</div>")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "string"
    page.close()


def test_check_html_opens_on_its_article(browser: Any, tmp_path: Path, artifacts: Path) -> None:
    out = tmp_path / "check.html"
    main(["check", str(DEMO / "regional-budget.it.txt"), str(DEMO / "regional-budget.en.txt"), "--html", str(out)])
    w = open_report(browser, out)
    assert w.page.locator("li.art button.toggle").get_attribute("aria-expanded") == "true"
    assert w.page.locator("mark.mk").count() >= 3
    assert w.errors == []
    w.page.screenshot(path=str(artifacts / "check-article.png"), full_page=True)


def test_links_work_for_any_article_id(browser: Any, tmp_path: Path) -> None:
    # ids made from file names have dots; an id may hold spaces or other marks: #a-<id> opens it anyway
    src = (DEMO / "port-strike.it.txt").read_text(encoding="utf-8")
    tgt = (DEMO / "port-strike.en.txt").read_text(encoding="utf-8")
    ids = ["kim.it.txt", "kim.it", "news 2024 (b)"]
    feed = tmp_path / "f.jsonl"
    feed.write_text("".join(json.dumps({"id": i, "source": src, "target": tgt, "source_lang": "it",
                                        "target_lang": "en"}) + "\n" for i in ids), encoding="utf-8")
    html, _ = _batch(tmp_path, feed)
    pg = open_report(browser, html).page
    for i in ids:
        pg.goto(html.resolve().as_uri() + "#a-" + quote(i))
        hit = pg.locator("li.art.hit")  # the one article the link points at, opened
        hit.wait_for()
        assert hit.locator(".id").inner_text() == i
        assert hit.locator("button.toggle").get_attribute("aria-expanded") == "true"
        pg.goto(html.resolve().as_uri() + "#a-" + quote(i) + ".b2")
        row = pg.locator("tr.bead.hit")
        row.wait_for()
        assert row.locator("td.n a").inner_text() == "2"
