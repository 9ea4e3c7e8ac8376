"""The one allowlist of URLs: what a source may link to, and what silkpress ever writes.

A bulletin's author is not trusted more than a translator: a ``javascript:`` or ``data:``
URL in a source would run in every reader's browser. Sources are checked at load
(:func:`silkpress.source.load_bulletin`), and every writer (pages, feeds, JSON-LD, the
sitemap, PDF links) passes URLs through :func:`safe_url` again.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

WEB = ("https", "http")
"""Schemes of pages a reader may be sent to."""
LINKS = ("https", "http", "mailto")
"""Schemes a link in running text may use."""
MAX_URL = 2000
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f\\<>\"`]")
HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def safe_url(url: str | None, schemes: tuple[str, ...] = WEB) -> str | None:
    """``url`` when it is an absolute URL with one of ``schemes`` (and a host, for http and https),
    nothing that could end an attribute or hide its scheme; None otherwise."""
    if not url or len(url) > MAX_URL or _UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in schemes or parts.scheme != parts.scheme.lower():
        return None
    if parts.scheme in WEB and not parts.hostname:
        return None
    if parts.scheme == "mailto" and not re.fullmatch(r"[^@/?#\s]+@[^@/?#\s]+", parts.path):
        return None
    return url


def url_problem(url: str, schemes: tuple[str, ...] = WEB) -> str | None:
    """Why ``url`` is refused, or None."""
    if safe_url(url, schemes) is not None:
        return None
    allowed = " or ".join(f"{scheme}:" for scheme in schemes)
    return f"{url[:80]!r} is not an absolute {allowed} URL"


def text_links(text: str) -> list[str]:
    """Every href of every <a> in ``text``."""
    return [next(group for group in match.groups() if group is not None) for match in HREF.finditer(text)]
