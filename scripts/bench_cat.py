"""CAT files checked unit by unit (issue 16): findings per 1,000 words on real professionally translated
files, recall on errors injected into units, this tree beside a baseline revision of mtqa and beside
pofilter (translate-toolkit), all in one run.

    .venv/bin/python scripts/bench_cat.py --baseline 45c518a --out scripts/results/cat

Files (each is skipped when absent, and said so):
- git's Italian PO (po/it.po, GPL-2.0: read from a local mirror of git/git, never copied into this
  repository): ``--git-repo /work/.mirror/git+git/repo`` (default).
- ORCID's Angular Italian XLIFF (src/locale/messages.it.xlf, MIT): from ``--orcid-repo`` (default
  /work/.mirror/ORCID+orcid-angular/repo), else the copy in corpora/cat/.
- Okapi's XLIFF, TMX and PO test files (Apache-2.0) copied in corpora/cat/okapi/ (README there).

Injected errors (seeded, one per chosen unit, written into a copy of the file): a placeholder removed
or changed, an inline tag removed, a number changed, the source copied into the target. A unit's
injection is found when a finding of the right family names that unit (placeholder/tag: D101/D102;
number: A101; copy: A303/A301/A304), or a finding of a detector in DAMAGE_CODES whose text holds the
damage itself: a number changed inside a placeholder or metavariable (``$sha1`` -> ``$sha8``,
``%<PRIu32>`` -> ``%<PRIu39>``) is damage to the placeholder, and D101 reporting that unit's "$sha8"
finds it as A101 would; pofilter's by its tests on the same unit (printf, variables, xmltags, numbers,
unchanged, untranslated). Words are target words as mtqa counts them.

The baseline is another revision of mtqa, checked out into a temporary git worktree and run with the
same virtualenv; pofilter is run as installed (``pofilter --progress=none``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / ".venv" / "bin" / "python"
SEED = 16
FAMILIES = {"placeholder": {"D101"}, "tag": {"D102", "D101"}, "number": {"A101"},
            "copy": {"A303", "A301", "A304"}}
# detectors that find an injection of another family when their finding names the unit and its text
# holds the injected damage (the changed number): D101 on "$sha8" for "$sha1" -> "$sha8"
DAMAGE_CODES = {"number": {"D101"}}
POFILTER_TESTS = {"placeholder": {"printf", "variables", "pythonbraceformat", "xmltags", "brackets"},
                  "tag": {"xmltags", "variables", "printf"}, "number": {"numbers"},
                  "copy": {"unchanged", "untranslated"}}
_PRINTF = re.compile(r"%(?:\d+\$)?[-+ 0#]*\d*(?:\.\d+)?[dsuxXfc]|\{[A-Za-z_]\w*\}")
_DIGITS = re.compile(r"\d+")
# pofilter's extraction tests say what state a unit is in, not that its translation is wrong: XLIFF
# targets without state="translated" are all "isfuzzy"
EXTRACTION = {"isfuzzy", "isreview"}
_X = re.compile(r"<x [^>]*/>")


def files(args: argparse.Namespace, work: Path) -> list[tuple[str, Path]]:
    out = []
    git = Path(args.git_repo)
    if (git / "HEAD").exists() or (git / ".git").exists():
        p = work / "git.it.po"
        p.write_bytes(subprocess.run(["git", "-C", str(git), "show", "HEAD:po/it.po"], check=True,
                                     capture_output=True).stdout)
        out.append(("git it.po (GPL, from the mirror)", p))
    else:
        print(f"skipped git it.po: no mirror at {git}", file=sys.stderr)
    orcid = Path(args.orcid_repo)
    p = work / "orcid.it.xlf"
    if (orcid / "HEAD").exists():
        p.write_bytes(subprocess.run(["git", "-C", str(orcid), "show", "HEAD:src/locale/messages.it.xlf"],
                                     check=True, capture_output=True).stdout)
        out.append(("ORCID messages.it.xlf (MIT, Angular)", p))
    elif (ROOT / "corpora/cat/orcid/messages.it.xlf").exists():
        shutil.copy(ROOT / "corpora/cat/orcid/messages.it.xlf", p)
        out.append(("ORCID messages.it.xlf (MIT, Angular, corpora copy)", p))
    for f in sorted((ROOT / "corpora/cat/okapi").glob("*.*")):
        if f.suffix in (".xlf", ".tmx", ".po"):
            out.append((f"Okapi {f.name} (Apache-2.0)", f))
    return out


# -- injection ---------------------------------------------------------------------------------------

def inject_po(src: Path, dst: Path, n: int, damage: dict[str, str] | None = None) -> dict[str, str]:
    """A copy of the PO with errors in ``n`` units per family; returns msgid -> family, and fills
    ``damage`` with msgid -> the changed number of each number injection."""
    import polib

    po = polib.pofile(str(src))
    rng = random.Random(SEED)
    entries = [e for e in po if e.msgid and e.msgstr and not e.obsolete and not e.msgid_plural]
    rng.shuffle(entries)
    done: dict[str, str] = {}
    want = Counter({"placeholder": n, "number": n, "copy": n})
    for e in entries:
        if e.msgid in done:
            continue
        ph = _PRINTF.findall(e.msgstr)
        if want["placeholder"] and ph:
            e.msgstr = e.msgstr.replace(ph[0], "" if len(done) % 2 else "%q", 1)
            done[e.msgid] = "placeholder"
            want["placeholder"] -= 1
        elif want["number"] and _DIGITS.search(e.msgstr) and _DIGITS.search(e.msgid) and not ph:
            new = str(int(_DIGITS.findall(e.msgstr)[0]) + 7)
            e.msgstr = _DIGITS.sub(new, e.msgstr, count=1)
            if damage is not None:
                damage[e.msgid] = new
            done[e.msgid] = "number"
            want["number"] -= 1
        elif want["copy"] and len(e.msgid.split()) >= 2 and not ph and e.msgid != e.msgstr:
            e.msgstr = e.msgid
            done[e.msgid] = "copy"
            want["copy"] -= 1
    po.save(str(dst))
    return done


def inject_xliff(src: Path, dst: Path, n: int) -> dict[str, str]:
    """A copy of the XLIFF with an inline tag removed from ``n`` targets and the source copied into
    ``n`` others; returns unit id -> family."""
    text = src.read_text(encoding="utf-8")
    rng = random.Random(SEED)
    units = list(re.finditer(r'<trans-unit id="([^"]+)".*?</trans-unit>', text, re.DOTALL))
    rng.shuffle(units)
    done: dict[str, str] = {}
    edits: list[tuple[int, int, str]] = []
    want = Counter({"tag": n, "copy": n})
    for m in units:
        body = m.group(0)
        t = re.search(r"<target>(.*?)</target>", body, re.DOTALL)
        s = re.search(r"<source>(.*?)</source>", body, re.DOTALL)
        if not t or not s:
            continue
        if want["tag"] and _X.search(t.group(1)):
            new = _X.sub("", t.group(1), count=1)
            want["tag"] -= 1
            done[m.group(1)] = "tag"
        elif (want["copy"] and len(s.group(1).split()) >= 2 and "<" not in s.group(1)
              and s.group(1) != t.group(1)):
            new = s.group(1)
            want["copy"] -= 1
            done[m.group(1)] = "copy"
        else:
            continue
        edits.append((m.start() + t.start(1), m.start() + t.end(1), new))
    for a, b, new in sorted(edits, reverse=True):
        text = text[:a] + new + text[b:]
    dst.write_text(text, encoding="utf-8")
    return done


# -- runs --------------------------------------------------------------------------------------------

def run_mtqa(tree: Path, path: Path, out: Path) -> tuple[list[dict[str, Any]], float]:
    t0 = time.perf_counter()
    subprocess.run([str(PY), "-m", "mtqa", "batch", str(path), "--out", str(out), "--quiet", "--jobs", "1",
                    "--timeout", "0", "--max-article-bytes", "20000000", "--fluency", "none"],
                   env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())},
                   cwd=tree, capture_output=True, check=False)
    el = time.perf_counter() - t0
    rep = out / "reports.jsonl"
    return ([json.loads(x) for x in rep.read_text(encoding="utf-8").splitlines()] if rep.exists() else []), el


def run_pofilter(path: Path, out: Path) -> tuple[list[tuple[str, set[str]]], float]:
    """(unit key, failed tests) per unit pofilter flags; key: msgid for PO, the unit id for XLIFF."""
    exe = ROOT / ".venv" / "bin" / "pofilter"
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    dst = out / ("pofilter" + path.suffix)
    subprocess.run([str(exe), "--progress=none", str(path), str(dst)], capture_output=True, check=False)
    el = time.perf_counter() - t0
    if not dst.exists():
        return [], el
    flagged: list[tuple[str, set[str]]] = []
    if path.suffix == ".po":
        import polib

        for e in polib.pofile(str(dst)):
            tests = set(re.findall(r"\(pofilter\) (\w+)", e.comment + "\n" + e.tcomment)) - EXTRACTION
            if tests:
                flagged.append((e.msgid, tests))
    else:
        text = dst.read_text(encoding="utf-8", errors="replace")
        for m in re.finditer(r'<trans-unit[^>]*\bid="([^"]+)".*?</trans-unit>', text, re.DOTALL):
            tests = set(re.findall(r'<note from="pofilter">(\w+):', m.group(0))) - EXTRACTION
            if tests:
                flagged.append((m.group(1), tests))
    return flagged, el


def words(reports: list[dict[str, Any]]) -> int:
    return sum(r.get("words") or 0 for r in reports)


def findings(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for r in reports for f in r.get("findings") or []]


def unit_key(f: dict[str, Any], reports: list[dict[str, Any]]) -> str | None:
    u = f.get("unit")
    return str(u["id"]) if u else None


def recall_mtqa(reports: list[dict[str, Any]], injected: dict[str, str], orders: list[list[str]],
                damage: dict[str, str] | None = None, via: Counter[str] | None = None) -> dict[str, float]:
    """Share of injected units found by a finding of their family, or by a finding of DAMAGE_CODES whose
    text holds the unit's ``damage``. Baseline reports have no units: there a finding counts for the
    unit on whose line (of its side) it starts; ``orders`` are the unit ids of each article, in line
    order, from this tree's reports. ``via`` counts the injections found only by DAMAGE_CODES."""
    hit: Counter[str] = Counter()
    found_keys: dict[str, set[str]] = {}
    found_texts: dict[str, list[tuple[str, str]]] = {}
    for i, r in enumerate(reports):
        order = orders[i] if i < len(orders) else []
        for f in r.get("findings") or []:
            key = unit_key(f, reports)
            if key is None:
                n = str(r.get(f["side"]) or "")[: f["start"]].count("\n")
                key = order[n] if n < len(order) else None
            if key is not None:
                found_keys.setdefault(key, set()).add(f["code"])
                found_texts.setdefault(key, []).append((f["code"], str(f.get("text") or "")))
    damage = damage or {}
    for key, fam in injected.items():
        codes = found_keys.get(key, set()) | found_keys.get(_line_key(key), set())
        found = bool(codes & FAMILIES[fam])
        if not found and key in damage:
            texts = found_texts.get(key, []) + found_texts.get(_line_key(key), [])
            found = any(c in DAMAGE_CODES.get(fam, set()) and damage[key] in t for c, t in texts)
            if found and via is not None:
                via[fam] += 1
        hit[fam] += found
    total = Counter(injected.values())
    return {fam: hit[fam] / total[fam] for fam in total}


