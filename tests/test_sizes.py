"""The size rules of docs/architecture.md: no module over 400 lines, no function over 60 lines
or with more than 8 parameters."""

from __future__ import annotations

import ast

from .helpers import REPO

SRC = REPO / "src" / "silkpress"


def _functions():
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield path.relative_to(SRC).as_posix(), node


def test_no_module_over_400_lines():
    sizes = {path.relative_to(SRC).as_posix(): path.read_text(encoding="utf-8").count("\n") for path in SRC.rglob("*.py")}
    assert {path: lines for path, lines in sizes.items() if lines > 400} == {}


def test_no_function_over_60_lines():
    long = [f"{path}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1})"
            for path, node in _functions() if node.end_lineno - node.lineno + 1 > 60]
    assert long == []


def test_no_function_with_more_than_8_parameters():
    def count(args: ast.arguments) -> int:
        names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
        return len(names) - (names[:1] in (["self"], ["cls"])) + bool(args.vararg) + bool(args.kwarg)

    wide = [f"{path}:{node.lineno} {node.name} ({count(node.args)})" for path, node in _functions() if count(node.args) > 8]
    assert wide == []
