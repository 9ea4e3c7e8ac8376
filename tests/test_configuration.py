"""[tool.silkpress]: every value checked for its type and range, with pyproject.toml:line."""

from __future__ import annotations

import math
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silkpress import ConfigError, load_project
from silkpress.configuration import CONTENTS_MIN_EVENTS, Table, contents_page

from .helpers import DATA, copy_project

EXAMPLES = int(os.environ.get("SILKPRESS_FUZZ_EXAMPLES", "150"))


def test_the_line_of_a_key_is_found_in_its_own_table():
    text = '[tool.silkpress]\nsource = "a.yaml"\n\n[tool.silkpress.limits]\nrender-timeout = 3\n[tool.other]\nrender-timeout = 4\n'
    assert Table("tool.silkpress.limits", {}, text, "pyproject.toml").line("render-timeout") == 5
    assert Table("tool.silkpress", {}, text, "pyproject.toml").line("source") == 2
    assert Table("tool.silkpress", {}, text, "pyproject.toml").line("missing") == 1  # the table's header


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("render-timeout = nan", "render-timeout must be a number, not nan"),
        ("render-timeout = -inf", "render-timeout must be a number, not -inf"),
        ("render-timeout = true", "render-timeout must be a number, not True"),
        ("render-timeout = 0.5", "render-timeout must be between 1 and 86400, not 0.5"),
        ('render-timeout = "120"', "render-timeout must be a number, not '120'"),
        ("render-memory-mb = 63", "render-memory-mb must be between 64 and 1048576, not 63"),
        ("render-memory-mb = 2048.0", "render-memory-mb must be a whole number, not 2048.0"),
        ("render-memory-mb = false", "render-memory-mb must be a whole number, not False"),
        ("render-seconds = 3", "unknown setting 'render-seconds'"),
    ],
)
def test_limits(tmp_path, setting, message):
    assert _refusal(tmp_path, "limits", setting).startswith(f"pyproject.toml:12: [tool.silkpress.limits] {message}")


def _refusal(tmp_path, table: str, setting: str) -> str:
    """The ConfigError of the mini project with ``setting`` added under ``[tool.silkpress.<table>]``."""
    project = copy_project(DATA / "mini", tmp_path / "mini")
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + f"\n[tool.silkpress.{table}]\n{setting}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_project(project.root)
    return str(info.value)


def test_good_limits_are_taken(tmp_path):
    project = copy_project(DATA / "mini", tmp_path / "mini")
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8")
                         + "\n[tool.silkpress.limits]\nrender-timeout = 30\nrender-memory-mb = 1024\n", encoding="utf-8")
    loaded = load_project(project.root)
    assert loaded.render_timeout == 30.0 and loaded.render_memory == 1024 * 2**20


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('contents = "sometimes"', "contents must be one of auto, always, never, not 'sometimes'"),
        ("contents = true", "contents must be one of auto, always, never, not True"),
        ("contents-min-events = 0", "contents-min-events must be between 1 and 100000, not 0"),
        ("contents-min-events = 3.5", "contents-min-events must be a whole number, not 3.5"),
        ('contents-min-events = "4"', "contents-min-events must be a whole number, not '4'"),
        ("contents-min = 4", "unknown setting 'contents-min'"),
    ],
)
def test_contents_settings_are_checked(tmp_path, setting, message):
    assert _refusal(tmp_path, "print", setting).startswith(f"pyproject.toml:12: [tool.silkpress.print] {message}")


def test_contents_settings_and_the_rule(tmp_path):
    project = copy_project(DATA / "mini", tmp_path / "mini")
    assert (project.contents, project.contents_min_events) == ("auto", CONTENTS_MIN_EVENTS) == ("auto", 4)
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8")
                         + '\n[tool.silkpress.print]\ncontents = "always"\ncontents-min-events = 12\n', encoding="utf-8")
    loaded = load_project(project.root)
    assert (loaded.contents, loaded.contents_min_events) == ("always", 12)
    assert [contents_page("auto", 4, n) for n in (1, 3, 4, 200)] == [False, False, True, True]
    assert [contents_page("always", 4, n) for n in (1, 200)] == [True, True]
    assert [contents_page("never", 4, n) for n in (1, 200)] == [False, False]


VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=True),
    st.text(max_size=30), st.lists(st.text(max_size=8), max_size=3), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)
KEYS = st.sampled_from([
    ("", "source"), ("", "domain"), ("", "locales"), ("", "source-locale"), ("", "base-url"), ("", "language-tags"),
    (".print", "event-break"), (".print", "pdf-variant"), (".print", "contents"), (".print", "contents-min-events"), (".print", "logo"),
    (".limits", "render-timeout"), (".limits", "render-memory-mb"),
    ("", "print"), ("", "limits"), ("", "unknown"),
])


def toml_value(value: object) -> str:
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return '"' + re.sub(r'[\x00-\x1f"\\\x7f]', "", value) + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return "{" + ", ".join(f"{toml_value(k)} = {toml_value(v)}" for k, v in value.items()) + "}"  # type: ignore[attr-defined]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
          derandomize=True)
@given(entries=st.lists(st.tuples(KEYS, VALUES), max_size=4))
def test_any_configuration_value_is_taken_or_refused_with_a_line(tmp_path, entries):
    root = tmp_path / "fuzz"
    (root / "source").mkdir(parents=True, exist_ok=True)
    tables: dict[str, dict[str, str]] = {}
    for (table, key), value in entries:
        tables.setdefault(table, {})[key] = toml_value(value)
    text = "".join(f"[tool.silkpress{table}]\n" + "".join(f'"{k}" = {v}\n' for k, v in keys.items()) for table, keys in tables.items())
    (root / "pyproject.toml").write_text(text or "[tool.silkpress]\n", encoding="utf-8")
    try:
        load_project(root)
    except ConfigError as error:
        assert error.path is not None and "Traceback" not in str(error)
        if str(error.path).endswith("pyproject.toml") and "invalid TOML" not in error.message and tables:
            assert error.line is not None, str(error)
