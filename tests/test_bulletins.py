"""A project with several bulletins: one job per (bulletin, locale, format), one folder each in dist/."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from silkpress import load_project
from silkpress.cli import main

from .conftest import DATA, copy_project
from .helpers import build_with


def two_bulletins(tmp_path):
    project = copy_project(DATA / "mini", tmp_path / "project")
    source = project.sources[0].read_text(encoding="utf-8")
    (project.root / "source" / "second.yaml").write_text(
        source.replace("id: mini", "id: second").replace("Two Things <That> Happened & More", "The Second Bulletin"),
        encoding="utf-8",
    )
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8")
        .replace('source = "source/mini.yaml"', 'source = ["source/mini.yaml", "source/second.yaml"]')
        .replace(re.search(r"locales = \[[^\]]*\]", pyproject.read_text(encoding="utf-8")).group(0), 'locales = ["en", "ru"]'),
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(main, ["--project", str(project.root), "init", "ru"]).exit_code == 0
    return load_project(project.root)


@pytest.mark.slow  # a build of several editions: seconds, not milliseconds
def test_each_bulletin_gets_its_catalogs_and_its_folder(tmp_path):
    config = two_bulletins(tmp_path)
    assert [bulletin.domain for bulletin in config.bulletins] == ["mini", "second"]
    assert (config.locales_dir / "ru" / "LC_MESSAGES" / "second.po").is_file()
    assert (config.locales_dir / "second.pot").is_file()
    result = build_with(config)
    assert result.failures == ()
    dist = config.dist_dir
    assert (dist / "mini" / "ru" / "index.html").is_file() and (dist / "second" / "en" / "second-en.pdf").is_file()
    chooser = (dist / "index.html").read_text(encoding="utf-8")
    assert 'href="mini/index.html"' in chooser and "The Second Bulletin" in chooser
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["bulletins"] == ["mini", "second"]
    locales = {a["path"]: a["locale"] for a in manifest["artifacts"]}
    assert locales["second/ru/second-ru.pdf"] == "ru" and locales["index.html"] is None
    assert not [p for p in dist.rglob(".*")]  # caches, locks and temporary files stay outside dist/


@pytest.mark.slow  # a build of several editions: seconds, not milliseconds
def test_jobs_are_per_bulletin(tmp_path):
    config = two_bulletins(tmp_path)
    build_with(config)
    second = config.root / "source" / "second.yaml"
    second.write_text(second.read_text(encoding="utf-8").replace("First paragraph.", "First paragraph, again."), encoding="utf-8")
    result = build_with(config)
    rendered = [e for e in result.editions if "pdf" in e.seconds]
    assert len(rendered) == 2  # en and ru of the second bulletin only
    assert all(r.seconds for r in rendered)


def test_catalog_commands_cover_every_bulletin(tmp_path):
    config = two_bulletins(tmp_path)
    runner = CliRunner()
    stats = json.loads(runner.invoke(main, ["--project", str(config.root), "stats", "--format", "json"]).stdout)
    assert sorted(s["path"] for s in stats if s["locale"] == "ru") == [
        "locales/ru/LC_MESSAGES/mini.po", "locales/ru/LC_MESSAGES/second.po",
    ]
    assert runner.invoke(main, ["--project", str(config.root), "update", "--check"]).exit_code == 0


def test_a_release_refused_for_one_bulletin_publishes_none(tmp_path):
    from silkpress import CheckError

    config = two_bulletins(tmp_path)
    assert CliRunner().invoke(main, ["--project", str(config.root), "init", "en"]).exit_code == 0
    assert build_with(config, locales=["en"], release=True, formats=["html"]).failures == ()  # both releasable
    shutil.rmtree(config.dist_dir)
    # an editorial override of the second bulletin's English that check refuses (markup the source lacks)
    po = config.locales_dir / "en" / "LC_MESSAGES" / "second.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgid "First paragraph."\nmsgstr ""', 'msgid "First paragraph."\nmsgstr "First <b>paragraph</b>."'), encoding="utf-8")
    with pytest.raises(CheckError, match="release refused"):
        build_with(config, locales=["en"], release=True, formats=["html"])
    assert not (config.dist_dir / "mini").exists()  # the first bulletin, releasable, was not published either
