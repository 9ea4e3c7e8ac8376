from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from silkpress import build, load_project
from silkpress.project import Config

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def copy_project(source: Path, target: Path) -> Config:
    """A writable copy of a fixture project, with the repository's templates."""
    shutil.copytree(source, target)
    if not (target / "templates").exists():
        shutil.copytree(REPO / "templates", target / "templates")
    return load_project(target)


@pytest.fixture
def mini(tmp_path: Path) -> Config:
    return copy_project(DATA / "mini", tmp_path / "mini")


@pytest.fixture(scope="session")
def real_project() -> Config:
    return load_project(REPO)


@pytest.fixture(scope="session")
def real_build(real_project: Config, tmp_path_factory: pytest.TempPathFactory):
    """The real bulletin, every locale and format, built once for the whole session."""
    return build(real_project, out_dir=tmp_path_factory.mktemp("dist"))
