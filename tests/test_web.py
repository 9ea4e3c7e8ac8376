"""dist/ as a distributor ships it: valid HTML (W3C Nu checker), feeds, sitemap, manifest schema, archives."""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import jsonschema
import pytest

from .conftest import REPO
from .helpers import build_with

pytestmark = pytest.mark.slow  # PDFs, real tools or long runs: left out of the fast layer

VNU = REPO / ".venv" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
TAGS = ["zh-Hans", "en", "ru", "kk", "kk-Latn", "uz-Latn", "uz-Cyrl"]


def test_every_page_passes_the_nu_html_checker(real_build):
    assert VNU.is_file(), "the Nu checker is installed by 'make test' (npm package vnu-jar)"
    pages = sorted(str(p) for p in real_build.out_dir.rglob("*.html"))
    assert len(pages) == 9  # seven editions, the chooser and the status page
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", *pages], capture_output=True, text=True, check=False
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert errors == [], errors[:5]


def test_manifest_validates_against_its_schema(real_build):
    schema = json.loads((REPO / "src" / "silkpress" / "schemas" / "manifest.schema.json").read_text(encoding="utf-8"))
    manifest = json.loads((real_build.out_dir / "manifest.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(manifest, schema, cls=jsonschema.Draft202012Validator)
    assert {locale: c["percent"] for locale, c in manifest["provenance"]["catalogs"].items()} == dict.fromkeys(
        ["zh_Hans", "en", "ru", "kk", "kk_Latn", "uz", "uz_Cyrl"], 100.0
    )
    broken = dict(manifest, artifacts=[dict(manifest["artifacts"][0], sha256="nope")])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_atom_feed_per_locale(real_build):
    for tag in TAGS:
        feed = ET.parse(real_build.out_dir / tag / "feed.xml").getroot()
        assert feed.tag == f"{ATOM}feed"
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == tag
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 10
        assert entries[0].find(f"{ATOM}id").text.endswith(f"/{tag}/index.html#astana-summit")
        assert all(entry.find(f"{ATOM}title").text for entry in entries)


def test_sitemap_has_hreflang_alternates(real_build):
    sitemap = ET.parse(real_build.out_dir / "sitemap.xml").getroot()
    urls = sitemap.findall(f"{SITEMAP}url")
    assert len(urls) == 8
    for url in urls:
        assert url.find(f"{SITEMAP}loc").text.startswith("https://")
        links = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        assert set(links) == set(TAGS) | {"x-default"}


def test_web_page_metadata(real_build):
    page = (real_build.out_dir / "kk" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://' in page and '/kk/index.html">' in page
    assert '<meta property="og:locale" content="kk_KZ">' in page
    start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(page[start : page.index("</script>", start)])
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "kk"
    assert data["datePublished"] == "2025-12-26" and data["publisher"]["name"] == "CentralasianLIGHT.org"
    assert data["associatedMedia"]["contentUrl"].endswith("/kk/china-central-asia-2025-kk.pdf")
    assert len(data["mainEntity"]["itemListElement"]) == 10
    size = (real_build.out_dir / "kk" / "china-central-asia-2025-kk.pdf").stat().st_size
    assert f"(PDF, {round(size / 1000)} кБ)" in page  # the size in the reader's language
    zh = (real_build.out_dir / "zh-Hans" / "index.html").read_text(encoding="utf-8")
    # Only Chinese loads the CJK font for its text; another page loads a subset of it for the
    # switcher's autonym alone, and no page names a full font file.
    assert re.search(r"NotoSerifSC-Regular-[0-9a-f]{16}\.woff2", zh)
    for font_face in re.findall(r"@font-face \{[^}]*NotoSerifSC[^}]*\}", page):
        ranges = re.search(r"unicode-range: ([^;]*);", font_face).group(1)
        assert {chr(int(cp[2:], 16)) for cp in ranges.split(", ")} <= set("中文")
    assert not re.search(r"NotoSerif(SC)?-(Regular|Bold)\.woff2", page + zh)


def test_no_external_references(real_build):
    for page in real_build.out_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for attribute in ("src=", "href=", "url("):
            for chunk in text.split(attribute)[1:]:
                target = chunk.lstrip("\"'(").split('"')[0].split(")")[0]
                if target.startswith(("http://", "https://", "//")):
                    # absolute links only to the published copy of dist/ itself or the publisher's site
                    assert target.startswith(("https://centralasianlight.org/",)), (page.name, target)


def test_archives_are_reproducible(mini, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        build_with(mini, formats=["html"], out_dir=out, archive=True)
    names = sorted(p.name for p in (first / "archives").iterdir())
    assert names == ["mini-all.zip", "mini-en.zip", "mini-kk.zip", "mini-ru.zip", "mini-uz-Latn.zip", "mini-zh-Hans.zip"]
    for name in names:
        assert (first / "archives" / name).read_bytes() == (second / "archives" / name).read_bytes()
    with zipfile.ZipFile(first / "archives" / "mini-ru.zip") as archive:
        listed = archive.namelist()
        assert listed == sorted(listed)
        assert "ru/index.html" in listed and "assets/web.css" in listed
        ru_page = (first / "ru" / "index.html").read_text(encoding="utf-8")
        fonts = [name for name in listed if name.startswith("assets/fonts/") and name.endswith(".woff2")]
        # the subsets the ru page loads, and no other edition's
        assert fonts and all(name.removeprefix("assets/") in ru_page for name in fonts)
        assert not any(name.startswith(("en/", "zh-Hans/")) for name in listed)
        assert {info.date_time for info in archive.infolist()} == {(2025, 12, 26, 0, 0, 0)}
    manifest = json.loads((first / "manifest.json").read_text(encoding="utf-8"))
    kinds = {a["path"]: (a["kind"], a["locale"]) for a in manifest["artifacts"]}
    assert kinds["archives/mini-ru.zip"] == ("archive", "ru") and kinds["archives/mini-all.zip"] == ("archive", None)
