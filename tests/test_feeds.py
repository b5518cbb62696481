"""Atom and RSS feeds of newly published events, with the map's filters."""
import html
import xml.etree.ElementTree as ET

import pytest
from django.test import Client, override_settings

from events.taxonomy import ReviewStatus
from tests.helpers import XSS_PAYLOADS

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["/feeds/events.atom", "/feeds/events.rss"]


def titles(response):
    root = ET.fromstring(response.content)
    if root.tag == f"{ATOM}feed":
        return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
    return [item.find("title").text for item in root.iter("item")]


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_it_lists_published_events_newest_change_first(client, make_event, url):
    older = make_event(headline="Older clash")
    make_event(headline="Newer clash")
    older.notes = "Updated figures."
    older.save()

    assert titles(client.get(url)) == ["Older clash", "Newer clash"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_it_never_shows_drafts(client, make_event, url):
    make_event(headline="Public clash")
    for status in (ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW, ReviewStatus.RETRACTED):
        make_event(headline=f"Hidden {status}", status=status)

    response = client.get(url)

    assert titles(response) == ["Public clash"]
    assert b"Hidden" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_it_applies_the_maps_filters_and_links_to_the_filtered_map(client, make_event, url):
    make_event(headline="Clash in Derna")
    make_event(headline="Sit-in in Rabat", country="MA", location="Rabat", event_type="Protests",
               sub_event_type="Peaceful protest")

    response = client.get(url, {"country": "MA"})

    assert titles(response) == ["Sit-in in Rabat"]
    assert b"/?country=MA" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_it_answers_400_to_invalid_filters(client, url):
    response = client.get(url, {"date_to": "31/31/2020"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["date_to"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_it_keeps_hostile_text_as_text(client, make_event, url, payload):
    make_event(headline=payload, notes=payload)

    response = client.get(url)

    # Parsed, an Atom title is the headline itself (text by Atom's rule); an RSS title
    # keeps its markup HTML-escaped, so a reader that renders it as HTML shows text.
    assert titles(response) == [payload if "atom" in url else html.escape(payload, quote=False)]
    assert b"<img" not in response.content and b"<script" not in response.content
    root = ET.fromstring(response.content)
    assert {element.tag for element in root.iter()}.isdisjoint({"img", "script"})
    description = root.find(f".//{ATOM}summary") if "atom" in url else root.find(".//item/description")
    # Readers render descriptions as HTML: the text reaches them escaped.
    assert "<" not in description.text


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_a_title_reads_as_its_headline_once_parsed(client, make_event, url):
    headline = "Islamic State declares Derna an 'Islamic emirate', \"a province\""
    make_event(headline=headline)

    # (Quotes and apostrophes are not HTML-escaped, in RSS either: they read as written.)
    assert titles(client.get(url)) == [headline]


@pytest.mark.django_db
@override_settings(EVENT_MAP={"REQUIRE_LOGIN": True})
def test_it_follows_the_maps_access_setting(editor_client):
    assert Client().get(FEEDS[0]).status_code == 302
    assert editor_client.get(FEEDS[0]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_a_filtered_feed_names_itself_as_rel_self(client, make_event, url):
    make_event(country="LY")

    text = client.get(url, {"country": "LY"}).content.decode()

    assert 'rel="self"' in text
    self_link = text.split('rel="self"')[0].rsplit("<", 1)[-1] + text.split('rel="self"')[1].split(">", 1)[0]
    assert "country=LY" in self_link
