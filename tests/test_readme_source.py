"""The README's source-format reference cannot drift from the loader: its YAML block loads with the
real loader, uses every field the loader's field tables accept, and shows every shape of value."""

from __future__ import annotations

import re

import yaml

from silkpress import parse_bulletin, source
from silkpress.model import ItemList
from silkpress.yamlsafe import compose

from .helpers import REPO


def reference_section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## The source format")
    return text[start:text.index("\n## ", start + 1)]


def reference_block() -> str:
    blocks = re.findall(r"```yaml\n(.*?)```", reference_section(), re.S)
    assert len(blocks) == 1, "the source-format section holds one YAML block: the reference"
    return blocks[0]


def accepted_fields() -> set[str]:
    """Every field name the loader accepts, from its own tables."""
    tables = (source.BULLETIN_FIELDS, source.PUBLISHER_FIELDS, source.UNIT_FIELDS, source.PARAGRAPH_FIELDS,
              source.LIST_FIELDS, source.CREDITS_FIELDS, source.COVER_FIELDS, source.PLACE_FIELDS)
    return {name for required, optional in tables for name in required + optional} | set(source.EVENT_REQUIRED) | set(source.EVENT_FIELDS)


def used_keys(node: yaml.Node) -> set[str]:
    keys: set[str] = set()
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                keys.add(key.value)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return keys


def test_the_reference_loads_with_the_real_loader():
    bulletin = parse_bulletin(reference_block(), "README.md")
    assert bulletin.events and bulletin.intro


def test_the_reference_uses_every_field_the_loader_accepts():
    assert accepted_fields() - used_keys(compose(reference_block(), "README.md")) == set()


def test_every_field_is_named_in_the_reference_or_its_table():
    section = reference_section()
    assert [name for name in sorted(accepted_fields()) if f"`{name}`" not in section and f"{name}:" not in section] == []


def test_the_reference_shows_every_shape_of_value():
    bulletin = parse_bulletin(reference_block(), "README.md")
    dates = [spec for event in bulletin.events for spec in event.dates]
    assert {spec.precision for spec in dates if spec.end is None} == {"day", "month"}
    assert any(spec.end is not None for spec in dates), "a range"
    assert any(e.when is not None and not e.dates for e in bulletin.events), "an event with a when only"
    assert any(not (e.dates or e.places or e.countries) for e in bulletin.events), "an event with no facts"
    assert any(e.places and e.countries for e in bulletin.events)
    assert any(isinstance(block, ItemList) for e in bulletin.events for block in e.body), "a list"
    units = list(bulletin.units())
    assert any(u.note for u in units), "a note"
    ids = {u.id for u in units}
    assert "intro/p1" in ids and any(i.startswith("intro/") and not re.fullmatch(r"intro/p\d+", i) for i in ids), "an intro id"
    assert any(re.fullmatch(r"[a-z0-9-]+/(?!p\d|item\d|title|when)[a-z0-9-]+", i) for i in ids), "a block id in a body"
    assert bulletin.credits_label is not None and bulletin.credits and bulletin.issuers and bulletin.subtitle
    assert bulletin.publisher_url and bulletin.places
    assert bulletin.cover is not None and bulletin.cover.credit is not None


def test_the_plain_credits_form_the_reference_mentions_loads():
    section = reference_section()
    plain = re.search(r"#\s+(credits: \[.*\])", section)
    assert plain, "the reference shows the plain list form of credits"
    block = reference_block()
    start = block.index("\ncredits:") + 1
    bulletin = parse_bulletin(block[:start] + plain.group(1) + "\n", "README.md")
    assert bulletin.credits_label is None and len(bulletin.credits) == 2


def test_the_date_forms_the_errors_name_are_in_the_reference():
    section = re.sub(r"\s+", " ", reference_section())
    assert source.DATE_FORMS in section
    assert "bad date '2026-04-01 to 2026-04-30'" in section
