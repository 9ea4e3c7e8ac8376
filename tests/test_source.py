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
    assert lines[-3].startswith(bulletin.credits_label.text + " ")  # "Photos provided by"
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


HEAD = "id: x\ntitle: X\npublished: 2025-01-01\npublisher: {name: X}\nintro: [{p: I.}]\n"


def one_event(facts: str = "", tail: str = "") -> str:
    return HEAD + f"events:\n  - id: a\n    title: A\n{facts}    body: [{{p: B.}}]\n{tail}"


def test_credits_take_a_label_of_their_own_or_the_theme_s():
    labelled = parse_bulletin(one_event(tail="credits:\n  label: Illustrations\n  items: [The editorial team, {text: A studio, note: N.}]\n"), "x.yaml")
    assert labelled.credits_label.id == "credits/label" and labelled.credits_label.text == "Illustrations"
    assert labelled.credits_label.origin.line == 11
    assert [(u.id, u.text) for u in labelled.credits] == [("credits/c1", "The editorial team"), ("credits/c2", "A studio")]
    assert [u.id for u in labelled.units()][-3:] == ["credits/label", "credits/c1", "credits/c2"]  # the catalog's order
    no_label = parse_bulletin(one_event(tail="credits:\n  items: [Agency]\n"), "x.yaml")
    assert no_label.credits_label is None and [u.text for u in no_label.credits] == ["Agency"]
    plain = parse_bulletin(one_event(tail="credits: [Agency, Studio]\n"), "x.yaml")
    assert plain.credits_label is None and [u.id for u in plain.credits] == ["credits/c1", "credits/c2"]
    assert parse_bulletin(one_event(), "x.yaml").credits == ()


@pytest.mark.parametrize(("tail", "line", "message"), [
    ("credits: Agency\n", 10, "credits must be a list, or a mapping {label: ..., items: [...]}"),
    ("credits:\n  label: Photos\n", 11, "credits: missing required field 'items'"),
    ("credits:\n  label: Photos\n  items: []\n", 12, "credits: a label needs at least one item"),
    ("credits:\n  title: Photos\n  items: [A]\n", 11, "credits: unknown field 'title' (allowed: items, label)"),
    ("credits:\n  label: {text: Photos, id: pics}\n  items: [A]\n", 11, "credits label: unknown field 'id' (allowed: text, note)"),
])
def test_bad_credits(tail, line, message):
    with pytest.raises(SourceError) as info:
        parse_bulletin(one_event(tail=tail), "x.yaml")
    assert (info.value.line, info.value.message) == (line, message)


@pytest.mark.parametrize(("date", "message"), [
    ("2026-04-01 to 2026-04-30", "bad date '2026-04-01 to 2026-04-30' (expected YYYY-MM-DD, YYYY-MM, or a range YYYY-MM-DD/YYYY-MM-DD)"),
    ("April 2026", "bad date 'April 2026' (expected YYYY-MM-DD, YYYY-MM, or a range YYYY-MM-DD/YYYY-MM-DD)"),
    ("2026-04-01/2026-04-3x", "bad date '2026-04-01/2026-04-3x' (expected YYYY-MM-DD, YYYY-MM, or a range YYYY-MM-DD/YYYY-MM-DD)"),
    ("2026-04-01/2026-04-02/2026-04-03", "bad date '2026-04-01/2026-04-02/2026-04-03' (expected YYYY-MM-DD, YYYY-MM, or a range"),
    ("2025-06-31", "bad date '2025-06-31' (day is out of range for month)"),
    ("2026-04/2026-05", "a date range needs full dates (YYYY-MM-DD/YYYY-MM-DD), got '2026-04/2026-05'"),
])
def test_date_errors_show_the_accepted_forms(date, message):
    with pytest.raises(SourceError) as info:
        parse_bulletin(one_event(f'    dates: ["{date}"]\n'), "x.yaml")
    assert info.value.line == 9
    assert str(info.value).startswith(f"x.yaml:9: event 'a' date: {message}")


def test_an_event_may_have_no_dates_places_or_countries_or_a_when_only():
    bare = parse_bulletin(one_event(), "x.yaml").events[0]
    assert (bare.dates, bare.when, bare.places, bare.countries) == ((), None, (), ())
    vague = parse_bulletin(one_event("    when: Since spring\n"), "x.yaml").events[0]
    assert vague.dates == () and vague.when.text == "Since spring" and vague.when.id == "a/when"


def test_paragraphs_and_items_may_name_themselves_other_units_may_not():
    bulletin = parse_bulletin(HEAD.replace("intro: [{p: I.}]", "intro: [{p: I.}, {p: J., id: outlook}]")
                              + "events:\n  - id: a\n    title: A\n    body: [{p: B., id: lead}, {list: [{text: C., id: c}]}]\n",
                              "x.yaml")
    assert [u.id for u in bulletin.units()] == ["title", "intro/p1", "intro/outlook", "a/title", "a/lead", "a/c"]
    with pytest.raises(SourceError, match=r"intro paragraph: duplicate|duplicate block id 'p1'"):
        parse_bulletin(HEAD.replace("intro: [{p: I.}]", "intro: [{p: I.}, {p: J., id: p1}]") + "events: [{id: a, title: A, body: [{p: B.}]}]\n",
                       "x.yaml")
    with pytest.raises(SourceError, match=r"event 'a' title: unknown field 'id' \(allowed: text, note\)"):
        parse_bulletin(one_event().replace("title: A", "title: {text: A, id: t}"), "x.yaml")


def test_the_field_tables_are_the_loader_s():
    from silkpress import source

    with pytest.raises(SourceError, match="allowed: " + ", ".join(source.BULLETIN_FIELDS[0] + source.BULLETIN_FIELDS[1])):
        parse_bulletin(HEAD + "events: [{id: a, title: A, body: [{p: B.}]}]\nextra: 1\n", "x.yaml")
    with pytest.raises(SourceError, match="allowed: " + ", ".join(source.EVENT_REQUIRED + tuple(source.EVENT_FIELDS))):
        parse_bulletin(one_event("    venue: V\n"), "x.yaml")
