"""The editors' workflow in a real browser: from a pasted article to an event on the public map."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.models import Event
from events.taxonomy import ReviewStatus
from tests.browser import log_in
from events.roles import CONTRIBUTORS, EDITORS
from tests.helpers import PASSWORD, member

# The team's own Arabic article with the seed article's traps (the real seed lives outside the repository).
SEED = Path(__file__).with_name("data") / "trap_article_ar.txt"


def mention_row(page, place):
    return page.locator("tr.mention-row").filter(
        has=page.locator("td.mention-place", has_text=re.compile(f"^{place}$")))


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")


def test_it_takes_an_editor_from_a_pasted_article_to_the_public_map(page, seed_text, live_server):
    member("ed", EDITORS)
    log_in(page, "ed", PASSWORD)

    page.goto("/admin/events/article/add/")
    page.fill("#id_title", "ISIS takes Derna")
    page.fill("#id_published_on", "2014-11-16")
    page.fill("#id_body", seed_text)
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/events/article/\d+/change/$"))

    for arabic, place in (("درنة", "Darnah"), ("طرابلس", "Tripoli"), ("بنغازي", "Benghazi")):
        expect(page.locator("mark.place-mention", has_text=arabic).first).to_be_visible()
        expect(mention_row(page, place).first.locator(".mention-country")).to_have_text("Libya")

    mention_row(page, "Darnah").first.get_by_role("button", name="Create event").click()
    page.wait_for_url(re.compile(r"/admin/events/event/\d+/change/$"))
    expect(page.locator("#id_location")).to_have_value("Darnah")
    expect(page.locator(".map-picker .leaflet-marker-icon")).to_be_visible()

    # The place search offers candidates with their countries; the editor picks one.
    page.fill(".map-picker input[type=search]", "Derna")
    page.click(".map-picker-find")
    page.get_by_role("button", name=re.compile("^Darnah — Libya")).click()
    expect(page.locator("#id_latitude")).to_have_value("32.76704")

    page.select_option("#id_event_type", "Battles")
    page.select_option("#id_sub_event_type", "Non-state actor overtakes territory")
    page.fill("#id_headline", "Islamic State takes control of Derna")
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    event = Event.objects.get()
    assert event.status == ReviewStatus.PUBLISHED and event.sub_event_type.startswith("Non-state")
    page.goto("/")
    link = page.locator(f'aside.event-list a[data-event-id="{event.pk}"]')
    expect(link).to_have_text("Islamic State takes control of Derna")
    assert page.errors == []


def test_it_moves_the_point_where_the_editor_clicks(page, make_event):
    member("ed", EDITORS)
    event = make_event(status=ReviewStatus.DRAFT)
    log_in(page, "ed", PASSWORD)
    page.goto(f"/admin/events/event/{event.pk}/change/")
    before = page.input_value("#id_latitude")
    page.locator(".map-picker-map").click(position={"x": 60, "y": 60})
    expect(page.locator("#id_latitude")).not_to_have_value(before)
    assert -90 <= float(page.input_value("#id_latitude")) <= 90
    assert page.errors == []


def test_it_does_not_let_a_contributor_publish(page, make_event, article):
    carla = member("carla", CONTRIBUTORS)
    draft = make_event(status=ReviewStatus.DRAFT, created_by=carla, sources=[article])
    log_in(page, "carla", PASSWORD)

    page.goto(f"/admin/events/event/{draft.pk}/change/")
    options = page.locator("#id_status option").evaluate_all("els => els.map(e => e.value)")
    assert options == ["draft", "in_review"]

    page.goto("/admin/events/event/")
    actions = page.locator("select[name=action] option").evaluate_all("els => els.map(e => e.value)")
    assert "submit_for_review" in actions  # publish, retract and merge are not offered
    assert not {"publish", "retract", "merge_duplicates"} & set(actions)
    draft.refresh_from_db()
    assert draft.status == ReviewStatus.DRAFT


@pytest.mark.parametrize("path", ["/admin/events/event/add/", "/admin/events/article/add/"])
def test_text_typed_in_the_arabic_admin_reads_in_its_own_direction(browser, live_server, path):  # noqa: F811
    member("ed", EDITORS)
    context = browser.new_context(base_url=live_server.url, locale="ar", extra_http_headers={"Accept-Language": "ar"})
    page = context.new_page()
    log_in(page, "ed", PASSWORD)
    page.goto(path)
    assert page.get_attribute("html", "dir") == "rtl"
    field = "#id_headline" if "/event/" in path else "#id_title"
    page.fill(field, "<Clashes in Derna.")
    # Each paragraph takes its direction from its first letter: this one is left-to-right.
    assert page.evaluate(f"getComputedStyle(document.querySelector('{field}')).unicodeBidi") == "plaintext"
    context.close()
