"""The one guarded reader of input files (silkpress.inputs): its policy on small inline files, and,
through the CLI, that every kind of input (source, catalog, template, termbase, config) goes through it."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
from pathlib import Path

import pytest

from silkpress.errors import (
    CatalogError,
    ConfigError,
    SilkpressError,
    SourceError,
    TemplateError,
)
from silkpress.inputs import KINDS, decode, exists, read_input, read_text

from .helpers import eject, run

ERRORS = {"source": SourceError, "catalog": CatalogError, "template": TemplateError, "termbase": CatalogError, "config": ConfigError,
          "logo": ConfigError, "image": SourceError}


def test_every_kind_has_its_own_error_and_limit():
    assert set(KINDS) == set(ERRORS)
    for name, kind in KINDS.items():
        assert kind.error is ERRORS[name] and issubclass(kind.error, SilkpressError)
        assert 0 < kind.max_bytes <= 20_000_000


# -- read_input on small files ------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_file_at_the_limit_is_read_one_byte_more_is_refused(tmp_path, kind):
    limit = KINDS[kind].max_bytes
    path = tmp_path / "input"
    with path.open("wb") as handle:
        handle.truncate(limit)  # sparse: no need to write megabytes
    assert len(read_input(path, kind, "shown/input")) == limit
    with path.open("ab") as handle:
        handle.write(b"x")
    with pytest.raises(ERRORS[kind]) as refused:
        read_input(path, kind, "shown/input")
    assert refused.value.path == "shown/input"
    assert f"too large ({limit + 1} bytes; the limit is {limit})" in refused.value.message


def test_a_file_that_grows_after_it_was_measured_is_still_cut_at_the_limit(tmp_path, monkeypatch):
    limit = KINDS["config"].max_bytes
    path = tmp_path / "growing"
    with path.open("wb") as handle:
        handle.truncate(limit + 10)
    real_fstat = os.fstat

    def stale_fstat(fd):  # the size as it was before the file grew
        info = real_fstat(fd)
        fields = list(info)
        fields[6] = 10  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr("silkpress.inputs.os.fstat", stale_fstat)
    with pytest.raises(ConfigError, match=rf"too large \(over {limit} bytes\)") as refused:
        read_input(path, "config", "pyproject.toml")
    assert refused.value.path == "pyproject.toml"


def test_small_files_are_returned_byte_for_byte(tmp_path):
    path = tmp_path / "a.po"
    path.write_bytes(b'msgid ""\nmsgstr "\xc3\xa9"\n')
    assert read_input(path, "catalog", "a.po") == b'msgid ""\nmsgstr "\xc3\xa9"\n'
    assert read_text(path, "catalog", "a.po") == 'msgid ""\nmsgstr "é"\n'


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_missing_file_is_the_kinds_error(tmp_path, kind):
    with pytest.raises(ERRORS[kind], match="file not found") as refused:
        read_input(tmp_path / "nothing", kind, "shown/nothing")
    assert refused.value.path == "shown/nothing"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_directory_is_not_a_regular_file(tmp_path, kind):
    folder = tmp_path / "folder.po"
    folder.mkdir()
    with pytest.raises(ERRORS[kind]) as refused:
        read_input(folder, kind, "shown/folder.po")
    assert refused.value.path == "shown/folder.po"
    assert "not a regular file" in refused.value.message or "cannot read" in refused.value.message


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.po"
    os.mkfifo(fifo)
    outcome: list[BaseException | bytes] = []

    def attempt() -> None:
        try:
            outcome.append(read_input(fifo, "catalog", "locales/pipe.po"))
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome.append(error)

    reader = threading.Thread(target=attempt, daemon=True)
    reader.start()
    reader.join(timeout=5)
    if reader.is_alive():  # blocked on the FIFO: give it a writer so the thread ends, then fail
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=5)
        pytest.fail("read_input blocked on a FIFO")
    [error] = outcome
    assert isinstance(error, CatalogError), error
    assert error.path == "locales/pipe.po" and "not a regular file" in error.message


def test_a_device_is_refused():
    with pytest.raises(SourceError, match="not a regular file"):
        read_input(Path("/dev/zero"), "source", "source/zero.yaml")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_dangling_symlink_is_refused(tmp_path, kind):
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "gone")
    assert exists(link)  # callers see something there, and reading it refuses it
    with pytest.raises(ERRORS[kind], match="file not found") as refused:
        read_input(link, kind, "shown/link", tmp_path)
    assert refused.value.path == "shown/link"


def test_an_unreadable_file_is_the_kinds_error_not_oserror(tmp_path, monkeypatch):
    path = tmp_path / "secret.tsv"
    path.write_text("en\n", encoding="utf-8")
    real_open = os.open

    def refuse(name, *args, **kwargs):  # what open() does to a file of mode 000 (except for root)
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(CatalogError, match="cannot read: Permission denied") as refused:
        read_input(path, "termbase", "locales/termbase.tsv")
    assert refused.value.path == "locales/termbase.tsv"


@pytest.fixture
def tree(tmp_path):
    """root/ (the folder files belong to) beside outside/ (where no input may lead)."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("outside\n", encoding="utf-8")
    (root / "real.txt").write_text("inside\n", encoding="utf-8")
    return root, outside


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_symlink_out_of_root_is_refused(tree, kind):
    root, outside = tree
    (root / "link.txt").symlink_to(outside / "secret.txt")
    with pytest.raises(ERRORS[kind]) as refused:
        read_input(root / "link.txt", kind, "root/link.txt", root)
    assert refused.value.path == "root/link.txt"
    assert refused.value.message == f"refusing a {kind} file that points outside root/"


