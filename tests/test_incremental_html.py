"""Incremental web builds: a page is rendered again only when something it shows changed."""

from __future__ import annotations

import shutil

import pytest

from silkpress import options as options_module
from silkpress.cache import JobCache, Memo, locale_inputs

from .helpers import build_with, eject


def rendered(result) -> set[str]:
    """The locales whose web page this build rendered (the others were still in place)."""
    return {e.locale for e in result.editions if "html" in e.seconds}


def files(out) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def edit_ru(project, old: str = 'msgstr "Первый абзац."', new: str = 'msgstr "Первый абзац!"') -> None:
    po = project.bulletins[0].catalog_path("ru")
    text = po.read_text(encoding="utf-8")
    assert old in text
    po.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def built(mini, tmp_path):
    out = tmp_path / "dist"
    assert rendered(build_with(mini, formats=["html"], out_dir=out)) == set(mini.locales)
    return mini, out


def test_nothing_changed_renders_nothing(built):
    mini, out = built
    again = build_with(mini, formats=["html"], out_dir=out)
    assert rendered(again) == set() and again.written == ()


def test_a_catalog_edit_renders_its_locale_and_the_shared_pages_only(built):
    mini, out = built
    before = {p: (out / p).stat().st_mtime_ns for p in ("en/index.html", "kk/feed.xml", "zh-Hans/index.html")}
    edit_ru(mini)
    result = build_with(mini, formats=["html"], out_dir=out)
    assert rendered(result) == {"ru"}
    assert "ru/index.html" in result.written
    # no other locale's file is written again (the chooser, status page and manifest may be)
    assert not [p for p in result.written if p.split("/")[0] in ("en", "kk", "zh-Hans", "uz-Latn")]
    assert {p: (out / p).stat().st_mtime_ns for p in before} == before
    assert "Первый абзац!" in (out / "ru" / "index.html").read_text(encoding="utf-8")


def test_a_template_edit_renders_every_locale(built):
    mini, out = built
    page = eject(mini, "edition.html")
    page.write_text(page.read_text(encoding="utf-8") + "\n{# changed #}\n", encoding="utf-8")
    assert rendered(build_with(mini, formats=["html"], out_dir=out)) == set(mini.locales)


def test_a_title_edit_renders_every_page_whose_switcher_shows_it(built):
    mini, out = built
    edit_ru(mini, 'msgstr "Две вещи <b>произошли</b>"', 'msgstr "Две вещи случились"')
    assert rendered(build_with(mini, formats=["html"], out_dir=out)) == set(mini.locales)


def test_a_theme_catalog_edit_renders_its_locale(built, monkeypatch):
    mini, out = built
    real = options_module._code_files()
    changed = tuple((name, content + b"!" if name.startswith("theme/locales/kk/") else content) for name, content in real)
    assert changed != real
    monkeypatch.setattr(options_module, "_code_files", lambda: changed)
    options_module.code_fingerprint.cache_clear()
    try:
        assert rendered(build_with(mini, formats=["html"], out_dir=out)) == {"kk"}
    finally:
        monkeypatch.undo()
        options_module.code_fingerprint.cache_clear()


def test_the_code_digest_of_a_locale_leaves_out_the_other_theme_catalogs():
    assert options_module.code_fingerprint("ru") != options_module.code_fingerprint("kk")
    assert options_module.code_fingerprint("ru") != options_module.code_fingerprint()


def test_locale_inputs_change_with_their_own_catalog_only(mini):
    before = {locale: locale_inputs(mini, locale) for locale in mini.locales}
    edit_ru(mini)
    after = {locale: locale_inputs(mini, locale) for locale in mini.locales}
    assert [locale for locale in mini.locales if before[locale] != after[locale]] == ["ru"]


def test_a_missing_font_subset_renders_its_page_again(built):
    mini, out = built
    needs = JobCache(out).entries["ru/index.html"]["needs"]
    assert needs and all((out / name).is_file() for name in needs)
    (out / needs[0]).unlink()
    result = build_with(mini, formats=["html"], out_dir=out)
    assert "ru" in rendered(result) and (out / needs[0]).is_file()


def test_an_incremental_build_is_byte_identical_to_a_cold_one(built, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    mini, out = built
    build_with(mini, formats=["html"], out_dir=out)  # the epoch changed: every page again
    edit_ru(mini)
    build_with(mini, formats=["html"], out_dir=out)
    edit_ru(mini, 'msgstr "Первый абзац!"', 'msgstr "Первый абзац?"')
    incremental = build_with(mini, formats=["html"], out_dir=out)
    assert rendered(incremental) == {"ru"}
    cold = tmp_path / "cold"
    build_with(mini, formats=["html"], out_dir=cold)
    assert files(out) == files(cold)


def test_the_draft_warnings_of_unchanged_locales_come_from_the_memo(built):
    mini, out = built
    edit_ru(mini, 'msgstr "Первый абзац."', 'msgstr "Первый абзац {name}."')  # a placeholder the source lacks
    first = build_with(mini, formats=["html"], out_dir=out)
    assert any("ru" in w.path for w in first.warnings)
    memo = Memo(out.parent / ".silkpress" / "dist" / "warnings.json")
    assert len(memo.old) == len(mini.locales)
    again = build_with(mini, formats=["html"], out_dir=out, force=True)
    assert again.warnings == first.warnings
    shutil.rmtree(out.parent / ".silkpress" / "dist")
    cold = build_with(mini, formats=["html"], out_dir=out)
    assert cold.warnings == first.warnings
