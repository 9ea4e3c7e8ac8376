"""What silkpress relies on beyond its dependencies' documented APIs, checked against what is installed:
the WeasyPrint internals cjk.py patches (cjk.INTERNALS), Babel's undocumented get_plural, and that the
installed versions are within the bounds pyproject.toml declares (which is why those two are bounded above)."""

from __future__ import annotations

import importlib
import inspect
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version

import pytest

from silkpress import cjk, ellipsis, pdftags

from .helpers import REPO


def declared() -> dict[str, str]:
    """``[project] dependencies`` of pyproject.toml: each distribution's name and its version specifier."""
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = {}
    for line in data["project"]["dependencies"]:
        found = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*?)\s*(?:;.*)?", line)
        assert found, f"cannot read the requirement {line!r} in pyproject.toml"
        requirements[found.group(1).lower()] = found.group(2).replace(" ", "")
    return requirements


def _release(text: str) -> tuple[int, ...]:
    """The leading numbers of a version (70.0rc1 -> (70, 0)), for the comparison without ``packaging``."""
    return tuple(int(part) for part in re.findall(r"\d+", re.match(r"[\d.]*", text).group())) or (0,)  # type: ignore[union-attr]


def satisfies(installed: str, specifier: str) -> bool:
    """Whether version ``installed`` is within ``specifier`` (">=68,<71"): with ``packaging`` when
    it is there, else a plain comparison of release numbers (enough for the >=, <, <=, >, ==, != used here)."""
    try:
        from packaging.specifiers import SpecifierSet
        from packaging.version import Version
    except ImportError:
        pass
    else:
        return SpecifierSet(specifier).contains(Version(installed), prereleases=True)
    compare = {
        ">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, "<": lambda a, b: a < b,
        "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
    }
    for clause in filter(None, specifier.split(",")):
        operator, bound = re.fullmatch(r"(>=|<=|==|!=|<|>)(.+)", clause).groups()  # type: ignore[union-attr]
        have, limit = _release(installed), _release(bound)
        width = max(len(have), len(limit))  # 68 == 68.0
        if not compare[operator](have + (0,) * (width - len(have)), limit + (0,) * (width - len(limit))):
            return False
    return True


@pytest.mark.parametrize("without_packaging", [False, True], ids=["packaging", "fallback"])
def test_the_version_comparison(monkeypatch, without_packaging):
    if without_packaging:
        monkeypatch.setitem(sys.modules, "packaging.specifiers", None)  # import fails
        monkeypatch.setitem(sys.modules, "packaging.version", None)
    cases = [("70.0", ">=68,<71", True), ("71.0", ">=68,<71", False), ("67.9", ">=68,<71", False), ("68", ">=68,<71", True),
             ("2.19.0", ">=2.14,<3", True), ("3.0", ">=2.14,<3", False), ("2.9.1", ">=2.14,<3", False), ("8.1", ">=8.1", True)]
    for installed, specifier, expected in cases:
        assert satisfies(installed, specifier) is expected, (installed, specifier)


# -- WeasyPrint internals (cjk.py) --------------------------------------------------------------


def weasyprint_range() -> str:
    return f"weasyprint{declared()['weasyprint']}"


PATCHED = cjk.INTERNALS + pdftags.INTERNALS + ellipsis.INTERNALS


@pytest.mark.parametrize(("module", "path"), PATCHED, ids=[f"{m}.{p}" for m, p in PATCHED])
def test_each_weasyprint_internal_cjk_patches_exists(module, path):
    installed = version("weasyprint")
    where = (
        f"silkpress.cjk patches or calls {module}.{path}, an internal of WeasyPrint, but WeasyPrint {installed} has no"
    )
    try:
        target = importlib.import_module(module)
    except ImportError as error:
        pytest.fail(f"{where} module {module} ({error}); pyproject.toml allows {weasyprint_range()}: "
                    "update cjk.py (and INTERNALS) or bound the version")
    for name in path.split("."):
        if not hasattr(target, name):
            pytest.fail(f"{where} {path} ({name!r} is missing); pyproject.toml allows {weasyprint_range()}: "
                        "update cjk.py (and INTERNALS) or bound the version")
        target = getattr(target, name)


def test_layout_set_text_still_takes_text_and_justify():
    from weasyprint.text.line_break import Layout

    signature = inspect.signature(Layout.set_text)
    parameters = list(signature.parameters.values())
    assert [p.name for p in parameters] == ["self", "text", "justify"] and parameters[2].default is False, (
        f"weasyprint.text.line_break.Layout.set_text is now {signature} in WeasyPrint {version('weasyprint')}; "
        f"cjk.py's replacement is set_text(self, text, justify=False) (pyproject.toml allows {weasyprint_range()})"
    )


def test_count_expandable_spaces_still_takes_one_box():
    from weasyprint.layout.inline import count_expandable_spaces

    signature = inspect.signature(count_expandable_spaces)
    required = [p for p in signature.parameters.values() if p.default is inspect.Parameter.empty]
    assert len(signature.parameters) == 1 and len(required) == 1, (
        f"weasyprint.layout.inline.count_expandable_spaces is now {signature} in WeasyPrint {version('weasyprint')}; "
        f"cjk.py's replacement takes one box (pyproject.toml allows {weasyprint_range()})"
    )


def test_the_patches_are_undone_after_use():
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    before = (inline.count_expandable_spaces, line_break.Layout.set_text)
    with cjk.enabled(("zh-hans",)):
        assert (inline.count_expandable_spaces, line_break.Layout.set_text) != before
    assert (inline.count_expandable_spaces, line_break.Layout.set_text) == before


# -- Babel's get_plural (i18n/merge.py, i18n/checks/syntax.py) ----------------------------------


def test_babel_get_plural_still_gives_count_and_expression():
    babel = f"Babel {version('babel')} (pyproject.toml allows babel{declared()['babel']})"
    try:
        from babel.messages.plurals import get_plural
    except ImportError as error:
        pytest.fail(f"{babel} has no babel.messages.plurals.get_plural ({error}), which i18n/merge.py and "
                    "i18n/checks/syntax.py use for Plural-Forms")
    plural = get_plural("ru")
    assert getattr(plural, "num_plurals", None) == 3, (
        f"{babel}: get_plural('ru').num_plurals is {getattr(plural, 'num_plurals', 'missing')!r}, not 3: "
        "i18n/merge.py and i18n/checks/syntax.py rely on it"
    )
    assert isinstance(getattr(plural, "plural_expr", None), str), (
        f"{babel}: get_plural('ru').plural_expr is {getattr(plural, 'plural_expr', 'missing')!r}, not a C expression "
        "string: i18n/merge.py writes it into new catalogs' Plural-Forms"
    )
    assert "n" in plural.plural_expr
    with pytest.raises((ValueError, LookupError)):  # what merge.py and syntax.py catch for a locale Babel lacks
        get_plural("xx_not_a_locale")


# -- the declared bounds --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["weasyprint", "babel"])
def test_dependencies_used_beyond_their_api_are_bounded_above(name):
    specifier = declared()[name]
    assert "<" in specifier, f"{name}{specifier}: silkpress uses its internals, so pyproject.toml must bound it above"


@pytest.mark.parametrize("name", sorted(declared()))
def test_the_installed_version_is_within_the_declared_bounds(name):
    specifier = declared()[name]
    try:
        installed = version(name)
    except PackageNotFoundError:
        pytest.fail(f"{name} is a dependency in pyproject.toml but is not installed")
    assert satisfies(installed, specifier), (
        f"{name} {installed} is installed, but pyproject.toml declares {name}{specifier}"
    )
