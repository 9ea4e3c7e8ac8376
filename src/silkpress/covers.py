"""The source's ``cover`` field: a picture for the PDF cover, ``{image, alt, credit}``. The
image is a PNG, JPEG or SVG file given relative to the source; ``alt`` (what the picture
shows, for readers who cannot see it) and ``credit`` are translatable units."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import SilkpressError, SourceError
from .images import checked, data_url, path_problem
from .model import BulletinSource, Cover, TextUnit

COVER_FIELDS = (("image", "alt"), ("credit",))


def parse_cover(reader: Any, node: Any) -> Cover:
    """``cover`` as written (the source reader's ``_Reader`` and the YAML node); the file is read later."""
    fields = reader.mapping(node, "cover", *COVER_FIELDS)
    image_node = fields["image"][1]
    image = reader.string(image_node, "cover image")
    problem = path_problem(image)
    if problem:
        raise reader.fail(image_node, f"cover image {image!r} {problem}")
    alt = reader.unit(fields["alt"][1], "cover/alt", "cover alt")
    credit = reader.unit(fields["credit"][1], "cover/credit", "cover credit") if "credit" in fields else None
    return Cover(image, alt, reader.origin(image_node), credit)


def load_image(bulletin: BulletinSource, source: Path, root: Path | None) -> BulletinSource:
    """The bulletin with its cover image read and checked, or SourceError at the ``image:`` line.
    The file must lie in the project (``root``, else the source's folder)."""
    cover = bulletin.cover
    if cover is None:
        return bulletin
    folder = (root or source.parent).resolve()
    path = Path(os.path.normpath(source.parent.resolve() / cover.image))
    where = (cover.origin.path, cover.origin.line)
    if not path.is_relative_to(folder):
        raise SourceError(f"cover image {cover.image!r} is outside the project folder", *where)
    try:
        data, kind = checked(path, "image", cover.image, folder)
    except SilkpressError as error:
        raise SourceError(f"cover image {cover.image!r}: {error.message}", *where) from error
    return replace(bulletin, cover=replace(cover, data=data, media_type=kind))


@dataclass(frozen=True)
class CoverPicture:
    """The cover's picture for one edition: a data: URL and its text in the edition's language."""

    url: str
    alt: Any
    credit: Any | None


def cover_picture(cover: Cover | None, localize_text: Any) -> CoverPicture | None:
    """``localize_text`` turns a TextUnit into the edition's LocalizedText."""
    if cover is None or not cover.data:
        return None
    credit: TextUnit | None = cover.credit
    return CoverPicture(data_url(cover.data, cover.media_type), localize_text(cover.alt),
                        localize_text(credit) if credit is not None else None)
