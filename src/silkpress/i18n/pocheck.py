"""What ``msgfmt -c`` checks in a catalog it has read (msgl-check.c): the plural forms
against the header, the header's fields, leading and trailing newlines, format strings."""

from __future__ import annotations

from typing import Iterable

from . import plural as plural_exp
from .formats import check_c, check_python, parse_c, parse_python
from .pomodel import Entry, Problem

# ---------------------------------------------------------------------------------------------
# msgfmt -c (msgl-check.c): plural forms, leading and trailing newlines, format strings.

_HEADER_FIELDS = (
    ("Project-Id-Version", "PACKAGE VERSION"), ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
    ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"), ("Language-Team", "LANGUAGE <LL@li.org>"),
    ("MIME-Version", None), ("Content-Type", "text/plain; charset=CHARSET"), ("Content-Transfer-Encoding", "ENCODING"),
    ("Language", ""),
)


def _checked(entries: Iterable[Entry]) -> list[Entry]:
    """What msgfmt checks: live, translated, and not fuzzy (the header may be fuzzy)."""
    return [e for e in entries if not e.obsolete and e.translated and (not e.fuzzy or e.is_header)]


def check_entries(entries: Iterable[Entry]) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) as ``msgfmt -c`` gives them, per domain."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    by_domain: dict[str, list[Entry]] = {}
    for entry in entries:
        by_domain.setdefault(entry.domain, []).append(entry)
    for domain_entries in by_domain.values():
        checked = _checked(domain_entries)
        header = next((e for e in domain_entries if e.msgctxt is None and e.msgid == ""), None)
        header = header if header in checked else None
        errors.extend(_check_plurals(checked, header, domain_entries))
        for entry in checked:
            if entry.is_header:
                warnings.extend(_check_header(entry))
                continue
            errors.extend(_check_pair(entry, header))
    return errors, warnings


def _check_plurals(checked: list[Entry], header: Entry | None, all_entries: list[Entry]) -> list[Problem]:
    plurals = [e for e in checked if e.msgid_plural is not None]
    header_entry = next((e for e in all_entries if e.msgctxt is None and e.msgid == "" and not e.obsolete), None)
    if header_entry is None or header_entry not in checked:
        if plurals:
            return [Problem(plurals[0].msgstr_line, "message catalog has plural form translations, but lacks a header entry "
                            'with "Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;"', kind="header", column=True)]
        return []
    text = header_entry.msgstr
    line = header_entry.msgstr_line
    problems: list[Problem] = []
    has_plural_expr, has_nplurals = "plural=" in text, "nplurals=" in text
    if not has_plural_expr and plurals:
        problems.append(Problem(plurals[0].msgstr_line, 'message catalog has plural form translations, but header entry lacks a "plural=EXPRESSION" attribute', kind="header", column=True))
    if not has_nplurals and plurals:
        problems.append(Problem(plurals[0].msgstr_line, 'message catalog has plural form translations, but header entry lacks a "nplurals=INTEGER" attribute', kind="header", column=True))
    if not (has_plural_expr and has_nplurals):
        return problems
    try:
        nplurals = plural_exp.plural_forms(text).nplurals
    except plural_exp.PluralFormsError as error:
        return [Problem(line, str(error), kind="header", column=True)]
    if plurals:
        counts = [len(e.msgstr_plural) for e in plurals]
        fewest, most = min(counts), max(counts)
        if fewest < nplurals:
            where = plurals[counts.index(fewest)].msgstr_line
            return [Problem(line, f"nplurals = {nplurals}, but the message on line {where} has only {fewest} plural form{'s' if fewest != 1 else ''}", kind="header", column=True)]
        if most > nplurals:
            where = plurals[counts.index(most)].msgstr_line
            return [Problem(line, f"nplurals = {nplurals}, but the message on line {where} has {most} plural forms", kind="header", column=True)]
    return []


def _check_header(entry: Entry) -> list[Problem]:
    warnings = []
    lines = entry.msgstr.split("\n")
    for name, default in _HEADER_FIELDS:
        found = next((l for l in lines if l.startswith(name + ":")), None)
        if found is None:
            warnings.append(Problem(entry.msgstr_line, f"header field '{name}' missing in header", "warning"))
            continue
        value = found[len(name) + 1 :]
        value = value[1:] if value.startswith(" ") else value
        if default is not None and value == default:
            warnings.append(Problem(entry.msgstr_line, f"header field '{name}' still has the initial default value", "warning"))
    return warnings


