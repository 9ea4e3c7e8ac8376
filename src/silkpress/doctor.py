"""``silkpress doctor``: what this machine offers the build, and what it lacks."""

from __future__ import annotations

import ctypes.util
import platform
from dataclasses import dataclass, field
from importlib import metadata

from .limits import usable_cpus
from .profiles import profile_for
from .project import Project


@dataclass(frozen=True)
class Report:
    versions: dict[str, str]
    hb_subset: bool
    fonts: dict[str, list[str]]
    cpus: int
    errors: list[str] = field(default_factory=list)
    """What stops a build."""
    warnings: list[str] = field(default_factory=list)
    """What only slows it down."""

    def lines(self) -> list[str]:
        """The report as ``silkpress doctor`` prints it (errors and warnings apart)."""
        lines = [f"{name:<11} {version}" for name, version in self.versions.items()]
        lines.append(f"{'hb-subset':<11} {'yes' if self.hb_subset else 'no (slow PDF font subsetting)'}")
        lines.append(f"{'cpus':<11} {self.cpus}")
        lines += [f"{'fonts ' + locale:<11} {line}" for locale, found in self.fonts.items() for line in found]
        return lines

    def to_dict(self) -> dict[str, object]:
        return {
            "versions": self.versions, "hb_subset": self.hb_subset, "fonts": self.fonts, "cpus": self.cpus,
            "errors": self.errors, "warnings": self.warnings,
        }


def _library_version(name: str, function: str) -> str | None:
    path = ctypes.util.find_library(name)
    if not path:
        return None
    try:
        library = ctypes.CDLL(path)
        getter = getattr(library, function)
        getter.restype = ctypes.c_char_p
        value = getter()
        return value.decode() if value else "present"
    except (OSError, AttributeError):
        return "present"


def diagnose(project: Project | None = None) -> Report:
    versions = {"python": platform.python_version()}
    for package in ("weasyprint", "pydyf", "babel", "jinja2", "fonttools"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "missing"
    versions["pango"] = _library_version("pango-1.0", "pango_version_string") or "missing"
    versions["harfbuzz"] = _library_version("harfbuzz", "hb_version_string") or "missing"
    hb_subset = ctypes.util.find_library("harfbuzz-subset") is not None
    # Outside a project: the fonts of every script silkpress covers, one locale each.
    locales = project.locales if project else ("en", "ru", "zh_Hans")
    fonts = {}
    for locale in locales:
        profile = profile_for(locale)
        fonts[locale] = [
            f"{family}: " + ", ".join(f"{face.filename} ({'ok' if face.path.is_file() else 'MISSING'})"
                                      for face in profile.faces if face.family == family)
            for family in profile.font_stack
        ]
    errors, warnings = [], []
    if versions["pango"] == "missing":
        errors.append("Pango is missing: install libpango-1.0-0 (WeasyPrint cannot render without it)")
    if versions["weasyprint"] == "missing":
        errors.append("WeasyPrint is not installed")
    if any("MISSING" in line for lines in fonts.values() for line in lines):
        errors.append("a bundled font file is missing: reinstall silkpress")
    if not hb_subset:
        warnings.append("libharfbuzz-subset0 is missing: PDF font subsetting falls back to fontTools and is much slower")
    cpus = usable_cpus()
    return Report(versions, hb_subset, fonts, cpus, errors, warnings)
