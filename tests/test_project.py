from __future__ import annotations

import pytest

from silkpress import ConfigError, load_project


def test_real_project_configuration(real_project):
    import tomllib

    table = tomllib.loads((real_project.root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["silkpress"]
    assert real_project.locales == tuple(table["locales"])
    assert real_project.source_locale == table["source-locale"]
    for locale in real_project.locales:
        path = real_project.bulletins[0].catalog_path(locale).as_posix()
        assert path.endswith(f"locales/{locale}/LC_MESSAGES/{table['domain']}.po")
    assert dict(real_project.tags) == table["language-tags"]


def test_bad_toml_reports_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.silkpress]\nsource = "x.yaml"\nlocales = [\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_project(tmp_path)
    assert info.value.path.endswith("pyproject.toml") and info.value.line is not None


def test_unknown_locale_in_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.silkpress]\nsource = "s.yaml"\nlocales = ["en", "qq"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown locale 'qq'"):
        load_project(tmp_path)
