"""``silkpress doctor``: what this machine offers the build, and what it lacks; and, in a project,
what in the project would stop a build (:func:`inspect_project`)."""

from __future__ import annotations

import ctypes.util
import platform
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .diagnostics import Diagnostic
from .errors import ConfigError, SilkpressError
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
    project: str | None = None
    """The project's folder, when doctor runs in one."""
    problems: list[Diagnostic] = field(default_factory=list)
    """What in the project stops a build, each at its path and line."""

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
            "errors": self.errors, "warnings": self.warnings, "project": self.project,
            "problems": [problem.to_dict() for problem in self.problems],
        }

    def problem_lines(self) -> list[str]:
        """The project's problems as ``path:line: message``."""
        return [f"{p.path}:{p.line}: {p.message}" if p.line else f"{p.path}: {p.message}" for p in self.problems]


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


def diagnose(project: Project | None = None, problems: list[Diagnostic] | None = None) -> Report:
    """The machine, and with a ``project``, the fonts of its locales and the ``problems`` that
    :func:`inspect_project` found in it."""
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
        try:
            profile = profile_for(locale)
        except ConfigError as error:
            fonts[locale] = [error.message]
            continue
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
    root = str(project.root) if project else None
    return Report(versions, hb_subset, fonts, cpus, errors, warnings, root, list(problems or ()))


def in_project(root: Path) -> bool:
    """Whether ``root`` is meant to be a silkpress project (however broken): it has a source/
    folder, or a pyproject.toml that names [tool.silkpress]."""
    pyproject = root / "pyproject.toml"
    if (root / "source").is_dir():
        return True
    try:
        return pyproject.is_file() and b"tool.silkpress" in pyproject.read_bytes()
    except OSError:
        return False


def inspect_project(root: Path) -> tuple[Project | None, list[Diagnostic]]:
    """The project at ``root`` and what in it would stop a build: its configuration, the templates
    each format needs (the project's or the theme's), each catalog as the build reads it, and the
    fonts of each locale's script. (None, []) outside a project."""
    from .i18n.checks.templates import check_templates
    from .i18n.checks.validate import load_checked
    from .project import load_project

    root = Path(root).resolve()
    if not in_project(root):
        return None, []
    project, problems = load_checked(root)
    if project is None:  # what else can be looked at: without checking the locales against CLDR
        try:
            project = load_project(root, validate=False)
        except ConfigError:
            return None, problems
    problems += check_templates(project)
    problems += catalog_problems(project)
    problems += font_problems(project)
    said: set[tuple[str, int | None, str]] = set()  # a locale without fonts is also the configuration's error
    unique = [p for p in problems if (p.path, p.line, p.message) not in said and not said.add((p.path, p.line, p.message))]
    return project, unique


def catalog_problems(project: Project) -> list[Diagnostic]:
    """Each catalog, read as the build reads it: the first error of each, at its line."""
    from .catalogs import load_translations

    problems = []
    for bulletin in project.bulletins:
        for locale in project.locales:
            path = bulletin.catalog_path(locale)
            try:
                load_translations(path, locale, project.relative(path), locale != project.source_locale, project.locales_dir)
            except SilkpressError as error:
                problems.append(Diagnostic(error.path or project.relative(path), error.line, "error", "catalog", error.message))
    return problems


def font_problems(project: Project) -> list[Diagnostic]:
    """Each locale's script must have fonts, and they must draw every letter of that script in
    the locale's CLDR data (month and day names, language and country names)."""
    from .configuration import read_table
    from .fonts import coverage

    table = read_table(project.root)
    problems = []
    for locale in project.locales:
        try:
            profile = profile_for(locale)
        except ConfigError as error:
            failed = table.fail(f"locales: {error.message}", "locales")
            problems.append(Diagnostic(str(failed.path), failed.line, "error", "fonts", failed.message))
            continue
        covered = coverage(profile.faces, 400) & coverage(profile.faces, 700)
        missing = sorted(c for c in cldr_letters(locale, profile.script.letters) if ord(c) not in covered)
        if missing:
            shown = " ".join(f"{c} U+{ord(c):04X}" for c in missing[:10]) + (" ..." if len(missing) > 10 else "")
            failed = table.fail(f"locales: the fonts of {locale!r} ({', '.join(profile.font_stack)}) lack"
                                f" {len(missing)} letter(s) of its {profile.script.name} script: {shown}", "locales")
            problems.append(Diagnostic(str(failed.path), failed.line, "error", "fonts", failed.message))
    return problems


def cldr_letters(locale: str, letters) -> set[str]:  # noqa: ANN001
    """The letters (matching the script's ``letters`` pattern) of the locale's CLDR data that an
    edition may show: month and day names, and language and country names."""
    from babel import Locale

    data = Locale.parse(locale)
    texts = [*data.languages.values(), *data.territories.values()]
    for names in (data.months, data.days):
        texts += [name for context in names.values() for width in context.values() for name in width.values()]
    return {char for text in texts for char in text if letters.match(char)}