def test_a_relative_symlink_out_of_root_is_refused(tree):
    root, _ = tree
    (root / "link.txt").symlink_to(Path("..") / "outside" / "secret.txt")
    with pytest.raises(CatalogError, match="points outside root/"):
        read_input(root / "link.txt", "catalog", "root/link.txt", root)


def test_a_symlinked_folder_on_the_way_out_is_refused(tree):
    root, outside = tree
    (root / "sub").symlink_to(outside, target_is_directory=True)
    with pytest.raises(TemplateError, match="points outside root/"):
        read_input(root / "sub" / "secret.txt", "template", "root/sub/secret.txt", root)


def test_a_symlink_out_is_read_when_no_root_is_given(tree):
    root, outside = tree
    (root / "link.txt").symlink_to(outside / "secret.txt")
    assert read_input(root / "link.txt", "catalog", "link.txt") == b"outside\n"


def test_a_symlink_that_stays_inside_root_is_accepted(tree):
    root, _ = tree
    (root / "sub").mkdir()
    (root / "sub" / "up.txt").symlink_to(Path("..") / "real.txt")
    (root / "alias").symlink_to(root / "sub", target_is_directory=True)
    assert read_input(root / "sub" / "up.txt", "catalog", "root/sub/up.txt", root) == b"inside\n"
    assert read_input(root / "alias" / "up.txt", "catalog", "root/alias/up.txt", root) == b"inside\n"


def test_a_root_reached_through_a_symlink_is_no_escape(tree, tmp_path):
    root, _ = tree
    alias = tmp_path / "alias"
    alias.symlink_to(root, target_is_directory=True)
    assert read_input(alias / "real.txt", "source", "real.txt", alias) == b"inside\n"
    assert read_input(root / "real.txt", "source", "real.txt", alias) == b"inside\n"
    assert read_input(alias / "real.txt", "source", "real.txt", root) == b"inside\n"


@pytest.mark.parametrize(
    ("data", "line"),
    [(b"\xff", 1), (b"ok\n\xc3", 2), (b"one\ntwo\nthree \xe2\x82 four\nfive\n", 3), (b"a\r\nb\r\n\x80\n", 3)],
)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_decode_reports_the_line_of_the_first_bad_byte(kind, data, line):
    with pytest.raises(ERRORS[kind]) as refused:
        decode(data, kind, "shown/file")
    assert (refused.value.path, refused.value.line) == ("shown/file", line)
    assert refused.value.message.startswith("not valid UTF-8")
    assert str(refused.value).startswith(f"shown/file:{line}: not valid UTF-8")


def test_decode_keeps_good_text_and_read_text_reports_bad_bytes(tmp_path):
    assert decode("Саммит\n峰会\n".encode(), "catalog", "x") == "Саммит\n峰会\n"
    path = tmp_path / "termbase.tsv"
    path.write_bytes(b"en\tru\nsummit\t\xd0\n")
    with pytest.raises(CatalogError) as refused:
        read_text(path, "termbase", "locales/termbase.tsv")
    assert str(refused.value).startswith("locales/termbase.tsv:2: not valid UTF-8")


# -- every kind of input, through the CLI -------------------------------------------------------


