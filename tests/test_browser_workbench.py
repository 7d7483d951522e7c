"""The analyst's workbench in a real browser (Debian's Chromium, Playwright, a live uvicorn).

The map draws the built-in base layer, clusters the events and fits them (filtered too), its
popups are right-to-left with the evidence link, and past the map cap it says so; the timeline
labels its axis with years and its brush sets the date filter, which the events list follows;
Arabic counts take the right plural form; filters survive a reload from the URL and travel with
the header links; an unknown value is answered in words; no page overflows 390 px. Screenshots go
to artifacts/browser/ (gitignored).
"""

from __future__ import annotations

import re

import httpx
import pytest

from tests.test_browser_web import CHROMIUM, shot
from tests.web_support import OBFUSCATED_ID, ServerThread, store_url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make browser)"),
]


def _server(map_cap: int):
    from rasd.web import create_app
    from rasd.web.config import Settings

    return ServerThread(create_app(settings=Settings.from_env(store_url=store_url("workbench"), map_cap=map_cap)))


@pytest.fixture(scope="module")
def live():
    with _server(5000) as server:
        yield server


@pytest.fixture(scope="module")
def capped():
    """The same store behind a map cap of 2 events (the test store holds 4 with coordinates)."""
    with _server(2) as server:
        yield server


