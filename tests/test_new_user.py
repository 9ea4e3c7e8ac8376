"""Issue 14's "done when": a new user's whole way from an empty folder to a release, with only the
CLI (``python -m silkpress`` in subprocesses) and a text editor on the source and the catalogs."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.slow  # PDFs, and a subprocess per command

PERCENT = "62% of passengers ride every day."
SOURCE = f"""\
id: notes
title: Spring Notes
published: 2026-05-04
publisher: {{name: Example Desk, url: https://example.org/}}
places:
  almaty: Almaty
intro:
  - p: Three short notes from the spring.
events:
  - id: survey
    title: Riders answer a survey
    dates: [2026-03]
    places: [almaty]
    countries: [KZ]
    body:
      - p: {PERCENT}
  - id: buses
    title: New buses arrive
    dates: [2026-04-02/2026-04-09]
    countries: [KZ, UZ]
    body:
      - p: The city bought 40 buses.
  - id: fair
    title: A book fair opens
    dates: [2026-04-20]
    body:
      - list:
          - Publishers from 5 countries
          - Readings for children
"""
RUSSIAN = {
    "title": "Весенние заметки", "intro/p1": "Три короткие заметки о весне.", "survey/title": "Пассажиры ответили на опрос",
    "survey/p1": "62% пассажиров ездят каждый день.", "buses/title": "Прибыли новые автобусы",
    "buses/p1": "Город купил 40 автобусов.", "fair/title": "Открылась книжная ярмарка",
    "fair/item1": "Издательства из 5 стран", "fair/item2": "Чтения для детей", "places/almaty": "Алматы",
}
KAZAKH = {"title": "Көктемгі жазбалар", "survey/p1": "Жолаушылардың 62%-ы күн сайын жүреді.", "places/almaty": "Алматы"}
KAZAKH_LEFT = ["intro/p1", "survey/title", "buses/title", "buses/p1", "fair/title", "fair/item1", "fair/item2"]


def silkpress(cwd, *args):
    return subprocess.run([sys.executable, "-m", "silkpress", *args], cwd=cwd, capture_output=True, text=True, check=False)


def ok(cwd, *args):
    done = silkpress(cwd, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def translate(po, translations):
    """Fill in msgstr for the msgctxts given, as a translator does in a text editor."""
    text = po.read_text(encoding="utf-8")
    for context, translation in translations.items():
        entry = re.compile(rf'(^msgctxt "{re.escape(context)}"\n(?:msgid .*\n|".*"\n)+)msgstr ""\n', re.MULTILINE)
        text, count = entry.subn(lambda found: found.group(1) + f'msgstr "{translation}"\n', text)
        assert count == 1, context
    po.write_text(text, encoding="utf-8")


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def pdf_text(path):
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def chooser_names(dist):
    page = (dist / "index.html").read_text(encoding="utf-8")
    return dict(re.findall(r'<li lang="([\w-]+)"[^>]*>\s*<a class="language"[^>]*>([^<]+)</a>', page))


def test_a_new_user_goes_from_an_empty_folder_to_a_release(tmp_path):
    created = ok(tmp_path, "new", "notes", "--title", "Spring Notes", "--locale", "en", "--locale", "ru", "--locale", "kk")
    assert created.stdout.startswith("created notes with 3 locale(s): en, ru, kk")
    root, dist = tmp_path / "notes", tmp_path / "notes" / "dist"
    (root / "source" / "notes.yaml").write_text(SOURCE, encoding="utf-8")
    assert "21 messages" in ok(root, "extract").stdout  # 10 units; 11 overrides of CLDR (2 countries, 5 date kinds, 4 list parts)
    ok(root, "update")
    ru, kk = (root / "locales" / locale / "LC_MESSAGES" / "bulletin.po" for locale in ("ru", "kk"))
    assert "python-format" not in ru.read_text(encoding="utf-8")  # "62% o..." is text, not a format
    translate(ru, RUSSIAN)
    translate(kk, KAZAKH)
    check = ok(root, "check")
    assert check.stderr.strip().splitlines()[-1] == f"0 error(s), {len(KAZAKH_LEFT)} warning(s)"

    # a draft: every edition, the untranslated units marked
    ok(root, "build")
    for tag in ("en", "ru", "kk"):
        assert (dist / tag / "index.html").is_file() and (dist / tag / f"notes-{tag}.pdf").is_file()
    kazakh_page = (dist / "kk" / "index.html").read_text(encoding="utf-8")
    assert kazakh_page.count('data-l10n="untranslated"') >= len(KAZAKH_LEFT)
    assert 'lang="en" data-l10n="untranslated">The city bought 40 buses.<' in kazakh_page
    assert "data-l10n" not in re.sub(r"<style.*?</style>", "", (dist / "ru" / "index.html").read_text(encoding="utf-8"), flags=re.S)
    assert chooser_names(dist) == {"en": "English", "ru": "Русский", "kk": "Қазақша"}  # each in its own language
    for tag, sentence in (("en", PERCENT), ("ru", RUSSIAN["survey/p1"]), ("kk", KAZAKH["survey/p1"])):
        assert sentence in (dist / tag / "index.html").read_text(encoding="utf-8"), tag  # the % as written
        assert sentence in pdf_text(dist / tag / f"notes-{tag}.pdf"), tag

    # a release is refused while Kazakh is incomplete, and dist/ stays as it was
    before = files(dist)
    refused = silkpress(root, "build", "--release")
    assert refused.returncode == 1
    for context in KAZAKH_LEFT:
        assert re.search(rf"^locales/kk/LC_MESSAGES/bulletin\.po:\d+: error: \[untranslated\] .*\({re.escape(context)}\)$",
                         refused.stderr, re.MULTILINE), context
    assert files(dist) == before

    # with --min-complete 100, the complete locale is published with the source locale
    released = ok(root, "build", "--release", "--min-complete", "100")
    assert "left out: kk" in released.stdout
    assert sorted(p.name for p in dist.iterdir() if p.is_dir()) == ["assets", "en", "ru"]
    assert chooser_names(dist) == {"en": "English", "ru": "Русский"}
    assert PERCENT in pdf_text(dist / "en" / "notes-en.pdf")

    # no Chinese locale, so no Chinese font anywhere in dist/
    published = files(dist)
    assert not any("NotoSerifSC" in name for name in published)
    assert not any(b"NotoSerifSC" in data for name, data in published.items() if name.endswith((".html", ".css", ".json")))