@pytest.fixture
def no_hang():
    """Fail, rather than hang the run, when a command blocks (on a FIFO, say) for 30 s."""

    def expired(signum, frame):
        raise AssertionError("the command blocked for 30 s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def link_out(path: Path, outside: Path) -> Path:
    """Move the file at ``path`` to ``outside`` and leave a symlink to it in its place."""
    outside.parent.mkdir(parents=True, exist_ok=True)
    path.replace(outside)
    path.symlink_to(outside)
    return outside


def refused(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert message in result.output, result.output  # check reports on stdout, the others on stderr
    assert "Traceback" not in result.output


def test_the_fixture_passes_these_commands_when_nothing_points_out(mini):
    """The control for the tests below: their exit status 1 comes from the refusal. (The fixture's
    ru catalog has deliberate errors, so ``check`` is run on another locale.)"""
    for command in (("check", "kk"), ("stats",), ("update",), ("build", "--edition-format", "html"), ("extract",)):
        assert run(mini, *command).exit_code == 0, command


@pytest.mark.parametrize("command", [("check",), ("check", "kk")])
def test_a_termbase_symlinked_out_of_locales_fails_the_check(mini, tmp_path, command):
    outside = tmp_path / "elsewhere" / "termbase.tsv"
    outside.parent.mkdir()
    outside.write_text("en\tkk\nsummit\tсаммит\n", encoding="utf-8")
    mini.termbase_path.symlink_to(outside)
    result = run(mini, *command)
    refused(result, "locales/termbase.tsv: refusing a termbase file that points outside locales/")


@pytest.mark.parametrize("command", [("check", "kk"), ("stats",), ("update",), ("build", "--edition-format", "html")])
def test_a_catalog_symlinked_out_of_locales_is_reported(mini, tmp_path, command):
    catalog = mini.bulletins[0].catalog_path("kk")
    outside = link_out(catalog, tmp_path / "elsewhere" / "kk.po")
    before = outside.read_bytes()
    result = run(mini, *command)
    # check gives it as a diagnostic (path: error: [po-syntax] message), the others as path: message
    assert re.search(
        r"^locales/kk/LC_MESSAGES/bulletin\.po: (error: \[po-syntax\] )?refusing a catalog file that points outside locales/$",
        result.output, re.MULTILINE,
    ), result.output
    refused(result, "refusing a catalog file that points outside locales/")
    assert outside.read_bytes() == before  # update wrote nothing through the link
    assert catalog.is_symlink()


def test_a_draft_build_leaves_out_the_locale_whose_catalog_points_out(mini, tmp_path):
    link_out(mini.bulletins[0].catalog_path("kk"), tmp_path / "elsewhere" / "kk.po")
    result = run(mini, "build", "--edition-format", "html")
    refused(result, "kk: not built: locales/kk/LC_MESSAGES/bulletin.po: refusing a catalog file")
    assert (mini.dist_dir / "en" / "index.html").is_file()  # the other editions are built
    assert (mini.dist_dir / "ru" / "index.html").is_file()
    assert not (mini.dist_dir / "kk").exists()


@pytest.mark.parametrize(
    ("name", "command"),
    [("web.css", ("build", "--edition-format", "html")), ("edition.html", ("build", "--edition-format", "html")),
     ("edition.html", ("extract",))],
)
def test_a_template_symlinked_out_of_templates_is_refused(mini, tmp_path, name, command):
    link_out(eject(mini, name), tmp_path / "elsewhere" / name)  # a project's own copy of a theme template
    result = run(mini, *command)
    refused(result, f"templates/{name}: refusing a template file that points outside templates/")


@pytest.mark.slow  # builds a PDF
def test_print_css_symlinked_out_of_templates_is_refused_by_the_pdf_build(mini, tmp_path):
    link_out(eject(mini, "print.css"), tmp_path / "elsewhere" / "print.css")
    result = run(mini, "build", "--edition-format", "pdf", "--locale", "en")
    refused(result, "templates/print.css: refusing a template file that points outside templates/")


@pytest.mark.parametrize("command", [("build", "--edition-format", "html"), ("extract",), ("update",)])
def test_the_bulletin_source_symlinked_out_of_the_project_is_refused(mini, tmp_path, command):
    source = mini.sources[0]
    link_out(source, tmp_path / "elsewhere" / source.name)
    result = run(mini, *command)
    refused(result, f"source/{source.name}: refusing a source file that points outside {mini.root.name}/")


PROJECT_COMMANDS = [
    ("check",), ("stats",), ("update",), ("build", "--edition-format", "html"), ("extract",), ("compile",),
    ("init", "fr"), ("serve", "--port", "0", "--no-pdf"),
]


@pytest.mark.parametrize("command", PROJECT_COMMANDS, ids=lambda command: command[0])
def test_pyproject_as_a_fifo_is_refused_by_every_command(mini, command, no_hang):
    pyproject = mini.root / "pyproject.toml"
    pyproject.unlink()
    os.mkfifo(pyproject)
    refused(run(mini, *command), "pyproject.toml: not a regular file")


@pytest.mark.parametrize("command", PROJECT_COMMANDS, ids=lambda command: command[0])
def test_an_oversized_pyproject_is_refused_by_every_command(mini, command):
    pyproject = mini.root / "pyproject.toml"
    limit = KINDS["config"].max_bytes
    with pyproject.open("a", encoding="utf-8") as handle:
        handle.write("# " + "x" * limit + "\n")
    refused(run(mini, *command), "pyproject.toml: too large (")
    assert f"the limit is {limit}" in run(mini, "check").stderr
