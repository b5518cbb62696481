"""The map's server-side clusters: exact counts, every event reachable, fresh at once."""
import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.public import grid
from events.taxonomy import ReviewStatus

AL_ARISH = (31.131, 33.798)


def cells(client, zoom, params=None):
    """Every cell of every block at `zoom` that holds events (the whole world)."""
    found = []
    side = grid.blocks_per_side(zoom)
    for x in range(side):
        for y in range(side):
            response = client.get(f"/map/blocks/{zoom}/{x}/{y}.json", params or {})
            assert response.status_code == 200
            found += response.json()["cells"]
    return found


@pytest.mark.django_db
def test_cluster_counts_are_exact_for_the_filter(client, make_event):
    for i in range(7):
        make_event(headline=f"clash {i}", latitude=32.7 + i * 0.01, longitude=22.6)
    for i in range(3):
        make_event(headline=f"protest {i}", event_type="Protests", sub_event_type="Peaceful protest",
                   latitude=34.0, longitude=-6.8)
    make_event(headline="draft", status=ReviewStatus.DRAFT)

    assert sum(cell[2] for cell in cells(client, 2)) == 10
    assert sum(cell[2] for cell in cells(client, 2, {"event_type": "Protests"})) == 3


@pytest.mark.django_db
def test_zooming_in_ends_at_single_events(client, make_event):
    one = make_event(latitude=32.760, longitude=22.630)
    two = make_event(latitude=32.770, longitude=22.640)  # about 1.4 km away

    far = cells(client, 3)
    assert [cell[2] for cell in far] == [2]
    south, west, north, east = far[0][4:8]
    assert south - 1e-4 <= 32.760 <= north + 1e-4 and west - 1e-4 <= 22.630 <= east + 1e-4  # the extent a click zooms to

    x, y = int((22.635 + 180) * 2**24 / 360) // (16 * 2**(22 - 14)), int((90 - 32.765) * 2**24 / 360) // (16 * 2**(22 - 14))
    near = client.get(f"/map/blocks/14/{x}/{y}.json").json()["cells"]
    assert sorted(cell[3] for cell in near if cell[2] == 1) == sorted([one.pk, two.pk])


@pytest.mark.django_db
def test_events_stacked_on_one_point_open_as_a_list_of_all_of_them(client, make_event):
    stacked = [make_event(headline=f"Al Arish {i}", latitude=AL_ARISH[0], longitude=AL_ARISH[1]) for i in range(53)]

    (cell,) = cells(client, 2)
    assert cell[2] == 53 and cell[3] == 1  # one cluster, flagged as one point
    listed = []
    for page in (1, 2, 3):
        data = client.get(f"/map/cells/2/{cell[8]}/{cell[9]}.json", {"page": page}).json()
        assert data["count"] == 53 and data["pages"] == 3
        listed += [row[0] for row in data["events"]]
    assert sorted(listed) == sorted(event.pk for event in stacked)


@pytest.mark.django_db
def test_a_retracted_event_leaves_the_cached_clusters_at_once(client, make_event, editor):
    keep, gone = make_event(), make_event(latitude=30.0, longitude=10.0)
    first = client.get("/map/blocks/3/1/0.json")
    assert sum(cell[2] for cell in first.json()["cells"]) == 2

    gone.retract(editor)

    again = client.get("/map/blocks/3/1/0.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert [cell[3] for cell in again.json()["cells"]] == [keep.pk]


@pytest.mark.django_db
def test_an_unchanged_view_is_answered_304_without_reading_events(client, make_event):
    make_event()
    first = client.get("/map/blocks/3/1/0.json")

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/map/blocks/3/1/0.json", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert len(queries) == 1 and "events_event" not in queries[0]["sql"]


@pytest.mark.django_db
def test_a_cached_answer_reads_no_event_row(client, make_event):
    make_event()
    client.get("/map/blocks/3/1/0.json")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/map/blocks/3/1/0.json")

    assert response.status_code == 200
    assert not any("events_event" in query["sql"] for query in queries)


@pytest.mark.django_db
def test_map_data_is_gzipped_for_clients_that_accept_it(client, make_event):
    for i in range(40):
        make_event(latitude=-30 + i * 1.5, longitude=5 + i * 4)

    response = client.get("/map/blocks/3/1/0.json", HTTP_ACCEPT_ENCODING="gzip, br")

    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    assert len(json.loads(gzip.decompress(response.content))["cells"]) > 1


@pytest.mark.django_db
def test_an_invalid_block_or_filter_is_refused(client):
    assert client.get("/map/blocks/2/9/0.json").status_code == 404
    assert client.get("/map/blocks/30/0/0.json").status_code == 404
    response = client.get("/map/blocks/2/0/0.json", {"date_from": "notadate", "until": "x"})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"date_from", "until"}


@pytest.mark.django_db
def test_the_time_slider_period_narrows_the_clusters(client, make_event):
    import datetime

    make_event(event_date=datetime.date(2014, 1, 5))
    make_event(event_date=datetime.date(2014, 3, 5))

    assert sum(c[2] for c in cells(client, 2, {"until": "2014-01-31"})) == 1
    assert sum(c[2] for c in cells(client, 2)) == 2
