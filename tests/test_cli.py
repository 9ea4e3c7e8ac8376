from __future__ import annotations

import json

import pytest

COMMANDS = ["build", "extract", "update", "init", "new"]

from .helpers import run as shared_run


def run(*args: str):
    return shared_run(None, *args)


def test_help():
    result = run("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_command(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_build_html_for_one_locale(mini, tmp_path):
    out = tmp_path / "out"
    result = run("--project", str(mini.root), "build", "--locale", "ru", "--edition-format", "html", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "ru" / "index.html").is_file()
    assert not (out / "en" / "index.html").exists()
    assert "ru: html" in result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in manifest["artifacts"]} >= {"ru/index.html", "index.html"}


def test_bad_source_gives_path_line_message_and_exit_1(mini):
    mini.sources[0].write_text(mini.sources[0].read_text(encoding="utf-8").replace("2025-06-17", "2025-13-01"), encoding="utf-8")
    result = run("--project", str(mini.root), "build", "--edition-format", "html")
    assert result.exit_code == 1
    assert result.stderr.startswith("source/mini.yaml:17: ")
    assert "Traceback" not in result.output


def test_unknown_locale_is_refused(mini):
    result = run("--project", str(mini.root), "build", "--locale", "xx")
    assert result.exit_code == 1 and "not configured" in result.stderr


def test_unknown_format_is_a_usage_error(mini):
    result = run("--project", str(mini.root), "build", "--format", "docx")
    assert result.exit_code == 2


def test_not_a_project(tmp_path):
    result = run("--project", str(tmp_path), "build")
    assert result.exit_code == 1 and "not a silkpress project" in result.stderr


def test_init_refuses_malformed_and_existing_locales(mini):
    assert run("--project", str(mini.root), "init", "xx_YY_ZZ").exit_code == 1
    existing = run("--project", str(mini.root), "init", "ru")
    assert existing.exit_code == 1 and "already exists" in existing.stderr


def test_extract_is_idempotent(mini):
    first = run("--project", str(mini.root), "extract")
    assert first.exit_code == 0 and "unchanged" in first.output


def test_doctor_reports_the_machine():
    result = run("doctor", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["versions"]["weasyprint"] != "missing" and report["versions"]["pango"] != "missing"
    assert report["cpus"] >= 1
    assert any("NotoSerifSC-Regular.woff2 (ok)" in line for line in report["fonts"]["zh_Hans"])
    assert not any("NotoSerifSC" in line for line in report["fonts"]["en"])
    assert "hb-subset" in run("doctor").stdout


@pytest.mark.parametrize("present", [True, False])
def test_doctor_says_whether_hb_subset_is_there(monkeypatch, present):
    """Both answers, whatever this machine has installed."""
    import ctypes.util

    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library",
                        lambda name: ("libharfbuzz-subset.so.0" if present else None) if name == "harfbuzz-subset" else real(name))
    report = json.loads(run("doctor", "--format", "json").stdout)
    assert report["hb_subset"] is present
    assert any("libharfbuzz-subset0" in warning for warning in report["warnings"]) is not present
