"""The monitoring pages in Debian's Chromium (Playwright) against a live uvicorn over a store that
`rasd watch` filled from a loopback feed: /sources, /alerts, a saved search's page and /new open
right-to-left without script errors, show what was polled and alerted, and never run the script
payloads a hostile feed puts in an outlet name and a title."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.watch_support import Server
from tests.web_support import ServerThread

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"
HOSTILE = "<img src=x onerror=\"window.__pwned='name'\"><script>window.__pwned='s'</script>"
IDLIB = ("قتل خمسة مدنيين اليوم في غارة جوية شنتها طائرات حربية على بلدة سراقب في ريف إدلب الشرقي، "
         "بحسب ما أفاد الدفاع المدني.")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make browser)"),
]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    from rasd.ingest.watch import Options, Watcher
    from rasd.pipeline import shared
    from rasd.store import Store
    from rasd.store import alerts as al
    from rasd.store import sources as srcs
    from rasd.web import create_app

    mp = pytest.MonkeyPatch()
    mp.setenv("RASD_FETCH_ALLOW_PRIVATE", "1")
    url = f"sqlite:///{tmp_path_factory.mktemp('wb') / 'b.db'}"
    store = Store.open(url)
    with Server() as feeds:
        feeds.site.add_item("b", 1, text=IDLIB, title=HOSTILE)
        srcs.add_source(store, feeds.feed_url("b"), name=HOSTILE, country="SY")
        feeds.site.fail["/feed/missing.xml"] = 404
        srcs.add_source(store, f"{feeds.base}/feed/missing.xml")
        al.add_search(store, "إدلب", filters={"admin1": "Idlib"})
        w = Watcher(store, pipeline=shared(), options=Options(delay=0.0, timeout=5.0))
        w.cycle()
        w.close()
    with ServerThread(create_app(url)) as server:
        yield server
    store.close()
    mp.undo()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live.url)
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(f"pageerror: {exc}"))
    pg.on("console", lambda msg: pg.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    yield pg
    context.close()


def visit(page, path: str, name: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"monitor-{name}.png"), full_page=True)
    assert page.errors == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.documentElement.dir") == "rtl"


def test_sources_page(page):
    visit(page, "/sources", "sources")
    rows = page.locator("#sources tbody tr")
    assert rows.count() == 2
    assert page.locator(".source-failing").count() == 1  # the missing feed: HTTP 404, error streak 1
    assert "HTTP 404" in page.locator(".source-failing .source-error").inner_text()
    assert HOSTILE in page.locator(".source-ok .source-url").inner_text()  # shown as text, not run


def test_alerts_pages(page):
    visit(page, "/alerts", "alerts")
    page.locator("a.search-link").first.click()
    page.wait_for_load_state()
    assert page.errors == [] and page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#search-name").inner_text() == "إدلب"
    assert page.locator("#alerts tbody tr").count() == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "monitor-alert.png"), full_page=True)


def test_new_page(page):
    visit(page, "/new", "new")
    assert page.locator("#new-events-count").get_attribute("data-n") == "1"
    assert page.locator("#new-events-count").inner_text() == "حدث واحد"  # Arabic counts in words
    assert page.locator("#new-articles-count").inner_text() == "مقال واحد"
    page.fill("#since", "2999-01-01T00:00")
    page.locator("form.search button").click()
    page.wait_for_load_state()
    assert page.locator("#new-events-count").get_attribute("data-n") == "0"
    assert page.locator("#new-events-count").inner_text() == "لا أحداث"
