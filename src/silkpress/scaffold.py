"""``silkpress new``: a new project that builds at once.

:func:`new_project` writes the configuration, a commented example source that shows every
field, a catalog for each locale besides the source's (made by ``init`` from that source), a
``.gitignore``, an empty ``templates/`` and a README with the next steps. Everything is made
and checked in a temporary folder beside the target and moved into place only when it is
complete, so a refusal or a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from string import Template
from typing import Iterable

from .errors import ConfigError, SilkpressError
from .limits import MAX_NAME
from .project import STATE_DIR, Project, check_locale, load_project

__all__ = ["default_locales", "new_project", "project_files", "summary"]

DOMAIN = "bulletin"
FALLBACK_NAME = "bulletin"


def default_locales(source_locale: str) -> tuple[str, ...]:
    """The locales of a project made without ``--locale``: the source locale, then every locale
    the default theme's interface is translated into (zh_Hans, en, ru, kk, uz)."""
    from .profiles import derived_locales
    from .theme import locales

    order = ("zh_Hans", "en", "ru", "kk", "uz")
    # the script variants (uz_Cyrl, kk_Latn) are derived from their parents, not translated: asked for by name
    translated = [locale for locale in locales() if locale not in derived_locales(locales())]
    theme = sorted(translated, key=lambda locale: (order.index(locale) if locale in order else len(order), locale))
    return (source_locale, *(locale for locale in theme if locale != source_locale))


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:MAX_NAME].strip("-")
    return slug if slug and re.match(r"^[a-z0-9]", slug) else ""


def _locales(shown: str, locales: Iterable[str] | None, source_locale: str) -> tuple[str, ...]:
    """The project's locales in chooser order, the source locale first when it is not named; each
    one checked as ``load_project`` would (a CLDR id, in a script silkpress has fonts for)."""
    from .profiles import profile_for

    chosen = list(dict.fromkeys(locales or ()))
    if not chosen:
        chosen = list(default_locales(source_locale))
    elif source_locale not in chosen:
        chosen.insert(0, source_locale)
    for locale in chosen:
        try:
            check_locale(locale)
            profile_for(locale)
        except ConfigError as error:
            raise ConfigError(error.message, shown) from error
    return tuple(chosen)


def _free(target: Path, shown: str, staging: str | None = None) -> None:
    """Refuse anything but a new or empty folder (``staging``, our own folder inside it, aside)."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise ConfigError("not a folder; silkpress new needs a new or empty folder", shown)
    if target.is_dir() and any(entry.name != staging for entry in target.iterdir()):
        raise ConfigError("not empty; silkpress new needs a new or empty folder", shown)


def new_project(path: str | Path, title: str | None = None, locales: Iterable[str] | None = None,
                source_locale: str = "en") -> Project:
    """Create a project in ``path`` (a new or empty folder) that builds at once, and return it.

    ``locales`` are CLDR ids in chooser order; the source locale is added first when missing.
    Without them, the project has the source locale and the locales the theme translates
    (:func:`default_locales`). ``title`` defaults to the folder's name. Raises
    :class:`ConfigError` (with ``path``) for a non-empty folder, a bad locale or a bad title,
    and writes nothing then.
    """
    from .source import parse_bulletin

    shown = str(path)
    target = Path(os.path.abspath(path))
    _free(target, shown)
    try:
        check_locale(source_locale)
    except ConfigError as error:
        raise ConfigError(f"source locale: {error.message}", shown) from error
    chosen = _locales(shown, locales, source_locale)
    name = _slug(target.name) or _slug(title or "") or FALLBACK_NAME
    title = _title(title, target.name, shown)
    source, relative = _source(name, title, dt.date.today()), f"source/{name}.yaml"
    try:
        parse_bulletin(source, relative)  # as every build will check it
    except SilkpressError as error:
        raise ConfigError(f"the title cannot be used: {error.message}", shown) from error
    files = {
        "pyproject.toml": _pyproject(relative, chosen, source_locale, name),
        relative: source,
        ".gitignore": GITIGNORE,
        "templates/README.md": TEMPLATES_README,
        "README.md": _readme(title, relative, chosen, source_locale),
    }
    try:
        _create(target, shown, files, chosen, source_locale)
    except OSError as error:
        raise ConfigError(f"cannot create the project: {error.strerror or error}", shown) from error
    return load_project(target)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _title(title: str | None, folder: str, shown: str) -> str:
    if title is None:
        words = re.sub(r"[-_]+", " ", folder).strip()
        return words[:1].upper() + words[1:] if words else "My bulletin"
    if "\n" in title or "\r" in title or not title.strip():
        raise ConfigError("the title must be one line of text", shown)
    return title.strip()


def _create(target: Path, shown: str, files: dict[str, str], locales: tuple[str, ...], source_locale: str) -> None:
    """Make the project in a temporary folder (inside ``target`` when that exists, else beside it)
    and move it into place only when it is complete: a failure leaves nothing behind."""
    existing = target.is_dir()
    if not existing:
        target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".silkpress-new.", dir=target if existing else target.parent))
    try:
        if not existing:
            staging.chmod(0o777 & ~_umask())  # as mkdir would make it (mkdtemp's folder is private)
        _write_project(staging, files, locales, source_locale)
        if not existing:
            staging.rename(target)  # fails if a folder that is not empty appeared there meanwhile
            return
        _free(target, shown, staging.name)  # still empty?
        for entry in sorted(staging.iterdir()):
            entry.rename(target / entry.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_project(root: Path, files: dict[str, str], locales: tuple[str, ...], source_locale: str) -> None:
    """Write the project's files into ``root``, load it as any command would, and make its catalogs."""
    from .i18n import extract_messages, init_catalog, write_template

    for file, text in files.items():
        (root / file).parent.mkdir(parents=True, exist_ok=True)
        (root / file).write_text(text, encoding="utf-8")
    bulletin = load_project(root).bulletins[0]
    template = extract_messages(bulletin)
    write_template(bulletin, template)
    for locale in locales:
        if locale != source_locale:
            init_catalog(bulletin, template, locale)


