from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from silkpress.catalogs import Translations
from silkpress.errors import TemplateError
from silkpress.html import make_environment, page_pattern_css

from .helpers import build_with, real_tags


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **wanted: str):
        return [attrs for name, attrs in self.tags if name == tag and all(attrs.get(k) == v for k, v in wanted.items())]


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector


@pytest.fixture
def mini_site(mini, tmp_path):
    out = tmp_path / "site"
    build_with(mini, formats=["html"], out_dir=out)
    return out


@pytest.mark.slow  # a build of several editions: seconds, not milliseconds
def test_real_web_editions(real_build):
    out = real_build.out_dir
    for tag in real_tags().values():
        folder = tag
        html = (out / folder / "index.html").read_text(encoding="utf-8")
        page = parse(html)
        assert page.find("html")[0]["lang"] == tag
        assert len(page.find("article")) == 10
        assert len(re.findall(r"<h1[ >]", html)) == 1
        assert len(re.findall(r"<h2[ >]", html)) == 10
        ids = [attrs["id"] for attrs in page.find("article")]
        assert ids[0] == "astana-summit" and len(set(ids)) == 10
        # the switcher links every edition, the current one marked
        links = {a["hreflang"]: a["href"] for a in page.find("a") if a.get("hreflang")}
        assert links == {t: f"../{t}/index.html" for t in real_tags().values()}
        assert page.find("a", hreflang=tag)[0].get("aria-current") == "page"
        hreflangs = {l["hreflang"]: l["href"] for l in page.find("link", rel="alternate") if l.get("hreflang")}
        assert set(hreflangs) == set(real_tags().values()) | {"x-default"}
        assert hreflangs["x-default"].endswith("/index.html") and hreflangs[tag].endswith(f"/{tag}/index.html")
        # a link to this edition's PDF, which exists
        pdf = [a["href"] for a in page.find("a") if a.get("href", "").endswith(".pdf")]
        assert pdf and (out / folder / pdf[0]).is_file()
        assert len(page.find("time")) >= 15
        # no English fallback in the translated editions
        assert folder == "en" or not re.search(r'<(p|span|li|h1|dd) lang="en"', html)


def test_language_names_in_their_own_language(real_build):
    html = (real_build.out_dir / "ru" / "index.html").read_text(encoding="utf-8")
    for name in ("中文", "English", "Русский", "Қазақша", "Oʻzbekcha"):
        assert f">{name}</a>" in html


