from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from silkpress import SourceError, load_bulletin, parse_bulletin
from silkpress.model import ItemList, Paragraph
from silkpress.source import country_codes

from .conftest import DATA

BROKEN = sorted((DATA / "broken").glob("*.yaml"))


def test_real_bulletin_holds_everything_in_the_seed(real_project):
    bulletin = load_bulletin(real_project.sources[0], "source/x.yaml")
    assert bulletin.publisher_name == "CentralasianLIGHT.org"
    assert bulletin.published == dt.date(2025, 12, 26)
    assert [e.number for e in bulletin.events] == list(range(1, 11))
    assert len(bulletin.intro) == 1
    assert len(bulletin.credits) == 5
    lists = [block for e in bulletin.events for block in e.body if isinstance(block, ItemList)]
    assert len(lists) == 1 and len(lists[0].items) == 4
    assert bulletin.events[6].body[-1] is lists[0]
    # every line of the seed text is one unit (numbered titles carry their number as data)
    seed = DATA / "seed-china-central-asia-2025.txt"  # the English text the source was made from
    texts = {unit.text for unit in bulletin.units()}
    lines = [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = [re.sub(r"^\d+\. ", "", line) for line in lines[:-3]]
    assert len(body) == 39
    assert [line for line in body if line not in texts] == []
    credits = lines[-3].removeprefix("Photos provided by ").rstrip(".").replace(", and ", ", ").split(", ")
    assert [unit.text for unit in bulletin.credits] == credits


def test_facts_are_data(real_project):
    bulletin = load_bulletin(real_project.sources[0])
    by_id = {e.id: e for e in bulletin.events}
    summit = by_id["astana-summit"]
    assert [d.iso for d in summit.dates] == ["2025-06-17"]
    assert set(summit.countries) == {"CN", "KZ", "KG", "TJ", "TM", "UZ"}
    visit = by_id["global-governance"]
    assert visit.dates[0].iso == "2025-08-31/2025-09-03"
    assert by_id["forums"].when is not None and by_id["forums"].when.text == "Since early 2025"
    assert by_id["lu-ban-workshops"].dates[0].precision == "month"


def test_units_have_structural_ids_lines_and_notes(mini):
    bulletin = load_bulletin(mini.sources[0], "source/mini.yaml")
    units = {unit.id: unit for unit in bulletin.units()}
    assert list(units) == [
        "title", "intro/p1", "summit/title", "summit/p1", "summit/p2", "forums/title", "forums/when",
        "forums/p1", "forums/item1", "forums/item2", "credits/c1", "places/astana",
    ]
    assert units["summit/title"].note == "Summit means the leaders' meeting."
    assert units["forums/item2"].note == "A note on an item."
    assert units["summit/p2"].text == "Second paragraph, folded over two lines."
    lines = mini.sources[0].read_text(encoding="utf-8").splitlines()
    for unit in units.values():
        assert unit.origin.path == "source/mini.yaml"
        assert unit.text.split()[0] in lines[unit.origin.line - 1], unit.id


def test_editing_one_paragraph_changes_one_unit(mini):
    text = mini.sources[0].read_text(encoding="utf-8")
    before = {u.id: u.text for u in parse_bulletin(text, "a.yaml").units()}
    after = {u.id: u.text for u in parse_bulletin(text.replace("First paragraph.", "First paragraph, edited."), "a.yaml").units()}
    assert before.keys() == after.keys()
    assert [key for key in before if before[key] != after[key]] == ["summit/p1"]


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_sources_report_path_and_line(path: Path):
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    line, fragment = expected.split(": ", 1)
    with pytest.raises(SourceError) as info:
        load_bulletin(path, path.name)
    error = info.value
    assert (error.path, error.line) == (path.name, int(line))
    assert str(error).startswith(f"{path.name}:{line}: ")
    assert fragment in error.message


def test_non_utf8_source(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"id: x\ntitle: caf\xe9\n")
    with pytest.raises(SourceError, match="UTF-8") as info:
        load_bulletin(path)
    assert info.value.line == 2


def test_missing_source(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        load_bulletin(tmp_path / "none.yaml")


def test_country_codes_come_from_cldr():
    codes = country_codes()
    assert {"CN", "KZ", "KG", "TJ", "TM", "UZ"} <= codes
    assert "ZZ" not in codes and "EU" not in codes and "001" not in codes


def test_block_scalar_keeps_no_break_spaces():
    bulletin = parse_bulletin(
        "id: x\ntitle: 37,7\u00a0%\npublished: 2025-01-01\npublisher: {name: X}\nintro: [{p: I.}]\n"
        "events: [{id: a, title: A, body: [{p: B.}]}]\n",
        "x.yaml",
    )
    assert bulletin.title.text == "37,7\u00a0%"
    assert isinstance(bulletin.events[0].body[0], Paragraph)


def test_nesting_too_deep_for_the_parser_names_the_deepest_line(monkeypatch):
    from silkpress import source, yamlsafe

    def overflow(text):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(yamlsafe, "_compose", overflow)
    text = "id: x\nlist:\n  - [[[\n    [[[1]]]\n  ]]]\n"
    with pytest.raises(SourceError, match="nested too deeply") as info:
        source.parse_bulletin(text, "deep.yaml")
    assert info.value.line == 4
