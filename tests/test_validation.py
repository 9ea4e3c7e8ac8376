"""One validation path (issue 14): ``silkpress check`` reports every error that ``build --release``
stops on, at the same path and line; a draft build shows each check error as a warning and still
builds. ``tests/data/valid`` passes every check and builds as a release; each case breaks one input."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable

import pytest

from silkpress.project import Project

from .helpers import DATA, copy_project, eject, run

PO = Path("locales/ru/LC_MESSAGES/bulletin.po")
SOURCE = Path("source/valid.yaml")
# path[:line]: what follows; a draft's progress lines are indented and left out
WHERE = re.compile(r"^(?P<path>[^\s:]*[./][^\s:]*)(?::(?P<line>\d+))?: (?P<rest>.*)$")


@pytest.fixture
def valid(tmp_path: Path) -> Project:
    return copy_project(DATA / "valid", tmp_path / "valid")


def _replace(relative: Path, old: str, new: str) -> Callable[[Project], None]:
    def change(project: Project) -> None:
        path = project.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def _append(relative: Path, text: str) -> Callable[[Project], None]:
    def change(project: Project) -> None:
        with (project.root / relative).open("a", encoding="utf-8") as handle:
            handle.write(text)

    return change


def _template(name: str, old: str, new: str) -> Callable[[Project], None]:
    def change(project: Project) -> None:
        eject(project, name)
        _replace(Path("templates") / name, old, new)(project)

    return change


BROKEN: dict[str, Callable[[Project], None]] = {
    # the source
    "a day that does not exist": _replace(SOURCE, "2025-06-17", "2025-06-31"),
    "an unknown country": _replace(SOURCE, "[KZ, CN]", "[KZ, XX]"),
    "an unknown field": _replace(SOURCE, "    places: [astana]", "    place: [astana]"),
    # the catalogs
    "a folio with one placeholder twice and the other missing": _append(
        PO, '\nmsgid "Page %(page)s of %(pages)s"\nmsgstr "Страница %(page)s из %(page)s"\n'),
    "a <script> in a bulletin msgstr": _replace(PO, 'msgstr "Лидеры подписали договор."',
                                               'msgstr "Лидеры подписали договор.<script>alert(1)</script>"'),
    "a <script> in an interface msgstr": _append(PO, '\nmsgid "Contents"\nmsgstr "Содержание<script>alert(1)</script>"\n'),
    "a placeholder written another way": _append(
        PO, '\n#, python-format\nmsgid "Published %(date)s"\nmsgstr "Опубликовано %(date)r"\n'),
    "a translation that does not format": _append(PO, '\nmsgid "Published %(date)s"\nmsgstr "Опубликовано %(date"\n'),
    "an unclosed string": _replace(PO, 'msgstr "Новое шоссе."', 'msgstr "Новое шоссе.'),
    "a duplicate message": _append(PO, '\nmsgctxt "title"\nmsgid "A Summit in Astana"\nmsgstr "Саммит"\n'),
    "a wrong number of plural forms": _replace(PO, "nplurals=3;", "nplurals=2;"),
    "not UTF-8": lambda project: (project.root / PO).write_bytes(
        (project.root / PO).read_bytes().replace("Новое шоссе.".encode(), b"\xff\xfe")),
    "a character the fonts lack": _replace(PO, 'msgstr "Новое шоссе."', 'msgstr "Новое шоссе \u0634."'),
    "the catalog missing": lambda project: (project.root / PO).unlink(),
    # the templates
    "a project template that does not compile": _template("edition.html", "{{ _(\"Contents\")|ui }}", "{{ _(\"Contents\") }"),
    "a project template that fails as it renders": _template("print.html", "<title>{{ edition.title }}</title>", "<title>{{ nothing.here }}</title>"),
    "a project template that includes a missing one": _template("edition.html", "{{ m.credits(edition) }}",
                                                                "{% include \"_footer.html\" %}"),
    "an included stylesheet that does not compile": _template("print.css", "@page {", "{{ @page {"),
    "a macro file that breaks the theme's pages": _template("_macros.html", "{% macro credits(edition) %}",
                                                            "{% macro credits(edition) %}{{ edition.nothing.here }}"),
    # the configuration
    "an unknown setting": _replace(Path("pyproject.toml"), 'source-locale = "en"', 'source-locale = "en"\nsource-lang = "en"'),
    "a locale in a script without fonts": _replace(Path("pyproject.toml"), '["en", "ru"]', '["en", "ru", "ar"]'),
}


PDF_CASES = ("a character the fonts lack", "a project template that fails as it renders", "an included stylesheet that does not compile")
"""Refused by the PDF format (its glyph gate, its template); the others are refused before any format
renders or by the web edition's templates, which a release with every format would reach only after
rendering the PDFs."""


def located(text: str, errors_only: bool = False) -> list[tuple[str, int | None]]:
    """(path, line) of each ``path[:line]: ...`` line (with ``errors_only``, check's errors)."""
    found = []
    for line in text.splitlines():
        match = WHERE.match(line)
        if match and not (errors_only and not match["rest"].startswith("error: ")):
            found.append((match["path"], int(match["line"]) if match["line"] else None))
    return found


def test_the_fixture_passes_every_check_and_builds_as_a_release(valid, tmp_path):
    assert run(valid, "check").exit_code == 0
    result = run(valid, "build", "--release", "--edition-format", "html", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert run(valid, "update", "--check").exit_code == 0  # its catalogs are those init and update write


@pytest.mark.parametrize("name", BROKEN)
def test_check_reports_what_a_release_refuses_at_the_same_place(valid, tmp_path, name):
    BROKEN[name](valid)
    formats = () if name in PDF_CASES else ("--edition-format", "html")
    release = run(valid, "build", "--release", *formats, "--out", str(tmp_path / "out"))
    assert release.exit_code == 1, release.output  # every case is one a release refuses
    assert "Traceback" not in release.output
    assert not (tmp_path / "out" / "manifest.json").exists()  # and nothing was written
    refused = located(release.stderr)
    assert refused, release.stderr
    check = run(valid, "check")
    assert check.exit_code == 1, check.output
    # check's errors; a configuration error stops check as it stops every command, on stderr
    reported = located(check.stdout, errors_only=True) + located(check.stderr)
    for path, line in refused:
        assert any(p == path and (line is None or l is None or l == line) for p, l in reported), (
            f"{name}: the release refuses {path}:{line}, check says:\n{check.output}")


DRAFT_CASES = ["a folio with one placeholder twice and the other missing", "a <script> in a bulletin msgstr",
               "a <script> in an interface msgstr"]


def test_the_web_glyph_gate_refuses_a_page_with_a_character_no_bundled_font_has(valid, tmp_path):
    """As the PDF's gate does: the page is not written, and the character is named at its .po line."""
    BROKEN["a character the fonts lack"](valid)
    out = tmp_path / "out"
    draft = run(valid, "build", "--edition-format", "html", "--out", str(out))
    assert draft.exit_code == 1
    assert not (out / "ru" / "index.html").exists()
    assert (out / "en" / "index.html").is_file()
    assert re.search(r"bulletin\.po:\d+: error: \[glyphs\] 'ش' U\+0634 ARABIC LETTER SHEEN", draft.stderr), draft.stderr
    assert "ru/index.html: 1 character(s) missing from the fonts; page not written" in draft.output


@pytest.mark.parametrize("name", DRAFT_CASES)
def test_a_draft_shows_each_check_error_as_a_warning_and_builds(valid, tmp_path, name):
    BROKEN[name](valid)
    errors = [line for line in run(valid, "check").stdout.splitlines() if ": error: [" in line]
    assert errors
    out = tmp_path / "out"
    draft = run(valid, "build", "--edition-format", "html", "--out", str(out))
    assert draft.exit_code == 0, draft.output
    assert (out / "ru" / "index.html").is_file()
    warnings = [line for line in draft.stderr.splitlines() if ": warning: [" in line]
    assert warnings == [line.replace(": error: [", ": warning: [") for line in errors]
    assert f"{len(errors)} check warning(s)" in draft.stdout
    again = run(valid, "build", "--edition-format", "html", "--out", str(out), "--force")
    assert [line for line in again.stderr.splitlines() if ": warning: [" in line] == warnings
    report = json.loads(run(valid, "build", "--edition-format", "html", "--out", str(out), "--format", "json").stdout)
    assert [f"{w['path']}:{w['line']}: {w['severity']}: [{w['check']}] {w['message']}" + (f" ({w['context']})" if w["context"] else "")
            for w in report["warnings"]] == warnings
    assert run(valid, "build", "--release", "--out", str(tmp_path / "release")).exit_code == 1  # the PDF's glyph gate too


def test_the_folio_check_names_the_missing_placeholder_and_the_repeat(valid):
    BROKEN["a folio with one placeholder twice and the other missing"](valid)
    found = [line.split(": ", 1)[1] for line in run(valid, "check").stdout.splitlines() if "[placeholders]" in line]
    assert found == [
        "warning: [placeholders] placeholder %(page)s is written 2 times in the translation and once in the source"
        " (Page %(page)s of %(pages)s)",
        "error: [placeholders] placeholder %(pages)s is missing from the translation (Page %(page)s of %(pages)s)",
    ]


def test_a_draft_of_a_clean_project_has_no_warnings(valid, tmp_path):
    report = json.loads(run(valid, "build", "--edition-format", "html", "--out", str(tmp_path / "o"), "--format", "json").stdout)
    assert report["warnings"] == []


def test_a_draft_does_not_repeat_what_it_could_not_build(valid, tmp_path):
    """A catalog that does not load fails its edition in a draft, with its error; the same
    finding is not shown again as a warning."""
    BROKEN["a placeholder written another way"](valid)
    draft = run(valid, "build", "--edition-format", "html", "--out", str(tmp_path / "out"))
    assert draft.exit_code == 1  # the ru edition could not be built
    failure = [line for line in draft.stderr.splitlines() if line.startswith(f"{PO}:")]
    assert len(failure) == 1 and ": warning:" not in failure[0], draft.stderr