def project_files(project: Project) -> list[str]:
    """The files of a project, relative to its root, without build state or output (what ``new`` made)."""
    skip = (STATE_DIR, project.dist_dir.name)
    return sorted(path.relative_to(project.root).as_posix() for path in project.root.rglob("*")
                  if path.is_file() and path.relative_to(project.root).parts[0] not in skip)


def summary(project: Project, folder: str | Path) -> str:
    """What ``silkpress new`` reports: the folder, its locales, the files made and what to do next."""
    lines = [f"created {folder} with {len(project.locales)} locale(s): {', '.join(project.locales)}"]
    lines += [f"  {name}" for name in project_files(project)]
    lines.append(f"next: cd {folder}, replace the example text in {project.relative(project.sources[0])}, "
                 "then 'silkpress update' and 'silkpress build' (README.md lists every step)")
    return "\n".join(lines)


def _toml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(json.dumps(value) for value in values) + "]"


def _pyproject(source: str, locales: tuple[str, ...], source_locale: str, name: str) -> str:
    return PYPROJECT.substitute(source=json.dumps(source), locales=_toml_list(locales),
                                source_locale=json.dumps(source_locale), domain=json.dumps(DOMAIN), domain_name=DOMAIN,
                                name=name)


def _source(name: str, title: str, today: dt.date) -> str:
    return SOURCE.substitute(name=name, title=json.dumps(title, ensure_ascii=False), today=today.isoformat(),
                             year=today.year)


def _language(locale: str) -> str:
    from babel import Locale

    return Locale.parse(locale).get_display_name("en") or locale


def _readme(title: str, source: str, locales: tuple[str, ...], source_locale: str) -> str:
    others = [locale for locale in locales if locale != source_locale]
    catalogs = "\n".join(f"   - `locales/{locale}/LC_MESSAGES/{DOMAIN}.po` ({_language(locale)})" for locale in others)
    one = others[0] if others else "LOCALE"
    return README.substitute(
        title=title, source=source, source_language=_language(source_locale), locales=", ".join(locales),
        catalogs=catalogs or "   - (none yet: add a locale to `locales` in pyproject.toml, then `silkpress init LOCALE`)",
        one=one, domain=DOMAIN,
    )


PYPROJECT = Template("""\
# A silkpress project: one bulletin source + gettext catalogs -> web and PDF editions in dist/.
# Every setting is checked when silkpress starts; see "Configuration" in silkpress's README.

[tool.silkpress]
# The bulletin (or a list of them).
source = $source
# The catalogs' name: locales/<locale>/LC_MESSAGES/$domain_name.po
domain = $domain
# CLDR locale ids, in the chooser's order.
locales = $locales
# The language the source is written in.
source-locale = $source_locale
# Where dist/ will be published: canonical URLs, hreflang alternates, OpenGraph and the sitemap.
# base-url = "https://example.org/bulletins/$name/"

# BCP 47 tags where they differ from the locale id (they name the folders of dist/).
# [tool.silkpress.language-tags]
# uz = "uz-Latn"

# [tool.silkpress.print]
# event-break = "page"        # each event on a new PDF page (default: "continuous")
# pdf-variant = "pdf/a-3b"    # archival PDFs (default: "pdf/ua-1", tagged and accessible)
""")

