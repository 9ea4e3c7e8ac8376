"""silkpress serve: live rebuilds, the error page, and no file outside the build folder."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request

import pytest

from silkpress.serve import Preview


@pytest.fixture
def preview(mini, tmp_path):
    server = Preview(mini, port=0, out_dir=tmp_path / "preview", formats=("html",))
    server.start()
    yield server
    server.stop()


def fetch(preview, path):
    try:
        with urllib.request.urlopen(preview.url.rstrip("/") + path, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(preview, path, predicate, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, body = fetch(preview, path)
        if predicate(status, body):
            return status, body
        time.sleep(0.2)
    raise AssertionError(f"{path} did not change within {seconds} s; last status {status}")


def test_binds_loopback_and_serves_the_draft(preview):
    assert preview.url.startswith("http://127.0.0.1:")
    status, body = fetch(preview, "/ru/index.html")
    assert status == 200 and "Саммит состоялся" in body
    assert "__silkpress__/version" in body  # the reload script
    assert fetch(preview, "/")[0] == 200


def test_saved_catalog_change_appears_then_errors_then_recovers(preview, mini):
    po = mini.bulletins[0].catalog_path("ru")
    good = po.read_text(encoding="utf-8")
    po.write_text(good.replace('msgstr "Саммит состоялся"', 'msgstr "Саммит прошёл успешно"'), encoding="utf-8")
    wait_for(preview, "/ru/index.html", lambda status, body: "Саммит прошёл успешно" in body)
    assert preview.affected([str(po)]) == ["ru"]

    po.write_text(good.replace('msgstr "Саммит состоялся"', 'msgstr "Саммит'), encoding="utf-8")
    status, body = wait_for(preview, "/ru/index.html", lambda status, body: status == 500)
    assert "locales/ru/LC_MESSAGES/bulletin.po:" in body and "end-of-line within string" in body

    po.write_text(good, encoding="utf-8")
    wait_for(preview, "/ru/index.html", lambda status, body: status == 200 and "Саммит состоялся" in body)


def test_source_change_rebuilds_every_edition(preview, mini):
    mini.sources[0].write_text(mini.sources[0].read_text(encoding="utf-8").replace("Forums met", "Forums convened"), encoding="utf-8")
    wait_for(preview, "/en/index.html", lambda status, body: "Forums convened" in body)
    wait_for(preview, "/kk/index.html", lambda status, body: "Forums convened" in body)


@pytest.mark.parametrize(
    "path",
    ["/../pyproject.toml", "/%2e%2e/pyproject.toml", "/..%2fpyproject.toml", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
     "/ru/../../pyproject.toml", "/..\\pyproject.toml", "//etc/passwd", "/%00"],
)
def test_never_serves_outside_the_build_folder(preview, path):
    host, port = preview.server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 404
    assert b"[tool.silkpress]" not in body and b"root:" not in body


def request(preview, host, path="/en/index.html"):
    """A GET with the Host header given (None: no Host header at all)."""
    address, port = preview.server.server_address[:2]
    connection = http.client.HTTPConnection(address, port, timeout=5)
    connection.putrequest("GET", path, skip_host=True)
    if host is not None:
        connection.putheader("Host", host.replace("PORT", str(port)))
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


@pytest.mark.parametrize("host", ["127.0.0.1:PORT", "localhost:PORT", "LOCALHOST:PORT"])
def test_answers_at_its_own_address_and_localhost(preview, host):
    assert request(preview, host)[0] == 200


@pytest.mark.parametrize(
    "host",
    ["evil.example:PORT", "evil.example", "localhost.evil.example:PORT", "127.0.0.1.nip.io:PORT", "127.0.0.1:1",
     "localhost", "10.0.0.5:PORT", "", "127.0.0.1:PORT:PORT", "[::1", None],
)
def test_refuses_another_host_against_dns_rebinding(preview, host):
    for path in ("/en/index.html", "/__silkpress__/version"):
        status, body = request(preview, host, path)
        assert status == 400, (host, path)
        assert body.startswith(b"refused: this preview answers only at http://127.0.0.1:")
        assert b"Summit" not in body


def test_an_unexpected_error_becomes_the_error_page_and_rebuilding_goes_on(preview, mini, monkeypatch):
    import silkpress.serve

    real_build, broken = silkpress.serve.build, [True]

    def build(*args, **kwargs):
        if broken[0]:
            raise RuntimeError("a bug in the build")
        return real_build(*args, **kwargs)

    monkeypatch.setattr(silkpress.serve, "build", build)
    source = mini.sources[0]
    source.write_text(source.read_text(encoding="utf-8").replace("Forums met", "Forums convened"), encoding="utf-8")
    _, body = wait_for(preview, "/en/index.html", lambda status, body: status == 500)
    assert "RuntimeError: a bug in the build" in body and "Traceback" not in body
    broken[0] = False
    source.write_text(source.read_text(encoding="utf-8").replace("Forums convened", "Forums gathered"), encoding="utf-8")
    wait_for(preview, "/en/index.html", lambda status, body: status == 200 and "Forums gathered" in body)


def test_the_watcher_survives_its_own_errors(preview, mini, monkeypatch):
    failures = []

    def affected(paths):
        failures.append(paths)
        raise ValueError("the watcher tripped")

    messages = []
    monkeypatch.setattr(preview, "affected", affected)
    monkeypatch.setattr(preview, "on_build", messages.append)
    source = mini.sources[0]
    source.write_text(source.read_text(encoding="utf-8").replace("Forums met", "Forums convened"), encoding="utf-8")
    deadline = time.monotonic() + 15
    while not any("ValueError: the watcher tripped" in message for message in messages) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert failures and "ValueError: the watcher tripped; watching again" in messages[0]
    monkeypatch.undo()  # the watcher starts again, and catches up with what it missed
    source.write_text(source.read_text(encoding="utf-8").replace("Forums convened", "Forums gathered"), encoding="utf-8")
    wait_for(preview, "/en/index.html", lambda status, body: status == 200 and "Forums gathered" in body)
