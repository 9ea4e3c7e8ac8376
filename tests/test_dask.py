"""The Dask executor, on a real (local) distributed cluster: the same PDFs, byte for byte."""

from __future__ import annotations

import socket

import pytest
from distributed import LocalCluster

from .helpers import build_with, eject

pytestmark = pytest.mark.slow  # PDFs, real tools or long runs: left out of the fast layer


@pytest.fixture(scope="module")
def scheduler():
    # The dashboard on a free port: dashboard_address=None still binds 8787, and failed when it was
    # busy. 8787 is kept busy here while the cluster starts, so that a regression shows every time.
    with socket.socket() as busy:
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            busy.bind(("", 8787))
            busy.listen()
        except OSError:
            pass  # already busy, which is the case this guards against anyway
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
            yield cluster.scheduler_address


def test_dask_build_is_byte_identical_to_a_local_build(mini, tmp_path, scheduler):
    local, remote = tmp_path / "local", tmp_path / "dask"
    build_with(mini, locales=["en", "zh_Hans", "kk"], out_dir=local)
    result = build_with(mini, locales=["en", "zh_Hans", "kk"], out_dir=remote, executor="dask", scheduler=scheduler)
    assert result.failures == ()
    files = sorted(p.relative_to(local) for p in local.rglob("*") if p.is_file())
    assert any(str(f).endswith(".pdf") for f in files)
    assert files == sorted(p.relative_to(remote) for p in remote.rglob("*") if p.is_file())
    for name in files:
        assert (local / name).read_bytes() == (remote / name).read_bytes(), name


def test_dask_failures_name_the_edition(mini, tmp_path, scheduler):
    css = eject(mini, "print.html")
    css.write_text(css.read_text(encoding="utf-8").replace("<style>", '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">\n<style>'), encoding="utf-8")
    result = build_with(mini, locales=["en"], formats=["pdf"], out_dir=tmp_path / "out", executor="dask", scheduler=scheduler)
    (failure,) = result.failures
    assert failure.path == "en/mini-en.pdf" and "http://127.0.0.1:9/x.css" in failure.message
