"""Release records and the change report (issue 19, part 2): ``build --release`` records what it
published in releases/, ``silkpress changes`` compares, and a corrected release adds a changes
page per locale and an entry to each feed."""

from __future__ import annotations

import json
import re
import types

import pytest

from silkpress.changes import compare_locale, edition_changes
from silkpress.errors import ReleaseError
from silkpress.profiles import profile_for
from silkpress.releases import load_record, parse_record, release_ids, sha256
from silkpress.textdiff import diff, inline, tokens

from .conftest import DATA
from .helpers import build_with, copy_project, run

FIRST, SECOND = "2026-01-01-1", "2026-01-02-1"
EPOCHS = {FIRST: "1767225600", SECOND: "1767312000"}  # 2026-01-01 and 2026-01-02, 00:00 UTC


# --- the diff ---------------------------------------------------------------------------------

def test_a_word_diff_keeps_the_words_around_an_insertion_and_a_replacement():
    assert diff("The leaders signed a treaty.", "The leaders signed a historic treaty.") == [
        ("=", "The leaders signed a "), ("+", "historic "), ("=", "treaty.")]
    assert diff("On June 17, 2025", "On June 18, 2025") == [("=", "On June "), ("-", "17"), ("+", "18"), ("=", ", 2025")]
    assert inline(diff("Новое шоссе.", "Новая автодорога.")) == "[-Новое-]{+Новая+} [-шоссе-]{+автодорога+}."
    assert diff("same", "same") == [("=", "same")] and diff("", "new") == [("+", "new")]


def test_chinese_is_compared_character_by_character_as_its_profile_says():
    assert profile_for("zh_Hans").diff_unit == "character"
    assert {profile_for(locale).diff_unit for locale in ("en", "ru", "kk", "uz")} == {"word"}
    before, after = "领导人签署了条约。", "领导人签署了历史性条约。"
    assert diff(before, after, profile_for("zh_Hans").diff_unit) == [("=", "领导人签署了"), ("+", "历史性"), ("=", "条约。")]
    # by words, a sentence without spaces is one word: the whole of it would change
    assert diff(before, after, "word") == [("-", "领导人签署了条约"), ("+", "领导人签署了历史性条约"), ("=", "。")]


@pytest.mark.parametrize("text", ["The 62% share, (again)!", "Саммит «Китай — Центральная Азия»", "Oʻzbekiston  va\nQozogʻiston"])
def test_tokens_give_the_text_back(text):
    assert "".join(tokens(text)) == text and "".join(tokens(text, "character")) == text


def test_a_locale_compares_units_added_removed_and_changed_source_apart_from_translation():
    def unit(source, text):
        return {"source": sha256(source), "sha256": sha256(text), "text": text}

    before = {"units": {"a": unit("One.", "Один."), "b": unit("Two.", "Два."), "gone": unit("Old.", "Старое.")},
              "interface": {"Contents": "Содержание"}, "cldr": {"country/KG": "Киргизия"}}
    after = {"units": {"a": unit("One!", "Один!"), "b": unit("Two.", "Двое."), "new": unit("New.", "Новое.")},
             "interface": {"Contents": "Оглавление"}, "cldr": {"country/KG": "Кыргызстан"}}
    texts = ({"a": "One.", "b": "Two.", "gone": "Old."}, {"a": "One!", "b": "Two.", "new": "New."})
    entry = compare_locale(before, after, texts, ("ru", "en"))
    assert entry["added"] == [{"unit": "new", "source": "New.", "text": "Новое."}]
    assert entry["removed"] == [{"unit": "gone", "source": "Old.", "text": "Старое."}]
    assert [(c["unit"], bool(c["source"]), bool(c["translation"])) for c in entry["changed"]] == [("a", True, True), ("b", False, True)]
    assert entry["interface"] == [{"message": "Contents", "before": "Содержание", "after": "Оглавление"}]
    assert entry["cldr"] == [{"value": "country/KG", "before": "Киргизия", "after": "Кыргызстан"}]


def test_the_changes_page_groups_changes_by_event_in_reading_order():
    def entry(units, cldr):
        return {"source-locale": "en", "events": ["visit"], "source": [[u, u] for u in units],
                "locales": {"ru": {"units": {u: {"source": sha256(u), "sha256": sha256(t), "text": t} for u, t in units.items()},
                                   "interface": {}, "cldr": cldr}}}

    before = entry({"visit/title": "Визит", "intro/p1": "Вступление"}, {"visit/dates": "1 мая"})
    after = entry({"visit/title": "Визит", "intro/p1": "Вступление.", "visit/p1": "Текст"}, {"visit/dates": "2 мая"})
    groups = edition_changes(before, after, "ru")
    assert [(g.event, g.title, [(i.kind, i.text) for i in g.items]) for g in groups] == [
        ("visit", "Визит", [("added", "Текст"), ("corrected", "2 мая")]),
        (None, "", [("corrected", "Вступление.")]),
    ]


