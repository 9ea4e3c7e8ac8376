"""Stage 4: render localized bulletins to HTML with Jinja2.

Autoescaping is on for every template, and translations are escaped before
Jinja marks them safe, so a catalog can never inject markup.
"""

from __future__ import annotations

import logging
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import jinja2
import jinja2.bccache
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from .catalogs import Translations
from .errors import CatalogError, TemplateError
from .fonts import css_string
from .inputs import decode, exists, read_input
from .localization import join_list
from .overrides import HouseStyle, house_style
from .urls import LINKS, safe_url, text_links

logger = logging.getLogger(__name__)

PAGE, PAGES = "\x01page\x01", "\x01pages\x01"


def _escaped(function):
    def wrapper(*args: Any) -> Markup:
        return escape(function(*args))

    return wrapper


def page_pattern_css(pattern: str) -> Markup:
    """Turn a translated "Page N of M" into a CSS ``content`` value with page counters."""
    text = Markup(pattern).unescape() if isinstance(pattern, Markup) else pattern
    parts: list[str] = []
    for index, chunk in enumerate(text.split(PAGE)):
        if index:
            parts.append("counter(page)")
        for sub_index, piece in enumerate(chunk.split(PAGES)):
            if sub_index:
                parts.append("counter(pages)")
            if piece:
                parts.append(css_string(piece))
    return Markup(" ".join(parts) or '""')


# The inline markup a unit may carry: emphasis, strong, and links taken from the source.
INLINE_TAG = re.compile(r'<(/?)(em|strong|a)((?:\s+href="[^"<>]*")?)\s*>')


def _source_links(source: str) -> set[str]:
    """The links of the source text that the allowlist accepts (web pages, mail addresses)."""
    return {href for href in text_links(source) if safe_url(href, LINKS)}


def inline(text: object) -> Markup:
    """A unit's text as HTML: everything escaped except <em>, <strong> and <a href="…"> whose href
    appears in the source text and is allowed (:mod:`silkpress.urls`). Unbalanced tags are closed
    or dropped."""
    value = str(text)
    allowed_links = _source_links(getattr(text, "source", "") or value)
    out: list[str] = []
    open_tags: list[str] = []
    position = 0
    for match in INLINE_TAG.finditer(value):
        out.append(str(escape(value[position : match.start()])))
        position = match.end()
        closing, name, attributes = match.group(1), match.group(2), match.group(3)
        if closing:
            if open_tags and open_tags[-1] == name:
                out.append(f"</{open_tags.pop()}>")
            else:
                out.append(str(escape(match.group(0))))
            continue
        if name == "a":
            href = re.search(r'href="([^"]*)"', attributes)
            if href is None or href.group(1) not in allowed_links:
                out.append(str(escape(match.group(0))))
                continue
            out.append(str(Markup('<a href="{}">').format(href.group(1))))
        elif attributes:
            out.append(str(escape(match.group(0))))
            continue
        else:
            out.append(f"<{name}>")
        open_tags.append(name)
    out.append(str(escape(value[position:])))
    out.extend(f"</{name}>" for name in reversed(open_tags))
    return Markup("".join(out))


def join_markup(items: list[Markup], locale: str, style: HouseStyle | None = None) -> Markup:
    """Join already-rendered pieces with the list pattern ("A, B and C", "A、B和C")."""
    tokens = [f"\ue000{index}\ue001" for index in range(len(items))]
    joined = str(escape(join_list(tokens, locale, style)))
    for token, item in zip(tokens, items):
        joined = joined.replace(token, str(item))
    return Markup(joined)


def time_list(dates, locale: str, style: HouseStyle | None = None) -> Markup:
    """Dates as <time datetime> elements, joined as a list in the edition's language.

    HTML has no interval syntax for ``datetime``, so a range carries its start
    there and its end in ``data-end``.
    """
    pieces = []
    for date in dates:
        start, _, end = date.iso.partition("/")
        if end:
            pieces.append(Markup('<time datetime="{}" data-end="{}">{}</time>').format(start, end, date.text))
        else:
            pieces.append(Markup('<time datetime="{}">{}</time>').format(start, date.text))
    return join_markup(pieces, locale, style)


