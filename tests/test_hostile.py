"""A corpus of hostile and broken inputs (tests/data/bad/*.toml), each run through the CLI on a
copy of the fixture project with a published dist/. Every case must end with the stated exit
status and message, no traceback, no trace of a private canary file in any output (archives
opened), and, when it must not publish, a dist/ byte-identical to before.

A case is a TOML table:

- ``command`` (``@PROJECT@`` is the project's folder), ``exit``, ``expect`` (fragments of the
  output), ``publishes``;
- what it does to the project first: ``edits``, ``regex_edits``, ``append``, ``append_bytes``,
  ``files``, ``symlinks``, and ``dist_files``: files that are not silkpress's put in dist/
  (``@TOKEN@`` in their text is the canary's secret, so none of it may be published);
- ``env``: environment variables for the command;
- ``not_in_dist``: text no file of dist/ may hold afterwards (the case's own dist_files aside);
- ``unchanged``: project folders that must be byte-identical afterwards; ``absent``: project
  paths that must not exist afterwards.
"""

from __future__ import annotations

import io
import re
import shutil
import tomllib
import uuid
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from silkpress.cli import main
from silkpress.theme import TEMPLATES

from .conftest import DATA, copy_project
from .helpers import build_with

pytestmark = pytest.mark.slow  # the corpus runs the whole CLI on a copied project, 91 times: left out of the fast layer

CASES = sorted((DATA / "bad").glob("*.toml"))


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The fixture project with every edition already published (HTML, and the English PDF)."""
    root = tmp_path_factory.mktemp("published") / "project"
    project = copy_project(DATA / "mini", root)
    build_with(project, formats=["html"])
    build_with(project, locales=["en"], formats=["pdf"])
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def apply(case: dict, project: Path, canary: Path) -> None:
    def text(value: str) -> str:
        value = value.replace("@CANARY@", str(canary))
        value = value.replace("@HUGE@", "слово " * 300_000)
        value = value.replace("@HUGE_YAML@", "# padding " + "x" * 5_100_000 + "\n")
        return value

    for name in case.get("eject", []):  # a theme template copied into the project, to be changed
        shutil.copyfile(TEMPLATES / name, project / "templates" / name)
    for edit in case.get("edits", []):
        path = project / edit["path"]
        content = path.read_text(encoding="utf-8")
        assert edit["old"] in content, (edit["path"], edit["old"])
        path.write_text(content.replace(edit["old"], text(edit["new"]), 1), encoding="utf-8")
    for edit in case.get("regex_edits", []):
        path = project / edit["path"]
        content, count = re.subn(edit["pattern"], lambda _: edit["replacement"].replace("\\\\", "\\"), path.read_text(encoding="utf-8"), count=1)
        assert count == 1, edit
        path.write_text(content, encoding="utf-8")
    for item in case.get("append", []):
        with (project / item["path"]).open("a", encoding="utf-8") as fileobj:
            fileobj.write(text(item["text"]))
    for item in case.get("append_bytes", []):
        with (project / item["path"]).open("ab") as fileobj:
            fileobj.write(bytes.fromhex(item["hex"]))
    for item in case.get("files", []):
        (project / item["path"]).write_text(text(item["text"]), encoding="utf-8")
    for item in case.get("symlinks", []):
        link = project / item["path"]
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(text(item["target"]))
    for item in case.get("dist_files", []):
        path = project / "dist" / item["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text(item["text"]).replace("@TOKEN@", canary.read_text(encoding="utf-8").strip()), encoding="utf-8")


def published_text(dist: Path, skip: set[str]) -> dict[str, bytes]:
    """Every file of dist/ but ``skip``, and every member of every archive in it (as ``zip!member``)."""
    files = {name: data for name, data in snapshot(dist).items() if name not in skip}
    for name, data in list(files.items()):
        if name.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                files |= {f"{name}!{member}": archive.read(member) + member.encode() for member in archive.namelist()}
    return files


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_hostile_input(path, published, tmp_path):
    case = tomllib.loads(path.read_text(encoding="utf-8"))
    project = tmp_path / "project"
    shutil.copytree(published, project, symlinks=True)
    token = f"CANARY-{uuid.uuid4()}"
    canary = tmp_path / "private" / "canary.txt"
    canary.parent.mkdir()
    canary.write_text(f"{token}\n", encoding="utf-8")
    apply(case, project, canary)
    dist = project / "dist"
    before = snapshot(dist)
    kept = {folder: snapshot(project / folder) for folder in case.get("unchanged", [])}

    command = [arg.replace("@PROJECT@", str(project)) for arg in case["command"]]
    result = CliRunner().invoke(main, ["--project", str(project), *command], env=case.get("env"))
    output = result.stdout + result.stderr

    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    assert result.exit_code == case["exit"], output[-2000:]
    for fragment in case["expect"]:
        assert fragment.replace("@CANARY@", str(canary)) in output, (fragment, output[-2000:])
    assert token not in output
    after = snapshot(dist)
    for name, data in published_text(dist, {item["path"] for item in case.get("dist_files", [])}).items():
        assert token.encode() not in data, name
        for fragment in case.get("not_in_dist", []):
            assert fragment.encode() not in data, (fragment, name)
    if not case["publishes"]:
        assert after == before
    for folder, files in kept.items():
        assert snapshot(project / folder) == files, folder
    for relative in case.get("absent", []):
        assert not (project / relative).exists(), relative
    assert not list(project.parent.rglob(".silkpress/*/tmp")) and not [p for p in dist.rglob("*") if p.name.endswith(".tmp")]
    assert not Path(f"{canary}.pwned").exists()


def test_the_corpus_covers_every_threat():
    names = {p.stem for p in CASES}
    assert len(names) >= 60
    for prefix in ("trans-", "template-", "po-", "format-", "yaml-", "locale-", "release-", "source-", "huge-", "archive-", "out-", "draft-"):
        assert any(name.startswith(prefix) for name in names), prefix
