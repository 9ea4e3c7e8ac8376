from __future__ import annotations

import hashlib
import json

import pytest

from silkpress import CatalogError, OutputError, SilkpressError
from silkpress.output import safe_join

from .helpers import build_with, real_tags


def test_manifest_lists_every_artifact_with_checksums(real_build):
    out = real_build.out_dir
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    artifacts = {entry["path"]: entry for entry in manifest["artifacts"]}
    on_disk = {
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"
    }
    assert set(artifacts) == on_disk
    for path, entry in artifacts.items():
        data = (out / path).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    editions = [(e["locale"], e["kind"]) for e in manifest["artifacts"] if e["kind"] in ("html", "pdf") and e["locale"]]
    assert sorted(editions) == sorted((loc, kind) for loc in real_tags() for kind in ("html", "pdf"))
    assert artifacts["index.html"]["locale"] is None and artifacts["index.html"]["kind"] == "html"
    for locale, tag in real_tags().items():
        assert artifacts[f"{tag}/china-central-asia-2025-{tag}.pdf"]["locale"] == locale
    assert any(path.endswith(".woff2") for path in artifacts)
    assert "assets/fonts/OFL.txt" in artifacts


def test_builds_are_reproducible(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1766707200")
    first, second = tmp_path / "a", tmp_path / "b"
    build_with(mini, locales=["ru", "zh_Hans"], out_dir=first)
    build_with(mini, locales=["ru", "zh_Hans"], out_dir=second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files and files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_unchanged_files_are_not_rewritten(mini, tmp_path):
    out = tmp_path / "out"
    build_with(mini, formats=["html"], out_dir=out)
    again = build_with(mini, formats=["html"], out_dir=out)
    assert again.written == ()


def test_a_broken_catalog_stops_only_its_own_edition_in_a_draft(mini, tmp_path):
    out = tmp_path / "out"
    build_with(mini, formats=["html"], out_dir=out)
    old_zh = (out / "zh-Hans" / "index.html").read_bytes()
    mini.sources[0].write_text(mini.sources[0].read_text(encoding="utf-8").replace("First paragraph.", "Changed."), encoding="utf-8")
    po = mini.bulletins[0].catalog_path("zh_Hans")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    result = build_with(mini, formats=["html"], out_dir=out)
    (failure,) = result.failures
    assert isinstance(failure, CatalogError) and failure.path == "locales/zh_Hans/LC_MESSAGES/bulletin.po"
    assert (out / "zh-Hans" / "index.html").read_bytes() == old_zh  # its previous edition stays
    assert "Changed." in (out / "ru" / "index.html").read_text(encoding="utf-8")  # the others moved on
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["artifacts"]:
        assert hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]


def test_a_release_with_any_error_changes_nothing(mini, tmp_path):
    out = tmp_path / "out"
    build_with(mini, locales=["en"], formats=["html"], out_dir=out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    mini.sources[0].write_text(mini.sources[0].read_text(encoding="utf-8").replace("First paragraph.", "Changed."), encoding="utf-8")
    po = mini.bulletins[0].catalog_path("zh_Hans")
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    with pytest.raises(SilkpressError):
        build_with(mini, locales=["en", "zh_Hans"], formats=["html"], out_dir=out, release=True)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not list(out.parent.rglob("*.tmp"))


@pytest.mark.parametrize("bad", ["../escape.html", "/etc/passwd", "a/../../b", ""])
def test_safe_join_refuses_paths_outside(tmp_path, bad):
    with pytest.raises(OutputError):
        safe_join(tmp_path, bad)


def test_safe_join_accepts_nested(tmp_path):
    assert safe_join(tmp_path, "en/index.html") == tmp_path / "en" / "index.html"
