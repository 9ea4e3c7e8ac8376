"""A language name is plain text, escaped exactly once wherever a page shows it: the chooser, the
status page and every edition's switcher (issue 13, item 10)."""

from __future__ import annotations

from silkpress.editions import load_edition

from .helpers import add_entry, build_with

HOSTILE = 'Қазақ "тілі" & <b>'
ONCE = "Қазақ &#34;тілі&#34; &amp; &lt;b&gt;"


def name_kazakh(project) -> None:
    """The project's catalog overrides the theme's name for Kazakh."""
    add_entry(project, "kk", "English", 'Қазақ \\"тілі\\" & <b>', context="language name")


def test_the_edition_keeps_the_name_as_text(mini):
    name_kazakh(mini)
    bulletin = mini.bulletins[0]
    assert load_edition(bulletin, bulletin.load(), "kk").name == HOSTILE


def test_every_page_escapes_the_name_once(mini, tmp_path):
    name_kazakh(mini)
    out = tmp_path / "out"
    build_with(mini, formats=["html"], out_dir=out)
    pages = ["index.html", "status.html", *(f"{tag}/index.html" for tag in ("en", "ru", "zh-Hans", "kk", "uz-Latn"))]
    for page in pages:
        html = (out / page).read_text(encoding="utf-8")
        assert html.count(ONCE) == 1, page
        assert "&amp;#34;" not in html and "&amp;amp;" not in html and "&amp;lt;" not in html, page
