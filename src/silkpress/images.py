"""Pictures a bulletin shows on its PDF cover: the publisher's logo (SVG, from the configuration)
and an optional cover image (from the source). Each is read through the guarded reader, checked
for what it claims to be, and handed to the renderer inline as a data: URL, so the renderer
still reads no file of the project."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from .errors import SilkpressError
from .inputs import read_input

SVG = "image/svg+xml"
_SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
_MAGIC = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
# An internal DTD can define entities that expand without bound ("billion laughs"): refuse any.
_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
IMAGE_TYPES = "PNG, JPEG or SVG"


def svg_problem(data: bytes) -> str | None:
    """Why ``data`` is not an SVG image we accept, or None."""
    if _DOCTYPE.search(data):
        return "an SVG with a DOCTYPE or entities is refused"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        return f"not an SVG file (XML error: {error})"
    if root.tag != _SVG_ROOT:
        return f"not an SVG file (its root element is <{root.tag.rsplit('}', 1)[-1]}>, not <svg> in the SVG namespace)"
    return None


def media_type(data: bytes) -> str | None:
    """The type of a PNG, JPEG or SVG image, from its bytes (never from its name); None otherwise."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and svg_problem(data) is None:
        return SVG
    return None


def data_url(data: bytes, kind: str) -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def read_image(path: Path, kind: str, shown: str, root: Path) -> bytes:
    """The bytes of an image file inside ``root``, under the input policy of ``kind``
    (``logo`` or ``image``); its errors are that kind's, without a line (the caller adds it)."""
    return read_input(path, kind, shown, root)


def path_problem(name: str) -> str | None:
    """Why ``name`` cannot be a picture's path inside the project, or None."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", name) or name.startswith(("/", "\\")):
        return "must be a path relative to the project, not a URL or an absolute path"
    return None


def checked(path: Path, kind: str, shown: str, root: Path, svg_only: bool = False) -> tuple[bytes, str]:
    """A picture's bytes and media type, or SilkpressError (of the kind's class) saying what is wrong."""
    data = read_image(path, kind, shown, root)
    found = media_type(data)
    if svg_only and found != SVG:
        raise SilkpressError(svg_problem(data) or "not an SVG file", shown)
    if found is None:
        raise SilkpressError(f"not a {IMAGE_TYPES} image", shown)
    return data, found
