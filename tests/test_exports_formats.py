"""Exports of the filtered published events: streamed, escaped, drafts never included."""
import csv
import html
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.http import StreamingHttpResponse
from django.test import Client, override_settings
from django.urls import reverse

from events.public.export_formats import safe_cell
from events.taxonomy import ReviewStatus
from tests.helpers import XSS_PAYLOADS

KML = "{http://www.opengis.net/kml/2.2}"
FORMULA = '=HYPERLINK("http://evil.example","click")'


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response).removeprefix("\ufeff"))))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["export-csv", "export-geojson", "export-kml"])
def test_it_streams_every_format(client, make_event, name):
    make_event()

    response = client.get(reverse(f"events:{name}"))

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.django_db
def test_it_writes_acleds_31_columns(client, make_event, actor):
    make_event(reference="LBY1", actor1=actor, fatalities=None, admin1="Darnah").tags.create(name="t1")

    rows = csv_rows(client.get("/exports/events.csv"))

    assert len(rows) == 1 and len(rows[0]) == 31
    row = rows[0]
    assert row["event_id_cnty"] == "LBY1" and row["iso"] == "434" and row["country"] == "Libya"
    assert row["inter1"] == "Political militia" and row["interaction"] == "Political militia only"
    assert row["disorder_type"] == "Political violence" and row["fatalities"] == ""
    assert row["tags"] == "t1"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["export-csv", "export-geojson", "export-kml"])
def test_it_never_exports_drafts(client, make_event, name):
    make_event(headline="Published clash", notes="Published clash")
    for status in (ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW, ReviewStatus.RETRACTED):
        make_event(headline=f"Hidden {status}", notes=f"Hidden {status}", status=status)

    text = body(client.get(reverse(f"events:{name}")))

    assert "Published clash" in text
    assert "Hidden" not in text


@pytest.mark.django_db
def test_it_exports_the_maps_filtered_selection(client, make_event):
    make_event(reference="LY-1")
    make_event(reference="MA-1", country="MA", location="Rabat", event_type="Protests",
               sub_event_type="Peaceful protest")

    rows = csv_rows(client.get("/exports/events.csv", {"country": "MA", "event_type": "Protests"}))

    assert [row["event_id_cnty"] for row in rows] == ["MA-1"]


@pytest.mark.django_db
def test_it_answers_400_with_the_invalid_filters(client):
    response = client.get("/exports/events.csv", {"date_from": "yesterday", "country": "ZZ"})

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"date_from", "country"}


@pytest.mark.django_db
def test_it_neutralises_spreadsheet_formulas_but_keeps_negative_numbers(client, make_event):
    make_event(reference="MLI1", notes=FORMULA, headline=FORMULA, location="@SUM(A1)",
               latitude=16.77, longitude=-3.0074, admin1="-Tombouctou")

    row = csv_rows(client.get("/exports/events.csv"))[0]

    assert row["notes"] == "'" + FORMULA
    assert row["location"] == "'@SUM(A1)" and row["admin1"] == "'-Tombouctou"
    assert row["longitude"] == "-3.0074"
    assert safe_cell("-12.5") == "-12.5" and safe_cell("+1") == "+1" and safe_cell(-3) == -3
    # A number in ASCII digits only, as a spreadsheet reads one: other digits are text.
    assert safe_cell("-٣") == "'-٣" and safe_cell("+1e5") == "+1e5"


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_it_keeps_hostile_headlines_as_data_in_geojson(client, make_event, payload):
    make_event(headline=payload, notes=payload)

    collection = json.loads(body(client.get("/exports/events.geojson")))

    feature = collection["features"][0]
    assert collection["type"] == "FeatureCollection"
    assert feature["properties"]["headline"] == payload
    assert feature["geometry"] == {"type": "Point", "coordinates": [22.637, 32.767]}


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS + ["a & b \x07"])
def test_it_escapes_hostile_text_in_kml(client, make_event, payload):
    make_event(headline=payload, notes=payload)

    text = body(client.get("/exports/events.kml"))
    placemark = ET.fromstring(text).find(f"{KML}Document/{KML}Placemark")  # well-formed XML

    assert "<img" not in text and "<script" not in text
    assert {element.tag for element in placemark.iter()}.isdisjoint({f"{KML}img", f"{KML}script", "img"})
    # Parsed, a name keeps the headline's markup HTML-escaped (viewers put names into
    # their HTML balloons), less the control characters XML cannot carry.
    assert placemark.find(f"{KML}name").text == html.escape(payload.replace("\x07", ""), quote=False)
    # KML readers render descriptions as HTML: the text reaches them escaped.
    assert "<" not in placemark.find(f"{KML}description").text
    assert placemark.find(f"{KML}Point/{KML}coordinates").text == "22.637,32.767"


@pytest.mark.django_db
def test_a_kml_name_reads_as_its_headline_once_parsed(client, make_event):
    headline = "Islamic State declares Derna an 'Islamic emirate'"
    make_event(headline=headline)

    placemark = ET.fromstring(body(client.get("/exports/events.kml"))).find(f"{KML}Document/{KML}Placemark")

    assert placemark.find(f"{KML}name").text == headline


@pytest.mark.django_db
def test_it_leaves_events_without_a_point_out_of_kml_only(client, make_event):
    make_event(reference="NOPOINT", latitude=None, longitude=None)

    assert "Placemark" not in body(client.get("/exports/events.kml"))
    feature = json.loads(body(client.get("/exports/events.geojson")))["features"][0]
    assert feature["geometry"] is None
    assert csv_rows(client.get("/exports/events.csv"))[0]["latitude"] == ""


@pytest.mark.django_db
@override_settings(EVENT_MAP={"REQUIRE_LOGIN": True})
def test_it_follows_the_maps_access_setting(editor_client):
    assert Client().get("/exports/events.csv").status_code == 302
    assert editor_client.get("/exports/events.csv").status_code == 200


@pytest.mark.django_db
def test_it_reads_related_rows_per_chunk_not_per_event(client, make_event, actor,
                                                        django_assert_max_num_queries):
    for number in range(30):
        event = make_event(reference=f"E{number}", actor1=actor)
        event.tags.create(name=f"tag {number}")
        event.assoc_actor_1.add(actor)

    with django_assert_max_num_queries(8):
        rows = csv_rows(client.get("/exports/events.csv"))

    assert len(rows) == 30
