"""Software and UI strings in unit mode (issue 16): short copied units, kept jargon (A304 options),
usage strings and metavariables, placeholders masked for the language checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mtqa.config import QAConfig
from mtqa.inputs import read_inputs
from mtqa.pipeline import Runner
from mtqa.types import ArticlePair


def po(path: Path, entries: list[tuple[str, str]]) -> Path:
    head = 'msgid ""\nmsgstr ""\n"Language: it\\n"\n"X-Source-Language: en\\n"\n\n'
    body = "".join(f'msgid "{s}"\nmsgstr "{t}"\n\n' for s, t in entries)
    path.write_text(head + body, encoding="utf-8")
    return path


def check(path: Path, cfg: QAConfig | None = None) -> list[dict[str, Any]]:
    (pair,) = read_inputs([path])
    assert isinstance(pair, ArticlePair)
    return Runner.from_config(cfg or QAConfig(fluency="none")).check(pair).to_dict()["findings"]


FILLER = [("Open the file in the editor.", "Apri il file nell'editor."),
          ("The repository could not be found.", "Impossibile trovare il repository.")]


def test_short_units_copied_are_judged_without_the_sentence_floor(tmp_path: Path) -> None:
    f = po(tmp_path / "it.po", [*FILLER, ("Decline", "Decline"), ("Password", "Password"), ("OK", "OK"),
                                ("1938", "1938"), ("Accept", "Accetta")])
    a303 = [x for x in check(f) if x["code"] == "A303"]
    assert [x["unit"]["id"] for x in a303] == ["Decline"]


def test_usage_strings_and_commands_are_not_copied_source(tmp_path: Path) -> None:
    f = po(tmp_path / "it.po", [*FILLER, ("git archive --list", "git archive --list"),
                                ("git add [<options>] [--] <pathspec>...",
                                 "git add [<opzioni>] [--] <specificatore percorso>...")])
    found = check(f)
    assert not [x for x in found if x["code"] in ("A303", "A301", "D101", "D102", "A304")], found


def test_jargon_kept_in_many_units_is_a_team_choice(tmp_path: Path) -> None:
    entries = [*FILLER] + [
        (f"Cannot create the commit number {n}.", f"Impossibile creare il commit numero {n}.")
        for n in range(3)
    ]
    entries.append(("The merge was refused by the server.", "Il merge è stato rifiutato dal server."))
    found = [x for x in check(po(tmp_path / "it.po", entries)) if x["code"] == "A304"]
    assert {x["text"] for x in found} == {"merge"}  # "commit" kept in 3 units, "merge" in one
    cfg = QAConfig(fluency="none", detector_options={"A304": {"keep": ["Merge"], "keep_repeated": 0}})
    found = [x for x in check(po(tmp_path / "it.po", entries), cfg) if x["code"] == "A304"]
    assert {x["text"] for x in found} == {"commit"}


def test_placeholders_are_masked_for_the_language_checks(tmp_path: Path) -> None:
    f = po(tmp_path / "it.po", [*FILLER, ("Deleted %d files in %s", "Eliminati %d file in %s"),
                                ("Hello {username}, see https://example.com/docs",
                                 "Ciao {username}, vedi https://example.com/docs")])
    found = check(f)
    assert not [x for x in found if x["code"] in ("A101", "A304", "F102", "F101")], found


USAGE = [("git add [<options>] [--] <pathspec>...", "git add [<opzioni>] [--] <specificatore percorso>..."),
         ("git commit [<options>] [--] <file>", "git commit [<opzioni>] [--] <file>"),
         ("cannot read <commit>", "impossibile leggere <commit>"),
         ("<commit> is not a branch", "<commit> non è un branch")]


def test_usage_strings_copied_with_a_metavariable_the_team_translates(tmp_path: Path) -> None:
    # "<options>" is translated in two units, "<commit>" kept in two: a copy is judged by that
    f = po(tmp_path / "it.po", [*FILLER, *USAGE, ("git version [<options>]", "git version [<options>]"),
                                ("git reset [<commit>]", "git reset [<commit>]"),
                                ("git stash ( pop | apply ) [--index] [-q|--quiet]",
                                 "git stash ( pop | apply ) [--index] [-q|--quiet]")])
    a303 = [x for x in check(f) if x["code"] == "A303"]
    assert [x["unit"]["id"] for x in a303] == ["git version [<options>]"], a303
    assert a303[0]["severity"] == "major" and "<options>" in a303[0]["message"]


def test_prose_around_code_copied_is_copied_source(tmp_path: Path) -> None:
    f = po(tmp_path / "it.po", [*FILLER,
                                ('  (use \\"git branch --unset-upstream\\" to fixup)',
                                 '  (use \\"git branch --unset-upstream\\" to fixup)'),
                                ("show progress after <n> objects", "show progress after <n> objects"),
                                ('  (\\"git push --force\\")', '  (\\"git push --force\\")')])
    a303 = {x["unit"]["id"]: x for x in check(f) if x["code"] == "A303"}
    assert set(a303) == {'  (use "git branch --unset-upstream" to fixup)', "show progress after <n> objects"}


def test_a_usage_string_without_evidence_is_judged_by_its_words(tmp_path: Path) -> None:
    # no other unit says how "<options>" or "<file>" are handled: "options" is English, "file" Italian too
    f = po(tmp_path / "it.po", [*FILLER, ("git version [<options>]", "git version [<options>]"),
                                ("git cat-file <file>", "git cat-file <file>")])
    a303 = [x for x in check(f) if x["code"] == "A303"]
    assert [x["unit"]["id"] for x in a303] == ["git version [<options>]"]
    assert '"options"' in a303[0]["message"]


def test_the_programs_own_words_are_not_untranslated_jargon(tmp_path: Path) -> None:
    """A304 in unit mode leaves alone identifiers (options and their values among them), command lines
    and quoted values that the source has word for word; the same English words in prose are still
    reported."""
    f = po(tmp_path / "it.po", [
        *FILLER,
        ("invalid mode '%s' in --color-moved-ws", "modalità non valida '%s' in --color-moved-ws"),
        ("diff-algorithm accepts \\\"patience\\\" and \\\"histogram\\\"",
         "diff-algorithm accetta i valori \\\"patience\\\" e \\\"histogram\\\""),
        ("synonym for --dirstat=cumulative", "sinonimo di --dirstat=cumulative"),
        ("git describe [<options>] [<commit-ish>...]", "git describe [<opzioni>] [<espressione commit>...]"),
        ("the cumulative total of the changes", "il totale cumulative delle modifiche"),
        ("cannot run the diff with this patience", "impossibile eseguire il diff con questa patience"),
    ])
    a304 = [x for x in check(f) if x["code"] == "A304"]
    assert sorted(x["text"] for x in a304) == ["cumulative", "patience"]
    assert all(x["unit"]["id"].startswith(("the cumulative", "cannot run")) for x in a304)
