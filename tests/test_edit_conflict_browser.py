"""Two editors in two real browsers edit the same event: the second save is refused,
says what the first one changed, and keeps the second editor's input."""
import datetime
import re

from playwright.sync_api import expect

from events.models import Article, Event
from events.roles import EDITORS
from events.taxonomy import ReviewStatus
from tests.browser import log_in
from tests.helpers import PASSWORD, member


def test_the_second_editor_is_told_what_changed_and_keeps_their_input(browser, live_server):
    member("ed", EDITORS)
    member("eve", EDITORS)
    article = Article.objects.create(title="Clashes", body="Clashes in Derna.", language="en")
    event = Event.objects.create(
        headline="Clashes in Derna", event_date=datetime.date(2014, 11, 15), event_type="Battles",
        sub_event_type="Armed clash", location="Derna", country="LY", latitude=32.767,
        longitude=22.637, status=ReviewStatus.PUBLISHED)
    event.sources.add(article)
    url = f"/admin/events/event/{event.pk}/change/"
    pages = []
    for username in ("ed", "eve"):
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.route(re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])"), lambda route: route.abort())
        log_in(page, username, PASSWORD)
        page.goto(url)
        pages.append(page)
    ed, eve = pages
    try:
        ed.fill("#id_headline", "Clashes near Derna")
        ed.click("input[name=_save]")
        ed.wait_for_url(re.compile(r"/admin/events/event/$"))

        eve.fill("#id_fatalities", "7")
        eve.click("input[name=_save]")
        expect(eve.locator(".errornote, .errorlist").first).to_be_visible()
        expect(eve.locator("#event_form")).to_contain_text("changed by ed since you opened it")
        expect(eve.locator("#event_form")).to_contain_text("headline: “Clashes near Derna”")
        expect(eve.locator("#id_fatalities")).to_have_value("7")
        event.refresh_from_db()
        assert (event.headline, event.fatalities) == ("Clashes near Derna", None)

        eve.click("input[name=_save]")  # knowingly, from the version the refusal showed
        eve.wait_for_url(re.compile(r"/admin/events/event/$"))
        event.refresh_from_db()
        assert event.fatalities == 7
    finally:
        for page in pages:
            page.context.close()
