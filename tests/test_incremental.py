"""Incremental and parallel builds: unchanged editions are not rendered again."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from silkpress.cache import JobCache

from .helpers import build_with, eject

pytestmark = pytest.mark.slow  # PDFs, real tools or long runs: left out of the fast layer


def rendered(result) -> set[str]:
    return {e.locale for e in result.editions if "pdf" in e.seconds}


def test_only_what_changed_is_rendered_again(mini, tmp_path):
    out = tmp_path / "dist"
    first = build_with(mini, out_dir=out, jobs=2)
    assert rendered(first) == set(mini.locales)
    # nothing changed: no PDF is rendered, nothing is written
    again = build_with(mini, out_dir=out)
    assert rendered(again) == set() and again.written == ()
    # one catalog: only its locale
    po = mini.bulletins[0].catalog_path("ru")
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Первый абзац."', 'msgstr "Первый абзац!"'), encoding="utf-8")
    assert rendered(build_with(mini, out_dir=out)) == {"ru"}
    # a template: every locale
    css = eject(mini, "print.css")
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    assert rendered(build_with(mini, out_dir=out)) == set(mini.locales)
    # the English text of one event: every locale (the fallback text changed)
    mini.sources[0].write_text(mini.sources[0].read_text(encoding="utf-8").replace("Before the list.", "Before this list."), encoding="utf-8")
    assert rendered(build_with(mini, out_dir=out)) == set(mini.locales)
    # --force renders everything
    assert rendered(build_with(mini, out_dir=out, force=True)) == set(mini.locales)


def test_an_output_changed_behind_our_back_is_rendered_again(mini, tmp_path):
    out = tmp_path / "dist"
    build_with(mini, locales=["en"], formats=["pdf"], out_dir=out)
    (out / "en" / "mini-en.pdf").write_bytes(b"%PDF-1.7 tampered")
    result = build_with(mini, locales=["en"], formats=["pdf"], out_dir=out)
    assert rendered(result) == {"en"} and (out / "en" / "mini-en.pdf").read_bytes() != b"%PDF-1.7 tampered"
    assert set(JobCache(out).entries) == {"en/mini-en.pdf"}


def test_parallel_and_serial_builds_are_identical(mini, tmp_path):
    serial, parallel = tmp_path / "one", tmp_path / "two"
    build_with(mini, out_dir=serial, jobs=1)
    build_with(mini, out_dir=parallel, jobs=2)
    files = sorted(p.relative_to(serial) for p in serial.rglob("*") if p.is_file())
    assert files and all((serial / f).read_bytes() == (parallel / f).read_bytes() for f in files)


def test_a_no_op_build_does_not_import_weasyprint(mini, tmp_path):
    out = tmp_path / "dist"
    build_with(mini, out_dir=out)
    script = (
        "import sys, json; from silkpress import BuildOptions, build, load_project;"
        f"r = build(load_project({str(mini.root)!r}), BuildOptions(out_dir={str(out)!r}));"
        "print(json.dumps(['weasyprint' in sys.modules, len(r.written)]))"
    )
    output = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    assert json.loads(output) == [False, 0]


def test_progress_counts_jobs(mini, tmp_path):
    lines: list[str] = []
    build_with(mini, out_dir=tmp_path / "dist", progress=lines.append)
    counted = [line for line in lines if line.startswith("[")]
    assert len(counted) == len(mini.locales) and counted[-1].startswith(f"[{len(mini.locales)}/{len(mini.locales)}]")


def test_the_cli_skips_a_build_where_nothing_changed(mini, tmp_path):
    out = tmp_path / "dist"
    command = [sys.executable, "-m", "silkpress", "--project", str(mini.root), "build", "--edition-format", "html", "--out", str(out)]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    assert first.stdout.startswith("built")
    second = subprocess.run(command, capture_output=True, text=True, check=True)
    assert second.stdout.startswith("nothing changed")
    # it does not even load Babel or Jinja2
    probe = (
        "import sys; from silkpress.cli import main\n"
        f"try:\n    main({command[3:]!r})\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('babel', 'jinja2', 'weasyprint') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip().endswith("[]")
    # any change to an input or an output means a real build
    po = mini.bulletins[0].catalog_path("ru")
    po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert subprocess.run(command, capture_output=True, text=True, check=True).stdout.startswith("built")
    assert subprocess.run(command, capture_output=True, text=True, check=True).stdout.startswith("nothing changed")
    (out / "ru" / "index.html").write_text("tampered", encoding="utf-8")
    assert subprocess.run(command, capture_output=True, text=True, check=True).stdout.startswith("built")
    assert (out / "ru" / "index.html").read_text(encoding="utf-8") != "tampered"