def _check_pair(entry: Entry, header: Entry | None) -> list[Problem]:
    problems: list[Problem] = []
    line = entry.msgstr_line
    forms = entry.strings
    plural = entry.msgid_plural is not None
    # msgfmt checks the leading newline of every string against the msgid's, then the trailing one
    for test, verb in ((lambda t: t.startswith("\n"), "begin"), (lambda t: t.endswith("\n"), "end")):
        expected = test(entry.msgid)
        if plural:
            if test(entry.msgid_plural) != expected:
                problems.append(Problem(line, f"'msgid' and 'msgid_plural' entries do not both {verb} with '\\n'", kind="newline"))
            for index, form in enumerate(forms):
                if test(form) != expected:
                    problems.append(Problem(line, f"'msgid' and 'msgstr[{index}]' entries do not both {verb} with '\\n'",
                                            kind="newline"))
        elif test(forms[0]) != expected:
            problems.append(Problem(line, f"'msgid' and 'msgstr' entries do not both {verb} with '\\n'", kind="newline"))
    for language, state in entry.formats:  # every format type that applies, in GNU's order
        if state == "no":
            continue
        problem = format_string_problem(entry, language, header)
        if problem:
            problems.append(Problem(line, problem, kind="format"))
    return problems


_PARSERS = {
    "python": (lambda text, translated: parse_python(text), check_python, "Python"),
    "c": (lambda text, translated: parse_c(text, translated), check_c, "C"),
    "objc": (lambda text, translated: parse_c(text, translated, objc=True), check_c, "Objective C"),
}


def format_string_problem(entry: Entry, language: str, header: Entry | None = None) -> str | None:
    """The first problem msgfmt -c reports for ``entry`` as a ``language`` format string, or None.

    Python, C and Objective C strings are checked; GNU knows 27 more languages, which this
    reader does not check (their flags are kept and written back all the same).
    """
    if language not in _PARSERS:
        return None
    parse, check, pretty_language = _PARSERS[language]
    source = parse(entry.msgid_plural if entry.msgid_plural is not None else entry.msgid, False)
    if not source.valid:
        return None
    pretty_msgid = "msgid_plural" if entry.msgid_plural is not None else "msgid"
    forms = entry.strings
    often = _often(header, len(forms)) if entry.msgid_plural is not None and len(forms) > 1 else None
    for index, form in enumerate(forms):
        pretty = f"msgstr[{index}]" if entry.msgid_plural is not None else "msgstr"
        parsed = parse(form, True)
        if not parsed.valid:
            return f"'{pretty}' is not a valid {pretty_language} format string, unlike '{pretty_msgid}'. Reason: {parsed.error}"
        strict = entry.msgid_plural is None or len(forms) == 1 or (often is not None and index < len(often) and often[index])
        if strict and entry.range is not None and header is not None and often is not None:
            strict = _histogram(header, entry.range, index) > 1
        problem = check(source, parsed, strict, pretty, pretty_msgid)
        if problem:
            return problem
    return None


def python_format_problem(entry: Entry, header: Entry | None = None) -> str | None:
    return format_string_problem(entry, "python", header)


def _expression(header: Entry | None):
    if header is None:
        return lambda n: int(n != 1)
    try:
        return plural_exp.plural_forms(header.msgstr)
    except plural_exp.PluralFormsError:
        return None


def _often(header: Entry | None, nplurals: int) -> list[bool] | None:
    """For each plural form, whether the formula takes it at least 5 times for n = 0..1000."""
    expression = _expression(header)
    if expression is None:
        return None
    counts = [0] * nplurals
    try:
        for n in range(1001):
            value = expression(n)
            if value < nplurals:
                counts[value] += 1
    except ZeroDivisionError:
        return None
    return [count >= 5 for count in counts]


def _histogram(header: Entry, bounds: tuple[int, int], value: int) -> int:
    expression = _expression(header)
    low, high = max(bounds[0], 0), bounds[1]
    high = min(high, low + 1000)
    return sum(1 for n in range(low, high + 1) if expression(n) == value) if expression else 0
