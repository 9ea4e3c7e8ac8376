"""``silkpress doctor`` in a project (issue 14): the configuration, the templates each format needs,
the catalogs and the fonts of each locale's script, as ``path:line: message`` with exit status 1;
outside a project, the machine only."""

from __future__ import annotations

import json

from silkpress.doctor import cldr_letters, inspect_project
from silkpress.profiles import profile_for

from .helpers import DATA, copy_project, eject, run


def test_outside_a_project_doctor_reports_the_machine_only(tmp_path):
    result = run(tmp_path, "doctor", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["project"] is None and report["problems"] == []
    assert set(report["fonts"]) == {"en", "ru", "zh_Hans"}  # one locale per script silkpress covers


def test_a_sound_project_passes(tmp_path):
    project = copy_project(DATA / "valid", tmp_path / "valid")
    result = run(project, "doctor", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["project"] == str(project.root) and report["problems"] == []
    assert set(report["fonts"]) == {"en", "ru"}


def test_a_broken_catalog_template_and_a_locale_without_fonts_are_reported(mini):
    with mini.bulletins[0].catalog_path("kk").open("a", encoding="utf-8") as handle:
        handle.write('\nmsgid "stray"\n')
    # the msgid's line (1-based)
    stray = mini.bulletins[0].catalog_path("kk").read_text(encoding="utf-8").splitlines().index('msgid "stray"') + 1
    template = eject(mini, "edition.html")
    template.write_text(template.read_text(encoding="utf-8").replace('{{ _("Contents")|ui }}', '{{ _("Contents") }'), encoding="utf-8")
    pyproject = mini.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('"uz"]', '"uz", "ar"]'), encoding="utf-8")
    result = run(mini, "doctor")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    problems = [line for line in result.stderr.splitlines() if not line.startswith(("warning:", "error:"))]
    assert problems == [
        "pyproject.toml:4: [tool.silkpress] locales: locale 'ar' is written in script Arab, which silkpress has no fonts"
        " for (covered: Latin (Latn), Cyrillic (Cyrl), Han (Hans))",
        "templates/edition.html:61: unexpected '}'",
        f"locales/kk/LC_MESSAGES/bulletin.po:{stray}: missing 'msgstr' section",
        "locales/ar/LC_MESSAGES/bulletin.po: catalog not found for locale 'ar' (create it with 'silkpress init ar')",
    ]
    assert "python " in result.stdout  # the machine is still reported
    report = json.loads(run(mini, "doctor", "--format", "json").stdout)
    assert [(p["path"], p["line"]) for p in report["problems"]] == [
        ("pyproject.toml", 4), ("templates/edition.html", 61), ("locales/kk/LC_MESSAGES/bulletin.po", stray),
        ("locales/ar/LC_MESSAGES/bulletin.po", None),
    ]
    assert "no fonts" in report["fonts"]["ar"][0]


def test_a_template_a_format_needs_must_resolve(mini):
    template = eject(mini, "print.html")
    template.write_text(template.read_text(encoding="utf-8").replace('{% include "print.css" %}', '{% include "print2.css" %}'),
                        encoding="utf-8")
    _, problems = inspect_project(mini.root)
    assert [(p.path, p.line, p.message) for p in problems] == [
        ("templates/print.html", 19, "template print2.css not found, neither in the project's templates/ nor in the theme"),
    ]


def test_letters_of_a_script_the_fonts_lack_are_reported(mini, monkeypatch):
    """Each locale's letters (those of its script in its CLDR data) must be in its fonts, both weights."""
    import silkpress.fonts

    assert "ә" in cldr_letters("kk", profile_for("kk").script.letters)
    real = silkpress.fonts.coverage
    monkeypatch.setattr(silkpress.fonts, "coverage", lambda faces, weight=400: real(faces, weight) - {ord("ә")})
    result = run(mini, "doctor")
    assert result.exit_code == 1
    assert ("pyproject.toml:4: [tool.silkpress] locales: the fonts of 'kk' (Silkpress Serif) lack 1 letter(s) of its"
            " Cyrillic script: ә U+04D9") in result.stderr.splitlines()


def test_the_real_project_is_sound():
    from .helpers import REPO

    assert inspect_project(REPO)[1] == []
