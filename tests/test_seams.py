"""Regression tests for bugs that came from the seams between modules (issue 12's B1-B7)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from silkpress import BuildOptions, load_project
from silkpress.i18n.stats import catalog_stats
from silkpress.limits import usable_cpus

from .conftest import DATA, copy_project
from .helpers import build_with, run


def test_b1_the_fast_path_sees_a_source_outside_source(tmp_path):
    project = copy_project(DATA / "mini", tmp_path / "mini")
    (project.root / "content").mkdir()
    shutil.move(project.sources[0], project.root / "content" / "mini.yaml")
    shutil.rmtree(project.root / "source")
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('source = "source/mini.yaml"', 'source = "content/mini.yaml"'),
                         encoding="utf-8")
    out = tmp_path / "dist"
    command = [sys.executable, "-m", "silkpress", "--project", str(project.root), "build", "--edition-format", "html", "--out", str(out)]
    assert subprocess.run(command, capture_output=True, text=True, check=True).stdout.startswith("built")
    assert subprocess.run(command, capture_output=True, text=True, check=True).stdout.startswith("nothing changed")
    source = project.root / "content" / "mini.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("Forums met", "Forums met again"), encoding="utf-8")
    assert subprocess.run(command, capture_output=True, text=True, check=True).stdout.startswith("built")
    assert "Forums met again" in (out / "en" / "index.html").read_text(encoding="utf-8")


def test_b2_update_reports_each_bulletins_own_template(tmp_path):
    project = copy_project(DATA / "mini", tmp_path / "mini")
    second = project.root / "source" / "second.yaml"
    second.write_text(project.sources[0].read_text(encoding="utf-8").replace("id: mini", "id: second"), encoding="utf-8")
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('source = "source/mini.yaml"',
                                                                        'source = ["source/mini.yaml", "source/second.yaml"]'),
                         encoding="utf-8")
    project = load_project(project.root)
    for locale in project.locales:
        if locale != project.source_locale and not project.bulletins[1].catalog_path(locale).exists():
            assert run(project, "init", locale).exit_code in (0, 1)
    result = run(project, "update", "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    paths = [t["path"] for t in json.loads(result.output)["template"]]
    assert paths == ["locales/mini.pot", "locales/second.pot"]


def test_b3_an_unwritable_cache_does_not_fail_a_published_build(mini, tmp_path, monkeypatch):
    import silkpress.cache
    import silkpress.fastpath
    from silkpress.errors import OutputError

    def refuse(path, data, tmp_dir=None):
        raise OutputError("cannot write file: read-only", path)

    monkeypatch.setattr(silkpress.cache, "write_atomic", refuse)
    build_with(mini, out_dir=tmp_path / "dist", formats=("html",))  # must not raise
    monkeypatch.setattr(silkpress.fastpath, "write_atomic", refuse)
    silkpress.fastpath.remember(mini, BuildOptions(), tmp_path / "dist")  # must not raise


def test_b4_a_missing_stylesheet_is_a_path_message(mini, tmp_path, monkeypatch):
    import silkpress.theme

    monkeypatch.setattr(silkpress.theme, "TEMPLATES", tmp_path / "no-theme")  # neither the project nor a theme has it
    for name in ("_language.html", "_script.html", "_macros.html", "edition.html", "feed.xml", "index.html", "status.html"):
        shutil.copyfile(silkpress.theme.THEME_DIR / "templates" / name, mini.templates_dir / name)
    result = run(mini, "build", "--edition-format", "html", "--out", str(tmp_path / "dist"))
    assert result.exit_code == 1
    assert "templates/web.css: file not found" in result.output and "Traceback" not in result.output


def test_b4_a_folder_where_a_catalog_should_be(mini):
    path = mini.bulletins[0].catalog_path("kk")
    path.unlink()
    path.mkdir()
    result = run(mini, "update")
    assert result.exit_code == 1
    assert "locales/kk/LC_MESSAGES/bulletin.po: not a regular file" in result.output and "Traceback" not in result.output


def test_b4_no_sched_getaffinity(monkeypatch):
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    assert usable_cpus() == (os.cpu_count() or 1)


def test_b5_extract_refuses_a_template_that_points_outside(mini, tmp_path):
    outside = tmp_path / "outside.html"
    outside.write_text('{{ _("A secret from elsewhere") }}', encoding="utf-8")
    (mini.templates_dir / "sneaky.html").symlink_to(outside)
    result = run(mini, "extract")
    assert result.exit_code == 1
    assert "templates/sneaky.html: refusing a template file that points outside templates/" in result.output
    assert "A secret from elsewhere" not in mini.bulletins[0].template_path.read_text(encoding="utf-8")


def test_b6_a_partly_translated_plural_is_untranslated_everywhere(mini):
    import re

    from silkpress.catalogs import load_translations

    # a locale the theme does not translate: its catalog holds the theme's plural "Date" for its translators
    pyproject = mini.root / "pyproject.toml"
    pyproject.write_text(re.sub(r"locales = \[([^\]]*)\]", r'locales = [\1, "be"]', pyproject.read_text(encoding="utf-8")),
                         encoding="utf-8")
    assert run(mini, "init", "be").exit_code == 0
    project = load_project(mini.root)
    po = project.bulletins[0].catalog_path("be")
    text = po.read_text(encoding="utf-8")
    empty = re.search(r'msgid "Date"\nmsgid_plural "Dates"\n(?:msgstr\[\d\] ""\n)+', text).group(0)
    forms = empty.count("msgstr[")
    counts = {}
    for name, written in (("partly", ["Дата"] * (forms - 1) + [""]), ("fully", ["Дата"] * forms)):
        po.write_text(text.replace(empty, 'msgid "Date"\nmsgid_plural "Dates"\n' + "".join(
            f'msgstr[{i}] "{f}"\n' for i, f in enumerate(written))), encoding="utf-8")
        stats = catalog_stats(project.bulletins[0], "be")
        counts[name] = (stats.translated.messages, stats.untranslated.messages)
        translations = load_translations(po, "be")
        expected = "untranslated" if name == "partly" else "translated"
        assert translations.state(None, "Date") == expected
        # a half translation is not shown: the English stands in, as for any untranslated message
        assert translations.npgettext(None, "Date", "Dates", 5) == ("Dates" if name == "partly" else "Дата")
    assert counts["fully"] == (counts["partly"][0] + 1, counts["partly"][1] - 1)


def test_b7_the_render_pool_uses_one_worker_per_cpu(monkeypatch, tmp_path):
    from silkpress import pdf

    monkeypatch.setattr(pdf, "usable_cpus", lambda: 7)
    assert pdf.PdfRenderer((tmp_path,)).workers == 7  # no cap at 4: one per CPU, as --jobs says
    assert pdf.PdfRenderer((tmp_path,), workers=2).workers == 2