def test_localized_facts_in_pages(real_build):
    ru = (real_build.out_dir / "ru" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2025-06-17">17 июня 2025\u202fг.</time>' in ru
    assert "Казахстан" in ru and "Kazakhstan" not in ru
    zh = (real_build.out_dir / "zh-Hans" / "index.html").read_text(encoding="utf-8")
    assert "哈萨克斯坦" in zh and '<time datetime="2025-12-26">2025年12月26日</time>' in zh


def test_escaping_of_source_and_translations(mini_site):
    en = (mini_site / "en" / "index.html").read_text(encoding="utf-8")
    assert "Two Things &lt;That&gt; Happened &amp; More" in en
    assert "<That>" not in en
    ru = (mini_site / "ru" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in ru and "&lt;script&gt;alert(1)&lt;/script&gt;" in ru
    assert "<b>" not in ru and "&lt;b&gt;" in ru


def test_fallback_text_is_marked_with_the_source_language(mini_site):
    ru = (mini_site / "ru" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="en" data-l10n="untranslated">Forums met</span>' in ru
    assert '<p lang="en" data-l10n="untranslated">Before the list.</p>' in ru
    assert '<p>Первый абзац.</p>' in ru


def test_chooser_lists_every_edition(real_build):
    html = (real_build.out_dir / "index.html").read_text(encoding="utf-8")
    page = parse(html)
    hrefs = [a["href"] for a in page.find("a") if a.get("hreflang")]
    assert hrefs == [f"{tag}/index.html" for tag in real_tags().values()]  # in the configured order
    assert [li["lang"] for li in page.find("li") if li.get("lang")] == list(real_tags().values())


def test_every_template_autoescapes(real_project):
    env = make_environment(real_project.template_folders, Translations("en"))
    names = env.list_templates(extensions=["html", "xml"])
    assert "edition.html" in names and "print.html" in names and "feed.xml" in names
    for name in names:
        assert env.autoescape is True or env.autoescape(name)
    # and it is really on: a variable's markup comes out escaped in every kind of template
    for name in ("page.html", "feed.xml"):
        assert env.from_string("{{ value }}", globals={"__name__": name}).render(value="<b>&") == "&lt;b&gt;&amp;"


def test_hostile_interface_translation_is_escaped(real_project):
    hostile = Translations("ru", messages={(None, "Contents"): "<img src=x onerror=alert(1)>"})
    env = make_environment(real_project.template_folders, hostile)
    html = env.from_string("{{ _('Contents') }}|{% trans %}Contents{% endtrans %}").render()
    assert "<img" not in html and html.count("&lt;img") == 2


def test_page_pattern_becomes_css_counters():
    assert page_pattern_css("Page \x01page\x01 of \x01pages\x01") == '"Page " counter(page) " of " counter(pages)'
    assert page_pattern_css('第 \x01page\x01 页 "x" </style>') == '"第 " counter(page) " 页 \\22 x\\22  \\3c /style\\3e "'


def test_template_errors_name_the_template_line(mini):
    (mini.templates_dir / "edition.html").write_text("line one\n{{ no_such_variable.x }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        build_with(mini, formats=["html"], out_dir=mini.root / "out")
    assert str(info.value).startswith("templates/edition.html:2: ")
    (mini.templates_dir / "edition.html").write_text("{% if %}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        build_with(mini, formats=["html"], out_dir=mini.root / "out")
    assert (info.value.path, info.value.line) == ("templates/edition.html", 1)
    assert not (mini.root / "out").exists()  # nothing written when rendering fails


def test_a_translation_that_fails_to_format_is_the_catalogs_error_at_its_line():
    """The loader refuses such translations; should one get through, the error still names the .po line."""
    import pytest

    from silkpress import CatalogError, load_project
    from silkpress.catalogs import Translations
    from silkpress.html import make_environment

    from .helpers import REPO

    translations = Translations("ru", messages={(None, "Contents"): "Содержание %(missing)s"}, lines={(None, "Contents"): 42})
    env = make_environment(load_project(REPO).template_folders, translations, "locales/ru/LC_MESSAGES/bulletin.po")
    with pytest.raises(CatalogError) as info:
        env.from_string('{{ _("Contents") }}').render()
    assert str(info.value).startswith("locales/ru/LC_MESSAGES/bulletin.po:42: the translation of 'Contents' does not format")
    # the English itself failing is the template's business, not the catalog's
    with pytest.raises(KeyError):
        env.from_string('{{ _("Other %(x)s") }}').render()


def test_a_locale_that_fails_to_render_does_not_stop_the_others(mini, tmp_path, monkeypatch):
    from silkpress import CatalogError
    from silkpress.formats import FORMATS

    html = FORMATS["html"]
    original = type(html)._edition

    def broken(self, run, edition, links):
        if edition.locale == "ru":
            raise CatalogError("the translation of 'Contents' does not format", "locales/ru/LC_MESSAGES/bulletin.po", 7)
        return original(self, run, edition, links)

    monkeypatch.setattr(type(html), "_edition", broken)
    out = tmp_path / "dist"
    result = build_with(mini, formats=["html"], out_dir=out)
    assert [str(f) for f in result.failures] == ["locales/ru/LC_MESSAGES/bulletin.po:7: the translation of 'Contents' does not format"]
    assert (out / "en" / "index.html").is_file() and (out / "kk" / "index.html").is_file()
    assert not (out / "ru" / "index.html").exists()