# --- reading records --------------------------------------------------------------------------

def _releases(tmp_path, name, text):
    (tmp_path / "releases").mkdir(exist_ok=True)
    (tmp_path / "releases" / f"{name}.json").write_text(text, encoding="utf-8")
    return types.SimpleNamespace(root=tmp_path)


def _record(**changes):
    record = {"format": "silkpress-release/1", "id": FIRST, "previous": None, "date": "2026-01-01", "bulletins": {
        "b": {"source-locale": "en", "events": [], "source": [["title", "T"]], "files": {},
              "locales": {"en": {"units": {"title": {"source": sha256("T"), "sha256": sha256("T"), "text": "T"}},
                                 "interface": {}, "cldr": {}}}}}}
    record.update(changes)
    return record


def test_a_record_reads_back_and_the_releases_are_ordered_by_date_then_number(tmp_path):
    project = _releases(tmp_path, FIRST, json.dumps(_record()))
    for name in ("2026-01-01-10", "2025-12-31-2", "notes"):
        (tmp_path / "releases" / f"{name}.json").write_text("{}", encoding="utf-8")
    assert release_ids(project) == ["2025-12-31-2", FIRST, "2026-01-01-10"]  # notes.json is no record
    assert load_record(project, FIRST)["bulletins"]["b"]["source"] == [["title", "T"]]


@pytest.mark.parametrize(("text", "message"), [
    ('{\n "id": "2026-01-01-1",\n "format": ,\n}\n', r"^releases/2026-01-01-1\.json:3: not a release record: Expecting value"),
    ("[]", r"^releases/2026-01-01-1\.json: corrupt release record: the record must be a JSON object$"),
    (json.dumps(_record(id="2026-01-01-2")), r"'id' must be '2026-01-01-1', as the file is named"),
    (json.dumps(_record(format="other")), r"'format' must be 'silkpress-release/1'"),
    (json.dumps(_record()).replace('"text": "T"', '"text": "changed by hand"'),
     r"bulletins\.b\.locales\.en\.units\.title has a 'text' that does not match its 'sha256'"),
    (json.dumps(_record()).replace('[["title", "T"]]', '{"title": "T"}'), r"bulletins\.b\.source must list \[unit, text\] pairs"),
])
def test_a_corrupt_record_is_an_error_at_its_path(tmp_path, text, message):
    project = _releases(tmp_path, FIRST, text)
    with pytest.raises(ReleaseError) as error:
        load_record(project, FIRST)
    assert re.search(message, str(error.value)), str(error.value)


def test_an_unknown_release_names_the_known_ones(tmp_path):
    project = _releases(tmp_path, FIRST, json.dumps(_record()))
    with pytest.raises(ReleaseError, match=r"^releases/2026-02-01-1\.json: no release '2026-02-01-1' \(releases: 2026-01-01-1\)$"):
        load_record(project, "2026-02-01-1")
    with pytest.raises(ReleaseError, match=r"^releases: no release 'latest'"):
        load_record(project, "latest")
    with pytest.raises(ReleaseError, match="not a release record: invalid UTF-8"):
        parse_record(b"\xff{}", "releases/x.json", FIRST)


# --- two releases of a small project ------------------------------------------------------------

def _release(project, monkeypatch, release_id):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCHS[release_id])
    return build_with(project, release=True, formats=["html"])


def _edit(project):
    """One source paragraph edited and retranslated, one translation changed, one unit added."""
    source = project.sources[0]
    text = source.read_text(encoding="utf-8").replace("The leaders signed a treaty.", "The leaders signed a historic treaty.")
    source.write_text(text.replace("  - p: Leaders met in the capital.\n",
                                   "  - p: Leaders met in the capital.\n  - p: Trade grew in 2025.\n"), encoding="utf-8")
    run(project, "update", check=True)
    po = project.locales_dir / "ru" / "LC_MESSAGES" / "bulletin.po"
    text = po.read_text(encoding="utf-8").replace('#, fuzzy\n#| msgid "The leaders signed a treaty."\n', "")
    for old, new in (('msgstr "Лидеры подписали договор."', 'msgstr "Лидеры подписали исторический договор."'),
                     ('msgstr "Новое шоссе."', 'msgstr "Новая автодорога."'),
                     ('msgid "Trade grew in 2025."\nmsgstr ""', 'msgid "Trade grew in 2025."\nmsgstr "Торговля выросла в 2025 году."')):
        assert old in text
        text = text.replace(old, new)
    po.write_text(text, encoding="utf-8")