def _page(browser, base_url: str, width: int = 1280, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=base_url)
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(f"pageerror: {exc}"))
    pg.on("console", lambda msg: pg.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    return pg


@pytest.fixture
def page(browser, live):
    pg = _page(browser, live.url)
    yield pg
    pg.context.close()


def _located(live, **params) -> list[tuple[float, float]]:
    items = httpx.get(f"{live.url}/api/events", params={**params, "limit": 100}, timeout=30).json()["items"]
    return [(e["latitude"], e["longitude"]) for e in items if e.get("latitude") is not None]


def _map_ready(page) -> None:
    page.wait_for_selector("#map[data-ready='1'][data-base]")


def _fits(page, points) -> bool:
    return page.evaluate("""(pts) => { const b = window.rasdMap.getBounds();
        return pts.every(([lat, lon]) => b.contains([lat, lon])); }""", points)


def _cluster_at(page, points, zoom: int) -> bool:
    """Whether two of the points fall within the cluster group's radius of each other at `zoom`."""
    return page.evaluate("""([pts, z]) => { const m = window.rasdMap, r = window.rasdEvents.options.maxClusterRadius;
        return pts.some((a, i) => pts.some((b, j) => j > i && m.project(a, z).distanceTo(m.project(b, z)) < r)); }""",
                         [points, zoom])


def _zoom_and_recluster(page, zoom: int) -> None:
    """Set the zoom (no animation) and wait until the cluster group has re-clustered for it.

    A zoom asked for while Leaflet animates one is dropped, so first wait for the map to be still;
    then the signal is markercluster's own state: its zoom is the map's, no animation is running and
    a cluster is among its visible layers.
    """
    page.wait_for_function("() => !window.rasdMap._animatingZoom && !window.rasdEvents._inZoomAnimation")
    page.evaluate("z => window.rasdMap.setZoom(z, {animate: false})", zoom)
    page.wait_for_function("""z => { const m = window.rasdMap, g = window.rasdEvents;
        return m.getZoom() === z && g._zoom === z && !g._inZoomAnimation
            && g._featureGroup.getLayers().some(l => l instanceof L.MarkerCluster); }""", arg=zoom)


def test_map_has_base_layer_clusters_and_fits_the_filtered_events(page, live):
    everywhere = _located(live)
    if len(everywhere) < 2:
        pytest.skip("too few events with coordinates in the test articles")
    page.goto("/events")
    _map_ready(page)
    assert int(page.get_attribute("#map", "data-base")) > 50  # countries of the region + governorates
    assert page.locator("#map path.base-country.arab").count() >= 20
    # first-level unit outlines across the region, not only Syria's (Natural Earth admin-1)
    for country, at_least in (("YE", 20), ("IQ", 18), ("LY", 20), ("SD", 15), ("SY", 14)):
        assert page.locator(f"#map path.base-admin1.c-{country}").count() >= at_least, country
    assert page.evaluate("""() => { const w = s => parseFloat(getComputedStyle(document.querySelector(s)).strokeWidth);
        return w("#map path.base-border") > w("#map path.base-admin1"); }""")  # borders stronger than units
    assert _fits(page, everywhere) and page.evaluate("window.rasdMap.getZoom()") >= 6  # not a world view
    shot(page, "workbench-map")
    assert _cluster_at(page, everywhere, 4)  # two events of the test store are a few pixels apart there
    _zoom_and_recluster(page, 4)
    page.wait_for_selector("#map .marker-cluster")
    assert page.locator("#map .marker-cluster span").first.inner_text().isdigit()

    admin1 = httpx.get(f"{live.url}/api/events", params={"limit": 100}, timeout=30).json()["items"][0]["admin1"]
    some = _located(live, governorate=admin1)
    page.goto(f"/events?governorate={admin1}")
    _map_ready(page)
    assert page.get_attribute("#map", "data-markers") == str(len(some))
    assert _fits(page, some)

    page.locator("#map .event-dot").first.click()
    popup = page.locator(".leaflet-popup .popup")
    popup.wait_for()
    assert popup.get_attribute("dir") == "rtl"
    assert popup.evaluate("e => getComputedStyle(e).textAlign") == "right"
    assert page.locator(".leaflet-popup a.evidence-link").get_attribute("href").startswith("/articles/")
    assert page.locator("#map-notice").is_hidden()  # under the cap: nothing to say
    assert page.errors == []


def test_past_the_map_cap_the_page_says_so(browser, capped):
    pg = _page(browser, capped.url)
    pg.goto("/events")
    _map_ready(pg)
    notice = pg.locator("#map-notice")
    assert notice.is_visible()
    assert pg.get_attribute("#map", "data-aggregated") in {"1", "capped"}
    assert "4" in notice.inner_text()  # the total the map stands for
    shot(pg, "workbench-map-capped")
    assert pg.errors == []
    pg.context.close()


def test_timeline_has_years_and_its_brush_sets_the_dates_of_the_events_list(page):
    page.goto("/events")
    page.wait_for_selector("#timeline[data-ready='1'] canvas")
    labels = page.get_attribute("#timeline", "data-x-labels").split("|")
    assert labels and all(re.search(r"\b20\d\d\b", label) for label in labels), labels
    before = int(page.get_attribute("#total", "data-total"))
    page.locator("#timeline .u-over").scroll_into_view_if_needed()
    over = page.locator("#timeline .u-over").bounding_box()
    y = over["y"] + over["height"] / 2
    page.mouse.move(over["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(over["x"] + over["width"] * 0.55, y, steps=8)
    page.mouse.up()
    page.wait_for_url(re.compile(r"date_from=2019-\d\d-\d\d.*date_to=2019-\d\d-\d\d"))
    page.wait_for_selector("#timeline[data-ready='1'] canvas")
    url = page.url
    start, end = re.search(r"date_from=([\d-]+)", url)[1], re.search(r"date_to=([\d-]+)", url)[1]
    dates = page.eval_on_selector_all("tr.event-row", "rows => rows.map(r => r.dataset.date)")
    assert 0 < len(dates) < before
    assert all(start <= d <= end for d in dates)
    assert page.input_value("input[name=date_from]") == start  # the filter form follows the brush
    assert page.errors == []


def test_arabic_counts_take_the_right_plural_form(page, live):
    page.goto("/events")
    total = int(page.get_attribute("#total", "data-total"))
    assert 3 <= total <= 10
    assert page.inner_text("#total") == f"{total} أحداث"
    page.goto("/events?digits=arab")
    assert page.inner_text("#total") == f"{'٠١٢٣٤٥٦٧٨٩'[total]} أحداث"
    page.goto("/events?digits=latn")
    page.goto(f"/articles/{OBFUSCATED_ID}")
    assert page.inner_text(".events-panel h2 .n") == "حدث واحد"
    types = httpx.get(f"{live.url}/api/events", params={"limit": 100}, timeout=30).json()["items"]
    two = next((a for a in {e["admin1"] for e in types} if sum(e["admin1"] == a for e in types) == 2), None)
    if two:
        page.goto(f"/events?governorate={two}")
        assert page.inner_text("#total") == "حدثان"
    page.goto("/events?lang=en")
    assert page.inner_text("#total") == f"{total} events"


def test_filters_survive_a_reload_travel_with_links_and_unknown_values_are_said(page, live):
    page.goto("/events?governorate=%D8%AD%D9%85%D8%A7%D8%A9&event_type=Battles")  # حماة, Arabic value
    page.reload()
    assert page.input_value("input[name=governorate]") == "حماة"
    assert page.locator("select[name=event_type]").input_value() == "Battles"
    href = page.get_attribute("nav a[href^='/dashboard']", "href")
    assert "governorate=" in href and "event_type=Battles" in href
    page.click("nav a[href^='/dashboard']")
    page.wait_for_url("**/dashboard?**")
    assert page.input_value("input[name=governorate]") == "حماة"

    page.goto("/events")
    page.click(".filters summary")
    page.fill("input[name=governorate]", "حم")
    page.wait_for_function("(q) => document.querySelector('input[name=governorate]').dataset.suggestedFor === q",
                           arg="حم")
    options = page.eval_on_selector_all("#suggest-place option", "os => os.map(o => o.value)")
    assert "حماة" in options

    for path in ("/events?governorate=Atlantis", "/dashboard?governorate=Atlantis", "/?governorate=Atlantis"):
        response = page.goto(path)
        assert response.status == 422
        assert page.locator("#filter-notice").is_visible()
        assert "Atlantis" in page.inner_text("#filter-notice")


def test_dashboard_shows_counts_top_lists_and_deadly_events(page, live):
    page.goto("/dashboard?lang=en")
    page.wait_for_selector("#timeline[data-ready='1'] canvas")
    page.wait_for_selector("#fatalities[data-ready='1']")
    assert page.get_attribute("#timeline", "data-by") == "week"
    assert page.locator("#top-places li").count() >= 1 and page.locator("#top-actors li").count() >= 1
    # the lists are the counts API's (one counting function, one unit), each linking to its filter
    top = httpx.get(f"{live.url}/api/counts/top", params={"field": "admin1"}, timeout=30).json()["items"]
    links = page.eval_on_selector_all("#top-places a",
                                      "as => as.map(a => new URL(a.href).searchParams.get('governorate'))")
    assert links == [t["value"] for t in top][:10]
    pills = page.eval_on_selector_all("#top-places .pill", "ps => ps.map(p => p.textContent.trim())")
    assert pills == [f"{t['count']} event{'s' if t['count'] != 1 else ''}" for t in top][:10]
    newest = httpx.get(f"{live.url}/api/events/newest", params={"min_fatalities": 5}, timeout=30).json()
    assert page.locator("#deadly tbody tr").count() == min(10, newest["total"])
    shot(page, "workbench-dashboard")
    assert page.errors == []


@pytest.mark.parametrize("path", ["/", "/events", "/dashboard", "/quotes", f"/articles/{OBFUSCATED_ID}"])
def test_no_horizontal_overflow_at_390_px(browser, live, path):
    pg = _page(browser, live.url, 390, 844)
    pg.goto(path)
    pg.wait_for_load_state("networkidle")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    if path.startswith("/articles/"):  # entity labels show without hovering
        tag = pg.locator(".hl.ent[data-tag]").first
        assert tag.evaluate("e => getComputedStyle(e, '::before').content").strip('"') == tag.get_attribute("data-tag")
    shot(pg, "mobile" + (path.replace("/", "-") if path != "/" else "-articles"))
    assert pg.errors == []
    pg.context.close()
