from __future__ import annotations

from pathlib import Path

import pytest

from silkpress import load_project
from silkpress.project import Project

from .helpers import DATA, REPO, build_with, copy_project

__all__ = ["DATA", "REPO", "copy_project"]


@pytest.fixture(scope="session", autouse=True)
def shared_font_cache(tmp_path_factory: pytest.TempPathFactory):
    """Web-font subsets cut once for the whole run, every worker and copied project alike
    (a CJK subset costs about a second of Brotli); tests of the cache itself set their own."""
    import os

    from silkpress.webfonts import CACHE_VARIABLE

    folder = tmp_path_factory.getbasetemp().parent / "font-cache"
    folder.mkdir(exist_ok=True)
    saved = os.environ.get(CACHE_VARIABLE)
    os.environ[CACHE_VARIABLE] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop(CACHE_VARIABLE, None)
    else:
        os.environ[CACHE_VARIABLE] = saved


@pytest.fixture
def mini(tmp_path: Path) -> Project:
    return copy_project(DATA / "mini", tmp_path / "mini")


@pytest.fixture(scope="session")
def real_project() -> Project:
    return load_project(REPO)


@pytest.fixture(scope="session")
def real_build(real_project: Project, tmp_path_factory: pytest.TempPathFactory):
    """The real bulletin, every locale and format, built once for the whole session."""
    return build_with(real_project, out_dir=tmp_path_factory.mktemp("dist"))