SOURCE = Template("""\
# The bulletin source: the one place where the bulletin's own text is written.
#
# Every piece of text below is one translatable unit: one message in each catalog
# (locales/<locale>/LC_MESSAGES/bulletin.po), whose msgctxt says where it sits
# ("title", "intro/p1", "rail-link/p2" ...). After an edit, run `silkpress update`.
# Text may carry <em>, <strong> and <a href="https://...">; anything else is shown as written,
# and a % is just a character. This example shows every field: replace its text with yours.

id: $name                     # lowercase letters, digits and '-'; names the PDFs ($name-en.pdf)
title: $title
subtitle: A short example bulletin to replace with your own   # optional
published: $today              # the publication date (YYYY-MM-DD); the pages never use the clock
publisher:
  name: Example Newsroom            # on the cover and in the PDF's metadata (not translated)
  url: https://example.org/         # optional; https: or http: only
issuers:                            # optional: organizations named on the cover (translated)
  - Example Newsroom, regional desk
places:                             # optional: place id -> name, translated once for every event
  almaty: Almaty
  tashkent: Tashkent
  bishkek: Bishkek

intro:                              # a list of paragraphs
  - p: This bulletin collects three events of $year in short entries.
  - p: Each entry has a title, its dates, places and countries, and a few paragraphs.

events:                             # numbered 1, 2, 3 ... in this order
  - id: rail-link                   # the page anchor (#rail-link), the same in every edition
    title:                          # any text may be {text: ..., note: ...}
      text: New rail link opens between Almaty and Tashkent
      note: A note for translators; it reaches every catalog as a "#." comment.
    dates: [$year-03-12]            # a day ...
    places: [almaty, tashkent]      # place ids declared under places
    countries: [KZ, UZ]             # ISO 3166-1 alpha-2 codes; every edition names them from CLDR
    body:                           # paragraphs (p) and lists, in order
      - p: The first direct passenger train ran on March 12, with 420 seats.
      - p: 62% of the tickets for the first month were sold in the first week.
        note: Keep the number as a number.
      - list:
          - Two trains a week until May.
          - text: A daily train from June.
            note: One train every day.

  - id: book-fair
    title: Regional book fair opens its doors
    dates: [$year-04]               # ... a month ...
    when: Every weekend in April    # optional: a date in words, where dates cannot say it
    places: [almaty]
    countries: [KZ]
    body:
      - id: program                 # optional: keeps this paragraph's msgctxt (book-fair/program)
        p: Publishers from five countries show <em>new translations</em> of regional authors.

  - id: water-forum
    title: Water forum agrees on a shared data portal
    dates: [$year-05-20/$year-05-22]   # ... or a range of days (start/end)
    places: [bishkek]
    countries: [KZ, KG, TJ, TM, UZ]
    body:
      - p: Experts from five countries met for three days in Bishkek.
      - p: More at <a href="https://example.org/water">the forum's page</a>.

credits:                            # optional: a label and its credit lines (or just a list of lines)
  label: Photos                     # optional ("Credits" by default); translated like any text
  items:
    - Example Newsroom photo desk
""")

GITIGNORE = """\
# silkpress's output and its build state (the lock, caches, staged files)
/dist/
.silkpress/
*.mo
"""

TEMPLATES_README = """\
A file here overrides silkpress's default theme file by file: copy one from the theme (silkpress/theme/templates/ in the installed package, such as edition.html or print.css) and edit it.
"""

README = Template("""\
# $title

A bulletin made with silkpress: one source in $source_language, gettext catalogs for the other
languages, and web and PDF editions built into `dist/`. Locales: $locales.

| path | what |
|---|---|
| `pyproject.toml` | the settings, under `[tool.silkpress]` |
| `$source` | the bulletin: every piece of text, dates, places, countries |
| `locales/<locale>/LC_MESSAGES/$domain.po` | one catalog per language; `locales/$domain.pot` is their template |
| `templates/` | your own templates, overriding silkpress's default theme file by file (empty at first) |
| `dist/` | the output (not committed) |

## Next steps

Run every command in this folder (or add `--project PATH`).

1. **Edit the source.** Replace the example text in `$source` with yours; its comments
   describe every field.
2. **Update the catalogs.** `silkpress update` brings every catalog up to date with the source
   (a changed text becomes fuzzy, with the old text kept for the translator).
3. **Translate.** Fill in each `msgstr` in the catalogs, in any PO editor (Poedit, Lokalize,
   Weblate) or by hand, and remove a `#, fuzzy` line once its translation is right:
$catalogs
4. **Check.** `silkpress check` runs every check; `silkpress stats` shows what is left to
   translate.
5. **Build a draft.** `silkpress build` writes `dist/index.html` (the language chooser) and each
   edition's page and PDF; text still untranslated shows in the source language, highlighted.
6. **Preview.** `silkpress serve` rebuilds and reloads the pages in your browser at every save.
7. **Release.** `silkpress build --release` publishes only when every edition is fully
   translated and checked; `silkpress build --release --min-complete 100` publishes the complete
   ones and leaves the others out.

To add a language: add it to `locales` in `pyproject.toml`, then `silkpress init LOCALE`
(for example `silkpress init $one`).
""")
