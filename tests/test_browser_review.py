"""Review in a real browser (Debian's Chromium, Playwright, a live uvicorn): a reviewer logs in,
fixes an event's place and fatalities, rejects another with the keyboard, merges two reports into
one incident, and the API, the exports and the history show it; a reader cannot edit; a form
without its CSRF token is refused; two reviewers saving the same event end with one refused and
nothing lost."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import httpx
import pytest

from tests.web_support import OBFUSCATED_ID, TOKEN, ServerThread, store_url

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"
PASSWORDS = {"rana": "rana-reviews-1", "omar": "omar-reviews-2", "rita": "rita-reads-3", "adam": "adam-admin-4"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make browser)"),
]


@pytest.fixture(scope="module")
def live():
    from rasd.store import Store, accounts, review
    from rasd.web import create_app

    store = Store.open(store_url("review-browser"))
    for name, role in (("rana", "reviewer"), ("omar", "reviewer"), ("rita", "reader"), ("adam", "admin")):
        accounts.add_user(store, name, PASSWORDS[name], role)
    app = create_app(token=TOKEN, store=store)
    with ServerThread(app) as server:
        server.store = store
        server.pk = lambda aid: review.queue(store, status=None, article_id=aid)[0][0]["pk"]
        yield server
    store.close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


def _page(browser, live):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live.url)
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(f"pageerror: {exc}"))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" and "status of 40" not in m.text else None)
    return pg


def login(page, name: str, then: str = "/review") -> None:
    page.goto(then)
    page.wait_for_url("**/login?next=*")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def api_event(page, article_id: str, **params) -> dict | None:
    items = page.request.get("/api/events", params={"limit": 5000, **params}).json()["items"]
    return next((i for i in items if i["article_id"] == article_id), None)


def test_a_reviewer_fixes_one_event_rejects_another_and_every_output_shows_it(browser, live):
    page = _page(browser, live)
    login(page, "rana")
    assert page.url.endswith("/review") and page.locator("a.review-link").count() >= 3
    machine = api_event(page, OBFUSCATED_ID)
    # fix the place (chosen from the gazetteer's suggestions) and the fatalities
    page.goto(f"/review/event/{live.pk(OBFUSCATED_ID)}")
    assert page.locator("#text .hl.evidence").count() >= 1  # the evidence is highlighted in the article
    page.fill("#place-input", "حلب")
    page.wait_for_selector("#place-options option", state="attached")
    label = page.evaluate("Array.from(document.querySelectorAll('#place-options option')).map(o => o.value)"
                          ".find(v => v.includes('170063'))")
    page.fill("#place-input", label)
    assert page.input_value("#place-ref") == "170063"
    page.fill("#f-fatalities", "7")
    page.fill("textarea[name=comment]", "the report is about Aleppo city")
    page.click("h1")
    page.keyboard.press("s")  # keyboard shortcut: save the edits
    page.wait_for_url("**saved=edit*")
    # reject another one with the keyboard: r focuses the reason, Enter rejects
    page.goto(f"/review/event/{live.pk('web-hama-clashes')}")
    page.click("h1")
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "f-reason"
    page.keyboard.type("a denial, not a clash")
    page.keyboard.press("Enter")
    page.wait_for_url("**saved=reject*")
    # the history of the edited event lists each change
    page.goto(f"/review/event/{live.pk(OBFUSCATED_ID)}")
    rows = page.locator("#history tbody tr")
    fields = [rows.nth(i).locator("td.field").inner_text() for i in range(rows.count())]
    assert sorted(fields) == ["fatalities", "location", "review_status"]
    assert "rana" in rows.first.inner_text() and "Aleppo" in page.locator("#history").inner_text()
    shot(page, "review-event")
    # the API and the exports use the reviewed values, with review_status
    row = api_event(page, OBFUSCATED_ID)
    assert (row["location"], row["fatalities"], row["review_status"], row["latitude"]) == (
        "Aleppo", 7, "edited", pytest.approx(36.20124))
    assert api_event(page, OBFUSCATED_ID, machine="true")["location"] == machine["location"]
    assert api_event(page, "web-hama-clashes") is None
    # a rejected report takes part in no incident; one row per report shows it on request
    assert api_event(page, "web-hama-clashes", review_status="rejected") is None
    assert api_event(page, "web-hama-clashes", review_status="rejected", unit="report")["review_status"] == "rejected"
    table = list(csv.DictReader(io.StringIO(page.request.get("/api/export?format=acled-csv").text())))
    mine = [r for r in table if r["article_id"] == OBFUSCATED_ID]
    assert [(r["location"], r["fatalities"], r["review_status"]) for r in mine] == [("Aleppo", "7", "edited")]
    assert not [r for r in table if r["article_id"] == "web-hama-clashes"]
    geo = page.request.get("/api/export?format=geojson&review_status=edited").json()
    assert [f["properties"]["fatalities"] for f in geo["features"]] == [7]
    history = page.request.get(f"/api/reviews/history/{OBFUSCATED_ID}").json()
    assert {h["field"] for h in history} == {"location", "fatalities", "review_status"}
    # the events page filters on the review status
    page.goto("/events?review_status=rejected")
    assert page.locator("select[name=review_status]").input_value() == "rejected"
    assert page.errors == []


def test_a_reader_cannot_edit(browser, live):
    page = _page(browser, live)
    login(page, "rita", then="/events")
    assert page.url.endswith("/events")  # a reader reads
    assert page.goto("/review").status == 403
    pk = live.pk("web-daraa-protest")
    assert page.goto(f"/review/event/{pk}").status == 200
    assert page.locator("#review-form fieldset[disabled]").count() == 1
    token = page.locator("#review-form input[name=csrf_token]").input_value()
    status = page.evaluate("""([pk, token]) => fetch('/review/event/' + pk, {method: 'POST', body: new URLSearchParams(
        {csrf_token: token, version: '0', action: 'confirm'})}).then(r => r.status)""", [pk, token])
    assert status == 403
    assert api_event(page, "web-daraa-protest")["review_status"] == "unreviewed"


def test_a_form_without_its_csrf_token_is_refused(browser, live):
    page = _page(browser, live)
    login(page, "omar")
    pk = live.pk("web-daraa-protest")
    page.goto(f"/review/event/{pk}")
    post = """([pk, fields]) => fetch('/review/event/' + pk, {method: 'POST', body: new URLSearchParams(fields)})
        .then(r => r.status)"""
    assert page.evaluate(post, [pk, {"version": "0", "action": "confirm"}]) == 403
    assert page.evaluate(post, [pk, {"csrf_token": "forged", "version": "0", "action": "confirm"}]) == 403
    # a cross-site login (no CSRF cookie, no token) is refused too
    r = httpx.post(f"{live.url}/login", data={"name": "omar", "password": PASSWORDS["omar"]})
    assert r.status_code == 403
    assert api_event(page, "web-daraa-protest")["review_status"] == "unreviewed"


def test_two_concurrent_edits_one_refused_none_lost(browser, live):
    a, b = _page(browser, live), _page(browser, live)
    login(a, "rana")
    login(b, "omar")
    pk = live.pk("web-aleppo-shelling")
    a.goto(f"/review/event/{pk}")
    b.goto(f"/review/event/{pk}")  # both forms hold the same version
    a.fill("#f-fatalities", "2")
    a.click("#btn-save")
    a.wait_for_url("**saved=edit*")
    b.fill("#f-injured", "5")
    with b.expect_response(re.compile(r"/review/event/\d+$")) as answer:
        b.click("#btn-save")
    assert answer.value.status == 409
    assert b.locator(".notice.conflict").count() == 1 and "5" in b.locator(".attempt").inner_text()
    row = api_event(a, "web-aleppo-shelling")
    assert (row["fatalities"], row["injured"]) == (2, 4)  # rana's edit stands, omar's was not written
    shot(b, "review-conflict")
    # omar applies his value again on the current version: both edits are kept
    b.fill("#f-injured", "5")
    b.click("#btn-save")
    b.wait_for_url("**saved=edit*")
    row = api_event(a, "web-aleppo-shelling")
    assert (row["fatalities"], row["injured"]) == (2, 5)
    users = {h["user"] for h in a.request.get("/api/reviews/history/web-aleppo-shelling").json()}
    assert users == {"rana", "omar"}


def test_the_admin_page_shows_the_agreement(browser, live):
    page = _page(browser, live)
    login(page, "adam", then="/admin/reviews")
    assert page.locator("#agreement tbody tr").count() >= 1
    assert "fatalities" in page.locator("#agreement thead").inner_text()
    shot(page, "review-admin")


def test_without_accounts_the_app_stays_read_only_and_open(tmp_path):
    from rasd.store import Store
    from rasd.web import create_app

    store = Store.open(f"sqlite:///{tmp_path / 'open.db'}")
    with ServerThread(create_app(store=store)) as server:
        assert httpx.get(f"{server.url}/events").status_code == 200
        assert httpx.get(f"{server.url}/api/events").status_code == 200
        assert httpx.get(f"{server.url}/review").status_code == 303  # reviewing needs an account
    store.close()


def test_quotes_are_confirmed_and_rejected_in_the_browser(browser, live):
    page = _page(browser, live)
    login(page, "rana", then="/review/quotes")
    cards = page.locator(".review-quote")
    before = cards.count()
    assert before >= 2
    first = cards.first.locator("q").inner_text()
    cards.first.locator("button.quote-confirm").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".review-quote").count() == before - 1  # the queue shows unreviewed quotes
    card = page.locator(".review-quote").first
    rejected = card.locator("q").inner_text()
    card.locator("input[name=reason]").fill("the reporter's words, not a statement")
    card.locator("button.quote-reject").click()
    page.wait_for_load_state("networkidle")
    quotes = page.request.get("/api/quotes", params={"limit": 500}).json()["items"]
    assert rejected[:40] not in [q["text"][:40] for q in quotes]
    statuses = {q["text"][:40]: q["review_status"]
                for q in page.request.get("/api/quotes", params={"limit": 500, "review_status": "all"}).json()["items"]}
    assert statuses[rejected[:40]] == "rejected" and statuses[first[:40]] == "confirmed"
    assert page.errors == []


def test_the_session_cookie_is_httponly_strict_and_logout_ends_it(browser, live):
    page = _page(browser, live)
    login(page, "omar", then="/events")
    cookie = next(c for c in page.context.cookies() if c["name"] == "rasd_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and not cookie["secure"]  # http: not Secure
    assert page.evaluate("document.cookie").find("rasd_session") == -1  # scripts cannot read it
    page.click("form.logout button")
    page.wait_for_url("**/login")
    assert page.request.get("/api/events").status == 401  # the old cookie no longer opens anything
    # a login never redirects off the site
    page.goto("/login?next=//evil.example/x")
    page.fill("input[name=name]", "omar")
    page.fill("input[name=password]", PASSWORDS["omar"])
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live.url}/"


def test_a_reviewer_merges_two_reports_into_one_incident(browser, live):
    page = _page(browser, live)
    login(page, "rana")
    pk = live.pk("web-daraa-protest")
    page.goto(f"/review/event/{pk}")
    assert page.locator("#incident .reports li").count() == 1
    other = next(v for v in page.evaluate(
        "Array.from(document.querySelectorAll('#merge-candidates option')).map(o => o.value)")
        if v.startswith(OBFUSCATED_ID + "/"))  # offered: another article's event within three days
    page.fill("#merge-other", other)
    page.fill("#merge-form input[name=comment]", "the same day's events, one report")
    page.click("#btn-merge")
    page.wait_for_url("**saved=merge*")
    assert page.locator("#incident .reports li").count() == 2
    assert "incident" in [c.inner_text() for c in page.locator("#history td.field").all()]
    # the API counts one incident of two reports; per report, both carry its id
    rows = [i for i in page.request.get("/api/events", params={"limit": 5000}).json()["items"]
            if i["article_id"] in ("web-daraa-protest", OBFUSCATED_ID)]
    assert len(rows) == 1 and rows[0]["reports"] == 2
    per_report = [i for i in page.request.get("/api/events", params={"limit": 5000, "unit": "report"}).json()["items"]
                  if i["article_id"] in ("web-daraa-protest", OBFUSCATED_ID)]
    assert len(per_report) == 2 and len({i["incident_id"] for i in per_report}) == 1
    history = page.request.get("/api/reviews/history/web-daraa-protest").json()
    assert [(h["field"], h["user"]) for h in history] == [("incident", "rana")]
    # and split again
    page.click("#btn-split")
    page.wait_for_url("**saved=split*")
    assert page.locator("#incident .reports li").count() == 1
    assert page.errors == []