@dataclass(frozen=True)
class TemplateFolder:
    """A folder of templates, and how messages name it."""

    path: Path
    shown: str


def _pieces(relative: str) -> list[str]:
    try:
        return split_template_path(relative)
    except jinja2.TemplateNotFound as error:
        raise TemplateError("not a path inside templates/", f"templates/{relative}") from error


def find_template(folders: Sequence[TemplateFolder], relative: str) -> tuple[TemplateFolder, Path] | None:
    """The first folder that has ``relative`` (a project's own templates/ come before the theme's)."""
    pieces = _pieces(relative)
    for folder in folders:
        path = folder.path.joinpath(*pieces)
        if exists(path):
            return folder, path
    return None


def read_template_file(folders: Sequence[TemplateFolder], relative: str) -> bytes:
    """A template file (a template, web.css, ...) from the first folder that has it, read under the
    templates' policy: nothing that points outside its folder, no device or FIFO, nothing huge."""
    found = find_template(folders, relative)
    if found is None:
        raise TemplateError("file not found", f"templates/{'/'.join(_pieces(relative))}")
    folder, path = found
    return read_input(path, "template", f"{folder.shown}/{'/'.join(_pieces(relative))}", folder.path)


class TemplateLoader(jinja2.BaseLoader):
    """Templates from a search path of folders, file by file: no symlink out of a folder, no
    device or FIFO, nothing huge."""

    def __init__(self, folders: Sequence[TemplateFolder]) -> None:
        self.folders = tuple(folders)
        self.searchpath = [str(folder.path) for folder in self.folders]

    def get_source(self, environment: jinja2.Environment, template: str):  # type: ignore[override]
        found = find_template(self.folders, template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        folder, path = found
        shown = f"{folder.shown}/{'/'.join(split_template_path(template))}"
        text = decode(read_input(path, "template", shown, folder.path), "template", shown)
        real = path.resolve()
        mtime = real.stat().st_mtime
        return text, str(path), lambda: real.exists() and real.stat().st_mtime == mtime

    def list_templates(self) -> list[str]:
        return sorted({p.relative_to(f.path).as_posix() for f in self.folders for p in f.path.rglob("*") if p.is_file()})

    def shown(self, filename: str) -> str | None:
        """How messages name a template file of one of the folders."""
        for folder in self.folders:
            try:
                return f"{folder.shown}/{Path(filename).resolve().relative_to(folder.path.resolve()).as_posix()}"
            except ValueError:
                continue
        return None


class _SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates shared by the per-locale environments of a process: each template is
    compiled once, not once per locale. Keys include a checksum of the source."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _SharedBytecode()


# How each gettext callable's arguments name its message: (msgctxt, msgid).
_MESSAGE_KEYS: dict[str, Callable[..., tuple[str | None, str]]] = {
    "gettext": lambda string, *rest: (None, string),
    "ngettext": lambda singular, *rest: (None, singular),
    "pgettext": lambda context, string, *rest: (context, string),
    "npgettext": lambda context, singular, *rest: (context, singular),
}


class InterfaceText(Markup):
    """An interface string as a draft's gettext returns it: the text, and ``state``, whether the
    edition's catalogs (the project's, then the theme's) translate it: ``translated``, ``fuzzy``
    or ``untranslated``. It renders as plain text; the ``ui`` filter marks it."""

    state = "translated"


def _located(
    function: Any, key_of: Callable[..., tuple[str | None, str]], translations: Translations, catalog: str | None, marks: bool,
) -> Any:
    """Jinja's gettext callable, but a translation that does not format (``%``) is a CatalogError at
    its .po line, not a template error: the translator, not the template, has to fix it. With
    ``marks``, the text says whether it is translated (:class:`InterfaceText`)."""

    @jinja2.pass_context
    def call(context: jinja2.runtime.Context, *args: Any, **variables: Any) -> Any:
        try:
            text = function(context, *args, **variables)
        except (TypeError, ValueError, KeyError) as error:
            key = key_of(*args)
            if catalog is None or (key not in translations.messages and key not in translations.plurals):
                raise  # the English itself: the template's to fix
            message = f"the translation of {key[1]!r} does not format: {type(error).__name__}: {error}"
            raise CatalogError(message, catalog, translations.lines.get(key)) from error
        if not marks:
            return text
        marked = InterfaceText(text)
        marked.state = translations.state(*key_of(*args))
        return marked

    return call


def _ui(draft_lang: str | None) -> Callable[[Any], Any]:
    """The ``ui`` filter: in a draft, an interface string no catalog translates, wrapped as the
    theme marks bulletin text (``lang`` of the source, ``data-l10n``). Templates apply it only
    where the text is element content, never in an attribute, a <title>, CSS, JSON-LD or a feed."""

    def ui(text: Any) -> Any:
        state = getattr(text, "state", "translated")
        if draft_lang is None or state == "translated":
            return text
        return Markup('<span lang="{}" data-l10n="{}">{}</span>').format(draft_lang, state, text)

    return ui


def _for(style: HouseStyle, locale: str) -> HouseStyle | None:
    return style if style.locale == locale else None


def make_environment(
    folders: Sequence[TemplateFolder], translations: Translations, catalog: str | None = None, draft_lang: str | None = None,
    style: HouseStyle | None = None,
) -> jinja2.Environment:
    """A Jinja2 environment for one locale: i18n, autoescape everywhere, strict undefined.

    ``catalog`` is the catalog's path as messages show it, for errors in its translations. With
    ``draft_lang`` (a draft's source language tag), the ``ui`` filter marks the interface strings
    that ``translations`` does not translate; without it (a release, the source locale), it never does.
    ``style``: the edition's overrides of CLDR for lists (by default read from ``translations``)."""
    env = jinja2.Environment(
        bytecode_cache=_BYTECODE,
        loader=TemplateLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _escaped(translations.gettext),
        _escaped(translations.ngettext),
        newstyle=True,
        pgettext=_escaped(translations.pgettext),
        npgettext=_escaped(translations.npgettext),
    )
    for name, key_of in _MESSAGE_KEYS.items():
        env.globals[name] = _located(env.globals[name], key_of, translations, catalog, draft_lang is not None)
    env.filters["ui"] = _ui(draft_lang)
    env.policies["ext.i18n.trimmed"] = True
    # tojson (JSON-LD) keeps the text readable; it still escapes <, >, & and ' for <script>.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False, "indent": 1}
    env.filters["page_pattern_css"] = page_pattern_css
    env.filters["css_string"] = lambda text: Markup(css_string(str(text)))
    # lists in the edition's language, with its catalog's list patterns (list/<part>) over CLDR's
    style = style or house_style(translations.locale, translations.messages)  # the edition's, when it has one
    env.filters["join_list"] = lambda items, locale: join_list([str(item) for item in items], locale, _for(style, locale))
    env.filters["time_list"] = lambda dates, locale: time_list(dates, locale, _for(style, locale))
    env.filters["inline"] = inline
    # Every URL a template writes from data goes through the allowlist: "" when refused.
    env.filters["safe_url"] = lambda url: safe_url(str(url) if url else None) or ""
    env.globals.update(PAGE=PAGE, PAGES=PAGES)
    return env


def _template_line(error: BaseException, loader: TemplateLoader | None) -> tuple[str | None, int | None]:
    """The innermost template frame of a rendering error (Jinja rewrites tracebacks to template lines)."""
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(error.__traceback__):
        if loader is not None and loader.shown(frame.filename) is not None:
            found = (frame.filename, frame.lineno)
    return found


def render_template(env: jinja2.Environment, name: str, display_root: Path, **context: Any) -> str:
    """Render ``name``; Jinja errors become TemplateError with the template's path and line."""
    loader = env.loader if isinstance(env.loader, TemplateLoader) else None

    def shown(filename: str | None) -> str:
        if filename is None:
            return f"templates/{name}"
        try:
            return Path(filename).resolve().relative_to(display_root).as_posix()
        except ValueError:
            return (loader.shown(filename) if loader else None) or filename

    try:
        template = env.get_template(name)
        return template.render(**context)
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(error.message or "template syntax error", shown(error.filename), error.lineno) from error
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"template not found: {error.name}", shown(None)) from error
    except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError) as error:
        filename, line = _template_line(error, loader)
        message = getattr(error, "message", None) or str(error)
        raise TemplateError(f"error while rendering: {message}", shown(filename), line) from error
