"""The format registry: the pipeline knows no format by name, and a new one is a class and a
``register`` line (plus its template)."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import ClassVar

import pytest

from silkpress.editions import Edition
from silkpress.formats import (
    FORMATS,
    BulletinRun,
    Job,
    SimpleFormat,
    manifest_kinds,
    register,
    unregister,
)
from silkpress.html import render_template
from silkpress.i18n import extract_messages

from .helpers import REPO, build_with

SRC = REPO / "src" / "silkpress"


class MarkdownFormat(SimpleFormat):
    """A toy format: a plain-text (Markdown) edition per locale, from templates/edition.md."""

    name: ClassVar[str] = "markdown"
    manifest_kind: ClassVar[str] = "markdown"
    suffix: ClassVar[str] = ".md"
    media_type: ClassVar[str] = "text/markdown"
    templates: ClassVar[tuple[str, ...]] = ("edition.md",)

    def output_name(self, run: BulletinRun, edition: Edition) -> str:
        return f"{edition.tag}/{run.source.id}-{edition.tag}.md"

    def jobs(self, run: BulletinRun, edition: Edition) -> list[Job]:
        document = render_template(edition.env, "edition.md", run.project.root, edition=edition.localized)
        return [Job(self.name, edition.locale, self.output_name(run, edition), document)]


TEMPLATE = """# {{ edition.title }}

{{ _("Events of the year") }}
{% for event in edition.events %}
{{ event.number_text }}. {{ event.title }}
{% endfor %}
"""


@pytest.fixture
def markdown(mini):
    (mini.templates_dir / "edition.md").write_text(TEMPLATE, encoding="utf-8")
    register(MarkdownFormat())
    yield mini
    unregister("markdown")


def test_a_registered_format_is_built_cached_and_listed(markdown, tmp_path):
    out = tmp_path / "dist"
    first = build_with(markdown, out_dir=out, formats=["html", "markdown"])
    assert first.failures == ()
    ru = (out / "ru" / "mini-ru.md").read_text(encoding="utf-8")
    assert ru.startswith("# ") and "1. Саммит состоялся" in ru  # the ru catalog's translation
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    kinds = {a["path"]: (a["kind"], a["locale"]) for a in manifest["artifacts"]}
    assert kinds["ru/mini-ru.md"] == ("markdown", "ru")
    assert kinds["zh-Hans/mini-zh-Hans.md"] == ("markdown", "zh_Hans")
    # the second build finds every markdown job fresh, and rewrites nothing
    again = build_with(markdown, out_dir=out, formats=["html", "markdown"])
    assert again.written == ()
    assert all("markdown (unchanged)" in e.seconds for e in again.editions)


def test_a_format_brings_its_interface_strings_to_the_catalogs(markdown):
    template = extract_messages(markdown.bulletins[0])
    message = template.get("Events of the year")
    assert message is not None and message.references == (("templates/edition.md", 3),)


def test_unknown_formats_are_refused(mini, tmp_path):
    from silkpress import ConfigError

    with pytest.raises(ConfigError, match="unknown format 'docx'"):
        build_with(mini, out_dir=tmp_path / "dist", formats=["docx"])


def test_the_registry_gives_the_manifest_its_kinds():
    assert manifest_kinds() == {fmt.suffix: fmt.manifest_kind for fmt in FORMATS.values()}
    assert list(FORMATS)[:2] == ["pdf", "html"]  # the web pages link to the PDFs, so those come first


def _string_constants(path: Path) -> set[str]:
    return {node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def test_the_pipeline_names_no_format():
    """No ``if fmt == "pdf"``: the pipeline, the options and the output know formats only through the registry."""
    for module in ("pipeline.py", "options.py", "output.py", "editions.py", "cache.py"):
        names = _string_constants(SRC / module) & {"pdf", "html", ".pdf", ".html", "PDF", "HTML"}
        assert names == set(), (module, names)