@pytest.fixture
def released(tmp_path, monkeypatch):
    """tests/data/valid (en, ru) released twice, with changes between."""
    project = copy_project(DATA / "valid", tmp_path / "valid")
    _release(project, monkeypatch, FIRST)
    _edit(project)
    _release(project, monkeypatch, SECOND)
    return project


def _source_diff():
    return {"before": "The leaders signed a treaty.", "after": "The leaders signed a historic treaty.",
            "diff": [["=", "The leaders signed a "], ["+", "historic "], ["=", "treaty."]]}


def test_the_report_of_two_releases_is_exactly_what_changed(released):
    result = run(released, "changes", "--since", FIRST, "--to", SECOND, "--format", "json", check=True)
    nothing = {"removed": [], "interface": [], "cldr": []}
    assert json.loads(result.output) == {"since": FIRST, "to": SECOND, "bulletins": [{"bulletin": "valid", "locales": [
        {"locale": "en", **nothing,
         "added": [{"unit": "intro/p2", "source": "Trade grew in 2025.", "text": "Trade grew in 2025."}],
         "changed": [{"unit": "summit/p1", "source": _source_diff(), "translation": None}]},
        {"locale": "ru", **nothing,
         "added": [{"unit": "intro/p2", "source": "Trade grew in 2025.", "text": "Торговля выросла в 2025 году."}],
         "changed": [
             {"unit": "summit/p1", "source": _source_diff(), "translation": {
                 "before": "Лидеры подписали договор.", "after": "Лидеры подписали исторический договор.",
                 "diff": [["=", "Лидеры подписали "], ["+", "исторический "], ["=", "договор."]]}},
             {"unit": "summit/item2", "source": None, "translation": {
                 "before": "Новое шоссе.", "after": "Новая автодорога.",
                 "diff": [["-", "Новое"], ["+", "Новая"], ["=", " "], ["-", "шоссе"], ["+", "автодорога"], ["=", "."]]}},
         ]},
    ]}]}
    # the current project is the latest release: nothing changed since; the same inputs, the same bytes
    latest = run(released, "changes", "--format", "json", check=True).output
    assert [entry["changed"] + entry["added"] for entry in json.loads(latest)["bulletins"][0]["locales"]] == [[], []]
    assert run(released, "changes", "--format", "json").output == latest
    text = run(released, "changes", "--since", FIRST, check=True).output
    assert "  changed summit/item2 (translation): [-Новое-]{+Новая+} [-шоссе-]{+автодорога+}.\n" in text


def test_a_release_records_what_it_published_reproducibly(released, monkeypatch):
    assert release_ids(released) == [FIRST, SECOND]
    path = released.root / "releases" / f"{SECOND}.json"
    record = json.loads(path.read_bytes())
    assert (record["id"], record["previous"], record["date"]) == (SECOND, FIRST, "2026-01-02")
    ru = record["bulletins"]["valid"]["locales"]["ru"]
    assert ru["units"]["intro/p2"] == {"source": sha256("Trade grew in 2025."), "sha256": sha256("Торговля выросла в 2025 году."),
                                       "text": "Торговля выросла в 2025 году."}
    assert ru["cldr"]["country/KZ"] == "Казахстан" and ru["interface"]["Contents"] == "Содержание"
    manifest = json.loads((released.root / "dist" / "manifest.json").read_bytes())
    assert manifest["provenance"]["release"] == {"id": SECOND, "previous": FIRST}
    assert record["bulletins"]["valid"]["files"] == {a["path"]: a["sha256"] for a in manifest["artifacts"]}
    # the same texts again: the same release, no new record, the same bytes
    before = path.read_bytes()
    _release(released, monkeypatch, SECOND)
    build_with(released, release=True, formats=["html"], force=True)
    assert release_ids(released) == [FIRST, SECOND] and path.read_bytes() == before


def test_a_failed_release_records_nothing(released, monkeypatch):
    po = released.locales_dir / "ru" / "LC_MESSAGES" / "bulletin.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Новая автодорога."', 'msgstr ""'), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767398400")
    result = run(released, "build", "--release", "--edition-format", "html")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert release_ids(released) == [FIRST, SECOND]


