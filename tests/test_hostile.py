"""A corpus of hostile and broken inputs (tests/data/bad/*.toml), each run through the CLI on a
copy of the fixture project with a published dist/. Every case must end with the stated exit
status and message, no traceback, no trace of a private canary file in any output, and, when it
must not publish, a dist/ byte-identical to before."""

from __future__ import annotations

import re
import shutil
import tomllib
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from silkpress.cli import main

from .conftest import DATA, copy_project
from .helpers import build_with

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

    result = CliRunner().invoke(main, ["--project", str(project), *case["command"]])
    output = result.stdout + result.stderr

    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    assert result.exit_code == case["exit"], output[-2000:]
    for fragment in case["expect"]:
        assert fragment.replace("@CANARY@", str(canary)) in output, (fragment, output[-2000:])
    assert token not in output
    after = snapshot(dist)
    for name, data in after.items():
        assert token.encode() not in data, name
    if not case["publishes"]:
        assert after == before
    assert not list(project.parent.rglob(".silkpress/*/tmp")) and not [p for p in dist.rglob("*") if p.name.endswith(".tmp")]
    assert not Path(f"{canary}.pwned").exists()


def test_the_corpus_covers_every_threat():
    names = {p.stem for p in CASES}
    assert len(names) >= 30
    for prefix in ("trans-", "template-", "po-", "format-", "yaml-", "locale-", "release-", "source-", "huge-"):
        assert any(name.startswith(prefix) for name in names), prefix
