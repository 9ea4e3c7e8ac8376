"""The editions in a real browser (Debian's Chromium, driven by Selenium): rendering, the language
switcher, requests, accessibility (axe-core) and layouts at 360 px and 1280 px."""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import REPO
from .test_pdf import FOLDERS, edition

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = REPO / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["index.html", "status.html"] + [f"{tag}/index.html" for tag in FOLDERS.values()]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def site(real_build):
    handler = functools.partial(QuietHandler, directory=str(real_build.out_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class Chrome(webdriver.Chrome):
    """A Chrome driver that removes its own temporary profile when it quits."""

    profile: str | None = None

    def quit(self) -> None:
        try:
            super().quit()
        finally:
            remove_profile(self.profile)
            self.profile = None


def remove_profile(profile: str | None) -> None:
    if profile is None:
        return
    # Chromium may still be writing to its profile for a moment after quitting.
    for _ in range(20):
        shutil.rmtree(profile, ignore_errors=True)
        if not os.path.exists(profile):
            return
        time.sleep(0.1)


def make_driver(javascript: bool = True) -> webdriver.Chrome:
    """A browser whose profile folder is removed by its ``quit()`` (or at once, if it cannot start)."""
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="silkpress-chromium-")
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", f"--user-data-dir={profile}", "--window-size=1280,900",
    ):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    # Chromium's own temporary files (.org.chromium.Chromium.*) go inside the profile, and go with it.
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver", env={**os.environ, "TMPDIR": profile})
    try:
        browser = Chrome(options=options, service=service)
    except BaseException:
        remove_profile(profile)
        raise
    browser.profile = profile
    return browser


@pytest.fixture(scope="module")
def driver():
    browser = make_driver()
    try:
        yield browser
    finally:
        browser.quit()  # and its profile


@pytest.fixture
def shots():
    """Where screenshots go: SILKPRESS_SCREENSHOTS (kept), or a temporary folder removed after the test."""
    kept = os.environ.get("SILKPRESS_SCREENSHOTS")
    if kept:
        yield Path(kept)
        return
    folder = tempfile.mkdtemp(prefix="silkpress-shots-")
    try:
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def requests_made(browser) -> list[str]:
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_each_edition_renders_and_requests_stay_in_dist(driver, site, real_project):
    driver.get_log("performance")
    for locale, tag in FOLDERS.items():
        driver.get(site + f"{tag}/index.html")
        localized = edition(real_project, locale)
        assert driver.title == localized.title.text
        assert driver.find_element(By.TAG_NAME, "h1").text == localized.title.text
        assert len(driver.find_elements(By.CSS_SELECTOR, "article h2")) == 10
        fonts_ready = driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; document.fonts.ready.then(() => "
            "done([...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)))"
        )
        # every page draws its switcher's "中文" with the bundled CJK family (a subset of it)
        expected = {'"Silkpress Serif SC"', '"Silkpress Serif"'}
        assert set(fonts_ready) <= expected | {family.strip('"') for family in expected} and fonts_ready
    urls = requests_made(driver)
    assert urls
    network = [url for url in urls if url.split(":", 1)[0] in ("http", "https", "ws", "wss", "ftp")]
    outside = [url for url in network if not url.startswith(site)]
    assert outside == []


def test_switcher_leads_to_the_same_event(driver, site):
    driver.get(site + "ru/index.html#railway")
    driver.find_element(By.CSS_SELECTOR, '.switcher a[hreflang="kk"]').click()
    WebDriverWait(driver, 10).until(lambda d: "/kk/index.html" in d.current_url)
    assert driver.current_url.endswith("/kk/index.html#railway")
    # and from a position reached by scrolling, without a fragment
    driver.get(site + "en/index.html")
    driver.execute_script("document.getElementById('sister-cities').scrollIntoView()")
    driver.find_element(By.CSS_SELECTOR, '.switcher a[hreflang="zh-Hans"]').click()
    WebDriverWait(driver, 10).until(lambda d: "/zh-Hans/index.html" in d.current_url)
    assert driver.current_url.endswith("#sister-cities")


def test_pages_work_without_javascript(site):
    browser = make_driver(javascript=False)
    try:
        browser.get(site + "uz-Latn/index.html")
        assert len(browser.find_elements(By.TAG_NAME, "article")) == 10
        assert browser.find_element(By.CSS_SELECTOR, '.switcher a[hreflang="ru"]').get_attribute("href").endswith("/ru/index.html")
        browser.get(site + "index.html")
        # five languages; Kazakh and Uzbek each in two scripts, grouped (seven editions)
        assert len(browser.find_elements(By.CSS_SELECTOR, ".editions a.language, .editions .scripts > .language")) == 5
        assert len(browser.find_elements(By.CSS_SELECTOR, ".editions a[hreflang]")) == 7
    finally:
        browser.quit()


@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_serious_or_critical_violation(driver, site, page):
    driver.get(site + page)
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    violations = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]));"
    )
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []


@pytest.mark.parametrize("width", [360, 1280])
def test_layout_at_phone_and_desktop_widths(driver, site, width, shots):
    shots.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(width, 900)
    for tag in FOLDERS.values():
        driver.get(site + f"{tag}/index.html")
        inner = driver.execute_script("return document.documentElement.clientWidth")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= inner, (tag, width)
        assert driver.save_screenshot(str(shots / f"{tag}-{width}.png"))
    driver.set_window_size(1280, 900)


def test_preview_page_reloads_itself_after_a_save(driver, mini, tmp_path):
    from silkpress.serve import Preview

    preview = Preview(mini, port=0, out_dir=tmp_path / "preview", formats=("html",))
    preview.start()
    try:
        driver.get(preview.url + "ru/index.html")
        assert "Саммит состоялся" in driver.find_element(By.CSS_SELECTOR, "#summit h2").text
        po = mini.bulletins[0].catalog_path("ru")
        po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Саммит состоялся"', 'msgstr "Саммит завершился"'), encoding="utf-8")
        # no driver.refresh(): the page's own script must notice the rebuild
        # the page may reload between finding the heading and reading it: try again then
        wait = WebDriverWait(driver, 15, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException))
        wait.until(lambda d: "Саммит завершился" in d.find_element(By.CSS_SELECTOR, "#summit h2").text)
    finally:
        preview.stop()


def axe_violations(folder: Path, pages: list[str]) -> dict[str, list[dict[str, str]]]:
    """axe-core's violations (id and impact) on each page of ``folder``, served on 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = make_driver()
    try:
        found = {}
        for page in pages:
            driver.get(f"http://127.0.0.1:{server.server_address[1]}/{page}")
            driver.execute_script(AXE.read_text(encoding="utf-8"))
            found[page] = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {resultTypes: ['violations']})"
                ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact}))))"
                ".catch(e => done([{id: 'axe-error', impact: String(e)}]));"
            )
        return found
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()
