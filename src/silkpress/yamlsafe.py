"""YAML as silkpress reads it: the node tree (every value keeps its line), with no anchors,
aliases or tags, and every error a SourceError that names a line."""

from __future__ import annotations

import yaml

from .errors import SourceError


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without anchors and aliases: a source never needs them, and they can expand to a huge document."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases are not allowed in a bulletin source", event.start_mark)
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(None, None, "anchors are not allowed in a bulletin source", event.start_mark)
        if getattr(event, "tag", None) not in (None, "!"):
            raise yaml.composer.ComposerError(None, None, f"tags such as {event.tag!r} are not allowed in a bulletin source", event.start_mark)
        return super().compose_node(parent, index)


# The tags YAML gives plain text, numbers, dates, lists and mappings; any other tag was written on purpose.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


def _compose(text: str) -> yaml.Node | None:
    """The YAML node tree, with libyaml when PyYAML has it (ten times faster on a large source).

    libyaml composes aliases into shared nodes and keeps no anchor, so the checks run on the
    tree: a node reached twice is an alias, and a tag outside YAML's plain ones is refused.
    """
    if not yaml.__with_libyaml__:
        return yaml.compose(text, Loader=_StrictLoader)
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise yaml.composer.ComposerError(None, None, "aliases are not allowed in a bulletin source", node.start_mark)
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise yaml.composer.ComposerError(None, None, f"tags such as {node.tag!r} are not allowed in a bulletin source", node.start_mark)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += (value, key)
        elif isinstance(node, yaml.SequenceNode):
            stack += reversed(node.value)
    return root


def _deepest_line(text: str) -> int:
    """The line where nesting (indentation plus open brackets) is deepest: where to look."""
    depth, deepest, where = 0, -1, 1
    for number, line in enumerate(text.splitlines(), 1):
        level = len(line) - len(line.lstrip(" ")) + depth
        if level > deepest:
            deepest, where = level, number
        depth += line.count("[") + line.count("{") - line.count("]") - line.count("}")
    return where


def compose(text: str, path: str) -> yaml.Node | None:
    """The node tree of ``text``; SourceError at a line for anything YAML or silkpress refuses."""
    try:
        return _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise SourceError(f"YAML syntax error: {error.problem or error.context}", path, line) from error
    except yaml.reader.ReaderError as error:  # a character YAML does not allow: it has a position, not a line
        line = text[: error.position].count("\n") + 1
        raise SourceError(f"YAML error: character U+{error.character:04X} is not allowed in YAML", path, line) from error
    except yaml.YAMLError as error:
        raise SourceError(f"YAML error: {error}", path, 1) from error
    except RecursionError as error:  # absurd nesting, in the pure-Python parser
        raise SourceError("YAML error: nested too deeply", path, _deepest_line(text)) from error
    except ValueError as error:  # characters YAML rejects
        raise SourceError(f"YAML error: {error}", path, 1) from error
