"""What the web editions say about themselves: links, OpenGraph, JSON-LD, sizes, feeds."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from babel.core import get_global
from babel.units import format_unit

from .localization import LocalizedBulletin
from .urls import safe_url


@dataclass(frozen=True)
class Links:
    """Where things live, relative to ``dist/`` and, with a base URL, absolutely."""

    base_url: str

    def absolute(self, path: str) -> str | None:
        """The public URL of ``path`` (relative to dist/), or None without a (valid) base URL."""
        return safe_url(urljoin(self.base_url, path)) if safe_url(self.base_url) else None


def og_locale(locale: str) -> str:
    """OpenGraph's ll_TT form: zh_Hans -> zh_CN, kk -> kk_KZ."""
    likely = get_global("likely_subtags").get(locale) or get_global("likely_subtags").get(locale.split("_")[0], locale)
    parts = str(likely).split("_")
    territory = next((part for part in parts[1:] if len(part) == 2 and part.isupper()), None)
    return f"{parts[0]}_{territory}" if territory else parts[0]


def file_size(size: int, locale: str) -> str:
    """A file size in the reader's language: "76 kB", "76 кБ", "1,3 МБ"."""
    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=locale)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=locale)


def json_ld(edition: LocalizedBulletin, page_url: str | None, media: list[dict[str, object]]) -> dict[str, object]:
    """schema.org NewsArticle with the events as an ItemList and the downloads as associated media.

    Templates write it with Jinja's ``tojson``, which makes it safe inside <script>.
    """
    anchor = (page_url or "") + "#"
    article: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": edition.title.text,
        "inLanguage": edition.tag,
        "datePublished": edition.published.iso,
        "publisher": {"@type": "Organization", "name": edition.publisher_name}
        | ({"url": url} if (url := safe_url(edition.publisher_url)) else {}),
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(edition.events),
            "itemListElement": [
                {"@type": "ListItem", "position": event.number, "name": event.title.text, "url": anchor + event.id,
                 "item": _event(event)}
                for event in edition.events
            ],
        },
    }
    if edition.subtitle:
        article["alternativeHeadline"] = edition.subtitle.text
    if safe_url(page_url):
        article["url"] = page_url
    associated = []
    for item in media:
        entry: dict[str, object] = {"@type": "MediaObject", "contentUrl": item["url"], "encodingFormat": item["media_type"]}
        if item.get("bytes") is not None:
            entry["contentSize"] = f"{item['bytes']} B"
        associated.append(entry)
    if associated:
        article["associatedMedia"] = associated[0] if len(associated) == 1 else associated
    return article


def _event(event) -> dict[str, object]:  # noqa: ANN001
    """One event as a schema.org Event: its dates (ISO) and, as the edition writes them, its facts."""
    item: dict[str, object] = {"@type": "Event", "name": event.title.text}
    if event.dates:
        starts, ends = zip(*((date.iso.partition("/")[0], date.iso.partition("/")[2] or date.iso) for date in event.dates))
        item.update(startDate=min(starts), endDate=max(ends))
    if event.facts:
        item["description"] = event.facts
    places = [{"@type": "Place", "name": place.text} for place in event.places]
    countries = [{"@type": "Country", "name": country.name, "identifier": country.code} for country in event.countries]
    if places or countries:
        item["location"] = places + countries
    return item
