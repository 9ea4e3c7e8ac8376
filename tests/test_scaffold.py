"""``silkpress new``: a project that loads, checks and builds at once; a refusal writes nothing."""

from __future__ import annotations

import os

import pytest

import silkpress
from silkpress import load_project
from silkpress.scaffold import default_locales, new_project
from silkpress.model import ItemList
from silkpress.source import load_bulletin

from .helpers import run


def listing(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_a_new_project_holds_every_file_and_catalogs_made_from_its_source(tmp_path):
    result = run(None, "new", str(tmp_path / "spring-digest"), "--title", "Spring Digest", "--locale", "en", "--locale", "ru")
    assert result.exit_code == 0, result.output
    root = tmp_path / "spring-digest"
    assert result.output.splitlines()[0] == f"created {root} with 2 locale(s): en, ru"
    for name in (".gitignore", "README.md", "locales/bulletin.pot", "locales/ru/LC_MESSAGES/bulletin.po",
                 "pyproject.toml", "source/spring-digest.yaml", "templates/README.md"):
        assert f"  {name}\n" in result.output and (root / name).is_file(), name
    assert not (root / "locales" / "en").exists()  # the source locale needs no catalog
    project = load_project(root)
    assert (project.locales, project.source_locale, project.domain) == (("en", "ru"), "en", "bulletin")
    source = load_bulletin(project.sources[0])
    assert source.title.text == "Spring Digest" and source.id == "spring-digest"
    events = source.events
    assert all(any(getattr(e, name) for e in events) for name in ("dates", "when", "places", "countries"))
    spans = {(d.precision, d.end is not None) for e in events for d in e.dates}
    assert spans == {("day", False), ("month", False), ("day", True)}  # a day, a month, a range
    assert any(isinstance(block, ItemList) for e in events for block in e.body)
    assert any(unit.note for unit in source.units()) and "book-fair/program" in {u.id for u in source.units()}
    assert source.issuers and source.places and source.credits and source.subtitle and len(source.intro) == 2
    assert "# base-url = " in (root / "pyproject.toml").read_text(encoding="utf-8")
    assert (root / ".gitignore").read_text(encoding="utf-8").splitlines()[1:3] == ["/dist/", ".silkpress/"]
    assert (root / "templates" / "README.md").read_text(encoding="utf-8").count("\n") == 1
    readme = (root / "README.md").read_text(encoding="utf-8")
    for command in ("silkpress update", "silkpress check", "silkpress build", "silkpress serve", "--release"):
        assert command in readme
    assert run(project, "update", "--check").exit_code == 0  # the catalogs are what update writes
    check = run(project, "check")
    assert check.exit_code == 0 and "0 error(s)" in check.stderr


def test_a_new_project_builds_at_once(tmp_path):
    project = new_project(tmp_path / "p", "Digest", ["en", "kk"])
    result = run(project, "build", "--edition-format", "html")
    assert result.exit_code == 0, result.output
    for page in ("index.html", "en/index.html", "kk/index.html"):
        assert (project.dist_dir / page).is_file()
    assert 'data-l10n="untranslated"' in (project.dist_dir / "kk" / "index.html").read_text(encoding="utf-8")


def test_default_locales_are_the_source_locale_and_the_theme_languages(tmp_path):
    assert default_locales("en") == ("en", "zh_Hans", "ru", "kk", "uz")
    assert default_locales("de") == ("de", "zh_Hans", "en", "ru", "kk", "uz")
    project = new_project(tmp_path / "p")
    assert project.locales == ("en", "zh_Hans", "ru", "kk", "uz")
    assert sorted(p.parent.parent.name for p in project.locales_dir.glob("*/LC_MESSAGES/bulletin.po")) == [
        "kk", "ru", "uz", "zh_Hans"]
    assert project.bulletins[0].load().title.text == "P"  # from the folder's name


def test_the_source_locale_comes_first_when_not_named(tmp_path):
    project = new_project(tmp_path / "p", locales=["kk", "ru"], source_locale="ru")
    assert project.locales == ("kk", "ru") and project.source_locale == "ru"
    project = new_project(tmp_path / "q", locales=["kk"], source_locale="ru")
    assert project.locales == ("ru", "kk")


def test_an_empty_folder_is_used_and_a_title_is_kept_as_written(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    title = 'Весенний «обзор»: 100% & <b> "x" #1'
    project = new_project(folder, title, ["ru", "en"], "ru")
    assert project.root == folder and project.bulletins[0].load().title.text == title
    mask = os.umask(0o022)
    os.umask(mask)
    assert new_project(tmp_path / "made").root.stat().st_mode & 0o777 == 0o777 & ~mask  # as mkdir makes it


def test_a_non_empty_folder_is_refused_and_left_alone(tmp_path):
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = run(None, "new", str(folder))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{folder}: not empty; silkpress new needs a new or empty folder"
    assert listing(folder) == ["notes.txt"] and listing(tmp_path) == ["busy", "busy/notes.txt"]
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert run(None, "new", str(tmp_path / "file")).exit_code == 1


@pytest.mark.parametrize(("options", "message"), [
    (["--locale", "xx"], "unknown locale 'xx'"),
    (["--locale", "ar"], "locale 'ar' is written in script Arab, which silkpress has no fonts for"),
    (["--locale", "EN"], "malformed locale id 'EN'"),
    (["--source-locale", "x-y"], "source locale: malformed locale id 'x-y'"),
    (["--title", "two\nlines"], "the title must be one line of text"),
])
def test_a_bad_locale_or_title_is_refused_and_nothing_is_written(tmp_path, options, message):
    target = tmp_path / "new"
    result = run(None, "new", str(target), *options)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{target}: {message}"), result.stderr
    assert "Traceback" not in result.output
    assert listing(tmp_path) == []


def test_new_project_is_exported():
    assert silkpress.new_project is new_project and "new_project" in silkpress.__all__


def test_the_current_folder_may_be_the_new_project(tmp_path, monkeypatch):
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    result = run(None, "new", ".")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("created . with 5 locale(s)")
    assert "source/here.yaml" in listing(folder) and not [p for p in listing(folder) if "silkpress-new" in p]
    assert listing(tmp_path) == ["here"] + [f"here/{p}" for p in listing(folder)]


@pytest.mark.parametrize("existing", [False, True])
def test_a_failure_halfway_leaves_nothing_behind(tmp_path, monkeypatch, existing):
    import silkpress.i18n as i18n

    target = tmp_path / "p"
    if existing:
        target.mkdir()

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(i18n, "init_catalog", full_disk, raising=False)
    result = run(None, "new", str(target), "--locale", "ru")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{target}: cannot create the project: No space left on device"
    assert listing(tmp_path) == (["p"] if existing else [])