def _line_key(msgid: str) -> str:
    return msgid.replace("\r", " ").replace("\n", " ")


def recall_pofilter(flagged: list[tuple[str, set[str]]], injected: dict[str, str]) -> dict[str, float]:
    tests = {k: t for k, t in flagged}
    hit: Counter[str] = Counter()
    for key, fam in injected.items():
        hit[fam] += bool(tests.get(key, set()) & POFILTER_TESTS[fam])
    total = Counter(injected.values())
    return {fam: hit[fam] / total[fam] for fam in total}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", default="45c518a", help="mtqa revision to compare with (default: main "
                    "before issue 16)")
    ap.add_argument("--git-repo", default="/work/.mirror/git+git/repo")
    ap.add_argument("--orcid-repo", default="/work/.mirror/ORCID+orcid-angular/repo")
    ap.add_argument("--inject", type=int, default=40, help="injected errors per family and file")
    ap.add_argument("--sample", type=int, default=40, help="findings sampled for judging (printed)")
    ap.add_argument("--out", type=Path, default=ROOT / "scripts/results/cat")
    ap.add_argument("--pofilter-only", action="store_true",
                    help="recompute only the pofilter columns of the results in --out (same files and seed)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_cat."))
    if args.pofilter_only:
        return pofilter_only(args, work)
    base = work / "baseline"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.baseline],
                   check=True, capture_output=True)
    rows: list[dict[str, Any]] = []
    try:
        for label, path in files(args, work):
            row: dict[str, Any] = {"file": label, "name": path.name}
            for tag, tree in (("mtqa", ROOT), ("baseline", base)):
                reps, el = run_mtqa(tree, path, work / f"{tag}.{path.name}")
                row[f"{tag}_words"] = words(reps)
                row[f"{tag}_findings"] = len(findings(reps))
                row[f"{tag}_errors"] = sum(r.get("verdict") == "error" for r in reps)
                row[f"{tag}_by_code"] = dict(Counter(f["code"] for f in findings(reps)).most_common())
                row[f"{tag}_seconds"] = round(el, 1)
                if tag == "mtqa":
                    rng = random.Random(SEED)
                    fs = findings(reps)
                    # a GPL file's text is not written into the results (only the codes; the sample is
                    # reproduced from the mirror with the same seed and printed to stderr)
                    gpl = "GPL" in label
                    row["sample"] = [
                        {"code": f["code"]} if gpl else
                        {"code": f["code"], "text": f["text"][:80], "message": f["message"][:120],
                         "unit": (f.get("unit") or {}).get("id")}
                        for f in rng.sample(fs, min(args.sample, len(fs)))
                    ]
            flagged, el = run_pofilter(path, work / f"pofilter.{path.name}")
            row["pofilter_units_flagged"] = len(flagged)
            row["pofilter_failures"] = sum(len(t) for _, t in flagged)
            row["pofilter_seconds"] = round(el, 1)
            inj_path = work / f"injected.{path.name}"
            injected: dict[str, str] = {}
            damage: dict[str, str] = {}
            if path.suffix == ".po":
                injected = inject_po(path, inj_path, args.inject, damage)
            elif path.suffix == ".xlf" and "orcid" in path.name:
                injected = inject_xliff(path, inj_path, args.inject)
            if injected:
                row["injected"] = dict(Counter(injected.values()))
                orders: list[list[str]] = []
                for tag, tree in (("mtqa", ROOT), ("baseline", base)):
                    reps, _ = run_mtqa(tree, inj_path, work / f"{tag}.inj.{path.name}")
                    if tag == "mtqa":
                        orders = [[str(u["id"]) for u in r.get("units") or []] for r in reps]
                    via: Counter[str] = Counter()
                    row[f"{tag}_recall"] = recall_mtqa(reps, injected, orders, damage, via)
                    row[f"{tag}_found_by_damage"] = dict(via)
                flagged, _ = run_pofilter(inj_path, work / f"pofilter.inj.{path.name}")
                row["pofilter_recall"] = recall_pofilter(flagged, injected)
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False)[:2000], file=sys.stderr)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
                       capture_output=True, check=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    args.out.with_suffix(".md").write_text(table(rows, args.baseline))
    print(table(rows, args.baseline))
    return 0


