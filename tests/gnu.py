"""GNU gettext and the other tools translators use, run on files, for the interoperability tests."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def msgcat(path: Path, *options: str) -> bytes:
    return subprocess.run(["msgcat", *options, str(path)], capture_output=True, check=True).stdout


def msgfmt_errors(path: Path) -> tuple[int, list[tuple[int | None, str]]]:
    """msgfmt -c's exit status and its errors (line, message) in order, warnings left out."""
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
    errors = []
    for line in result.stderr.decode("utf-8", "replace").splitlines():
        match = re.match(re.escape(str(path)) + r":(?:(\d+):)?(?:\d+:)? (.*)", line)
        if match and "warning" not in match.group(2):
            errors.append((int(match.group(1)) if match.group(1) else None, match.group(2)))
    return result.returncode, errors


def msgattrib_ok(path: Path) -> bool:
    return subprocess.run(["msgattrib", str(path), "-o", "/dev/null"], capture_output=True).returncode == 0


def save_with(tool: str, source: Path, target: Path) -> None:
    """Re-save ``source`` as a translator's tool would."""
    if tool == "msgcat":
        target.write_bytes(msgcat(source))
    elif tool == "msgcat --no-wrap":
        target.write_bytes(msgcat(source, "--no-wrap"))
    elif tool == "polib":
        import polib

        polib.pofile(str(source)).save(str(target))
    elif tool == "translate-toolkit":
        from translate.storage import po

        po.pofile.parsefile(str(source)).savefile(str(target))
    elif tool == "babel":
        from babel.messages.pofile import read_po, write_po

        with source.open("rb") as fileobj:
            catalog = read_po(fileobj)
        with target.open("wb") as fileobj:
            write_po(fileobj, catalog, include_previous=True, width=76)
    else:
        raise ValueError(tool)


TOOLS = ("msgcat", "msgcat --no-wrap", "polib", "translate-toolkit", "babel")


def parses_everywhere(path: Path) -> None:
    """polib and translate-toolkit (Weblate's and Pootle's engine) read the file."""
    import polib
    from translate.storage import po

    assert len(polib.pofile(str(path))) >= 0
    assert po.pofile.parsefile(str(path)).units