def test_a_corrected_release_has_a_changes_page_and_a_feed_entry_per_locale(released):
    dist = released.root / "dist"
    page = (dist / "ru" / "changes.html").read_text(encoding="utf-8").replace("\u00a0", " ")  # the typography pass's
    assert "<h1>Изменения в этом издании</h1>" in page
    assert 'Предыдущее издание: <time datetime="2026-01-01">1 января 2026\u202fг.</time>' in page
    event = page.index('href="index.html#summit"')
    other = page.index("Другие изменения")
    assert event < page.index("Исправлено</strong>Лидеры подписали исторический договор.") < other
    assert event < page.index("Исправлено</strong>Новая автодорога.") < other
    assert other < page.index("Добавлено</strong>Торговля выросла в 2025 году.")
    assert "shoss" not in page and "The leaders" not in page  # the edition's language, no English diffs
    edition = (dist / "ru" / "index.html").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert '<a href="changes.html">Изменения в этом издании</a>' in edition
    assert (dist / "en" / "changes.html").is_file()
    feed = (dist / "ru" / "feed.xml").read_text(encoding="utf-8")
    entry = feed[feed.index("<entry>"):feed.index("</entry>")]
    assert f"<id>urn:silkpress:valid:ru:release:{SECOND}</id>" in entry and '<link rel="alternate" type="text/html" href="changes.html"/>' in entry
    assert "<updated>2026-01-02T00:00:00Z</updated>" in entry and "<summary>Исправленное издание: 1. Саммит состоялся</summary>" in entry
    assert feed.index("<updated>2026-01-02T00:00:00Z</updated>") < feed.index("<entry>")  # the feed's own updated


def test_a_first_release_and_a_draft_have_no_changes_page(tmp_path, monkeypatch):
    project = copy_project(DATA / "valid", tmp_path / "valid")
    _release(project, monkeypatch, FIRST)
    assert not (project.root / "dist" / "ru" / "changes.html").exists()
    assert "<summary>" not in (project.root / "dist" / "ru" / "feed.xml").read_text(encoding="utf-8").split("<entry>")[0]
    _edit(project)
    _release(project, monkeypatch, SECOND)
    assert (project.root / "dist" / "ru" / "changes.html").is_file()
    build_with(project, formats=["html"])  # a draft: the page goes with the release it belonged to
    assert not (project.root / "dist" / "ru" / "changes.html").exists()
    assert "changes.html" not in (project.root / "dist" / "ru" / "index.html").read_text(encoding="utf-8")


def test_changes_errors_are_path_messages_without_a_traceback(released):
    unknown = run(released, "changes", "--since", "2020-01-01-1")
    assert unknown.exit_code == 1 and "Traceback" not in unknown.output
    assert unknown.stderr.strip() == f"releases/2020-01-01-1.json: no release '2020-01-01-1' (releases: {FIRST}, {SECOND})"
    (released.root / "releases" / f"{FIRST}.json").write_text("{\n  oops\n}\n", encoding="utf-8")
    corrupt = run(released, "changes", "--since", FIRST)
    assert corrupt.exit_code == 1
    assert corrupt.stderr.strip().startswith(f"releases/{FIRST}.json:2: not a release record: Expecting property name")
    assert run(released, "changes", "--help").exit_code == 0


@pytest.mark.slow
def test_the_changes_pages_pass_the_nu_checker(released):
    from .test_examples import nu_errors

    dist = released.root / "dist"
    assert nu_errors([str(dist / tag / name) for tag in ("en", "ru") for name in ("changes.html", "index.html")]) == []


@pytest.mark.slow
@pytest.mark.browser
def test_axe_finds_no_violation_on_a_changes_page(released):
    from .test_browser import axe_violations

    assert axe_violations(released.root / "dist", ["en/changes.html", "ru/changes.html"]) == {
        "en/changes.html": [], "ru/changes.html": []}


def test_a_proof_since_a_release_holds_just_the_units_added_or_changed_since(released):
    from silkpress.proofing import changed_units, proof_documents

    keep = changed_units(released, FIRST)
    assert keep == {"valid": {"en": frozenset({"intro/p2", "summit/p1"}),
                              "ru": frozenset({"intro/p2", "summit/p1", "summit/item2"})}}
    (document,) = proof_documents(released.bulletins[0], ("ru",), (), keep)
    assert [unit.id for unit in document.data.units] == ["intro/p2", "summit/p1", "summit/item2"]
    (everything,) = proof_documents(released.bulletins[0], ("ru",))
    assert len(everything.data.units) > 3
    assert changed_units(released, SECOND)["valid"]["ru"] == frozenset()  # nothing since the latest
    result = run(released, "proof", "--since", "2020-01-01-1")
    assert result.exit_code == 1 and "Traceback" not in result.output and "2020-01-01-1" in result.output
