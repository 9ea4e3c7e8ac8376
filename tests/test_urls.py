"""The URL allowlist: what a source may link to, and what silkpress ever writes."""

from __future__ import annotations

import pytest

from silkpress import BuildOptions, ConfigError, load_project
from silkpress.catalogs import Translations
from silkpress.html import inline, make_environment
from silkpress.localization import LocalizedText
from silkpress.urls import LINKS, safe_url, url_problem
from silkpress.web import Links

from .helpers import REPO


@pytest.mark.parametrize("url", ["https://example.org/", "http://example.org/a?b=c#d", "https://xn--80ak6aa92e.com/"])
def test_web_urls_pass(url):
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>", "vbscript:msgbox", "file:///etc/passwd",
        "//evil.example/", "https:", "https:///path", "https://exa mple.org/", "https://example.org/\nSet-Cookie: x",
        "https://example.org/\"onmouseover=\"x", "ftp://example.org/", "mailto:someone@example.org", "", None,
        "https://example.org/" + "a" * 3000, "java\tscript:alert(1)", "\x00javascript:alert(1)",
    ],
)
def test_everything_else_is_refused(url):
    assert safe_url(url) is None


def test_mail_addresses_only_where_links_may_be_mail():
    assert safe_url("mailto:desk@example.org", LINKS) == "mailto:desk@example.org"
    assert safe_url("mailto:javascript:alert(1)", LINKS) is None
    assert "https: or http:" in url_problem("mailto:desk@example.org")


def test_inline_keeps_only_allowed_links_of_the_source():
    source = 'See <a href="https://example.org/">this</a> and <a href="mailto:desk@example.org">us</a>.'
    text = LocalizedText("u", source, source=source)
    html = str(inline(text))
    assert '<a href="https://example.org/">' in html and '<a href="mailto:desk@example.org">' in html
    hostile = 'See <a href="javascript:alert(1)">this</a>.'
    assert "<a href" not in str(inline(LocalizedText("u", hostile, source=hostile)))


def test_templates_never_write_a_refused_url():
    env = make_environment(load_project(REPO).template_folders, Translations("en"))
    render = env.from_string('{% if url|safe_url %}<a href="{{ url|safe_url }}">x</a>{% endif %}').render
    assert render(url="javascript:alert(1)") == ""
    assert render(url="https://example.org/") == '<a href="https://example.org/">x</a>'


def test_links_need_a_valid_base_url():
    assert Links("https://example.org/b/").absolute("en/index.html") == "https://example.org/b/en/index.html"
    assert Links("javascript:alert(1)//").absolute("en/index.html") is None
    with pytest.raises(ConfigError, match="base URL"):
        BuildOptions(base_url="javascript:alert(1)//")
