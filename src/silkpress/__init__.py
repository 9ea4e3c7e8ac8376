"""silkpress: a multilingual publication toolkit (one source, gettext catalogs, web and PDF editions)."""

from __future__ import annotations

__version__ = "0.1.0"

from .build import BuildResult as BuildResult
from .build import build as build
from .catalogs import Translations as Translations
from .catalogs import load_translations as load_translations
from .diagnostics import Diagnostic as Diagnostic
from .errors import CatalogError as CatalogError
from .errors import CheckError as CheckError
from .errors import ConfigError as ConfigError
from .errors import OutputError as OutputError
from .errors import RenderError as RenderError
from .errors import SilkpressError as SilkpressError
from .errors import SourceError as SourceError
from .errors import TemplateError as TemplateError
from .localize import LocalizedBulletin as LocalizedBulletin
from .localize import localize as localize
from .model import Bulletin as Bulletin
from .model import Event as Event
from .model import TextUnit as TextUnit
from .project import Config as Config
from .project import load_project as load_project
from .source import load_bulletin as load_bulletin
from .source import parse_bulletin as parse_bulletin
from .i18n.checks import check_project as check_project
from .i18n.stats import project_stats as project_stats