def pofilter_only(args: argparse.Namespace, work: Path) -> int:
    rows = json.loads(args.out.with_suffix(".json").read_text(encoding="utf-8"))
    by_label = {r["file"]: r for r in rows}
    for label, path in files(args, work):
        row = by_label.get(label)
        if row is None:
            continue
        flagged, el = run_pofilter(path, work / f"pofilter.{path.name}")
        row["pofilter_units_flagged"] = len(flagged)
        row["pofilter_failures"] = sum(len(t) for _, t in flagged)
        row["pofilter_seconds"] = round(el, 1)
        inj_path = work / f"injected.{path.name}"
        injected = inject_po(path, inj_path, args.inject) if path.suffix == ".po" else (
            inject_xliff(path, inj_path, args.inject) if "orcid" in path.name else {})
        if injected:
            flagged, _ = run_pofilter(inj_path, work / f"pofilter.inj.{path.name}")
            row["pofilter_recall"] = recall_pofilter(flagged, injected)
    args.out.with_suffix(".json").write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    args.out.with_suffix(".md").write_text(table(rows, args.baseline))
    print(table(rows, args.baseline))
    return 0


def per_1000(n: int, w: int) -> str:
    return f"{1000 * n / w:.1f}" if w else "n/a"


def table(rows: list[dict[str, Any]], baseline: str) -> str:
    head = (f"| file | words | findings / 1,000 words: mtqa | baseline {baseline} | pofilter (failures) "
            "| recall on injected errors: mtqa | baseline | pofilter |")
    out = [head, "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        w = r["mtqa_words"] or r["baseline_words"]

        def rec(key: str, r: dict[str, Any] = r) -> str:
            v = r.get(key)
            return ", ".join(f"{k} {x:.2f}" for k, x in sorted(v.items())) if v else "–"

        out.append(f"| {r['file']} | {w:,} | {per_1000(r['mtqa_findings'], w)} | "
                   f"{per_1000(r['baseline_findings'], w)} | {per_1000(r['pofilter_failures'], w)} | "
                   f"{rec('mtqa_recall')} | {rec('baseline_recall')} | {rec('pofilter_recall')} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
