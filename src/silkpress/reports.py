"""What a build reports: each edition's fallbacks and timings, and the build as a whole."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic
from .errors import SilkpressError
from .output import ManifestEntry


@dataclass(frozen=True)
class EditionReport:
    locale: str
    tag: str
    fallbacks: tuple[str, ...]
    """Units shown in the source language."""
    seconds: dict[str, float]
    fuzzy: tuple[str, ...] = ()
    """Of the fallbacks, those whose translation is fuzzy (the rest are untranslated)."""


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    written: tuple[str, ...]
    manifest: tuple[ManifestEntry, ...]
    editions: tuple[EditionReport, ...]
    seconds: float
    excluded: tuple[str, ...] = ()
    """Locales left out by ``min_complete``."""
    failures: tuple[SilkpressError, ...] = ()
    """What could not be built in a draft build (the rest was); empty in a release."""
    title: str = ""
    """The bulletin's title in the source language."""
    warnings: tuple[Diagnostic, ...] = ()
    """In a draft, what ``silkpress check`` calls an error (a release refuses it), as warnings."""

    def to_dict(self) -> dict[str, object]:
        """The build as ``silkpress build --format json`` reports it."""
        return {
            "out": str(self.out_dir),
            "editions": [
                {"locale": e.locale, "tag": e.tag, "untranslated": [u for u in e.fallbacks if u not in e.fuzzy],
                 "fuzzy": list(e.fuzzy), "seconds": e.seconds}
                for e in self.editions
            ],
            "excluded": list(self.excluded),
            "failures": [str(failure) for failure in self.failures],
            "warnings": [warning.to_dict() for warning in self.warnings],
            "written": list(self.written),
            "manifest": len(self.manifest),
            "seconds": round(self.seconds, 3),
        }

    def summary(self, seconds: float) -> str:
        """One line: what was built, and what the readers will see in the source language."""
        fuzzy = sum(len(e.fuzzy) for e in self.editions)
        untranslated = sum(len(e.fallbacks) for e in self.editions) - fuzzy
        shown = " and ".join(f"{count} {what}" for count, what in ((untranslated, "untranslated"), (fuzzy, "fuzzy")) if count)
        return (
            f"built {len(self.editions)} edition(s) into {self.out_dir} in {seconds:.1f}s"
            f" ({len(self.written)} file(s) changed, {len(self.manifest)} in the manifest"
            + (f", {shown} unit(s) shown in the source language" if shown else "")
            + (f", left out: {', '.join(self.excluded)}" if self.excluded else "")
            + (f", {len(self.warnings)} check warning(s)" if self.warnings else "")
            + ")"
        )
