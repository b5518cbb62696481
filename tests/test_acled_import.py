"""ACLED files in both layouts become events; bad rows are reported, good rows kept."""
import io
from pathlib import Path

import pytest
from geopy.location import Location
from geopy.point import Point

from events.acled import AcledFormatError, AcledImport
from events.models import Actor, Event
from events.taxonomy import ActorType, ReviewStatus

DATA = Path(__file__).parent / "data"
CURRENT = DATA / "acled_current.csv"  # UTF-8 with a BOM
PRE_2019 = DATA / "acled_pre2019.csv"  # Windows-1252


def run(data, **options):
    return AcledImport(**options).run(io.BytesIO(data))


class FakeGeocoder:
    """Answers from a dict {query: (lat, lon, feature, country_code)} and counts questions."""

    def __init__(self, places):
        self.places, self.queries = places, []

    def geocode(self, query):
        self.queries.append(query)
        if query not in self.places:
            return None
        lat, lon, feature, country = self.places[query]
        return Location(query, Point(lat, lon), {"feature": feature, "country_code": country})


@pytest.mark.django_db
def test_it_imports_the_current_layout_and_reports_bad_rows_by_row_number():
    result = run(CURRENT.read_bytes())

    assert (result.rows, result.created, result.rejected) == (9, 5, 4)
    assert [number for number, _ in result.errors] == [7, 8, 9, 10]
    reasons = dict(result.errors)
    assert "is not a date" in reasons[7]
    assert "not a sub-event type of Battles" in reasons[8]
    assert "event_id_cnty is empty" in reasons[9]
    assert "in the future" in reasons[10]
    assert set(Event.objects.values_list("reference", flat=True)) == {
        "LBY1001", "LBY1002", "MAR2001", "MLI3001", "LBY1005"}


@pytest.mark.django_db
def test_it_reads_every_current_column():
    run(CURRENT.read_bytes())

    event = Event.objects.get(reference="LBY1001")
    assert (event.event_type, event.sub_event_type, event.disorder_type) == (
        "Battles", "Armed clash", "Political violence")
    assert event.actor1.name == "Military Forces of Libya (2014-)"
    assert event.actor1.actor_type == ActorType.STATE_FORCES
    assert event.actor2.actor_type == ActorType.POLITICAL_MILITIA
    assert sorted(a.name for a in event.assoc_actor_1.all()) == ["Libyan National Army", "Zintan Brigade"]
    assert (event.country, event.admin1, event.admin2, event.location) == ("LY", "Darnah", "Darnah", "Derna")
    assert (event.latitude, event.longitude, event.geo_precision) == (32.767, 22.6367, 1)
    assert (event.fatalities, event.source_scale) == (3, "National")
    assert event.source_text == "Libya Herald; Al Wasat"
    assert event.acled_timestamp == 1618446790
    assert event.status == ReviewStatus.PUBLISHED
    protest = Event.objects.get(reference="MAR2001")
    assert sorted(t.name for t in protest.tags.all()) == ["crowd size=around 10,000",
                                                          "women targeted: teachers"]
    assert protest.actor1.actor_type == ActorType.PROTESTERS  # numeric inter code
    attack = Event.objects.get(reference="MLI3001")
    assert attack.civilian_targeting and attack.longitude == -3.0074


@pytest.mark.django_db
def test_it_accepts_dates_written_out_and_unknown_fatalities():
    run(CURRENT.read_bytes())

    event = Event.objects.get(reference="LBY1002")
    assert event.event_date.isoformat() == "2014-11-16"
    assert event.fatalities is None
    assert event.time_precision == 2


@pytest.mark.django_db
def test_it_reads_utf8_without_a_bom_and_header_names_in_any_case():
    text = CURRENT.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    header, rest = text.split("\r\n", 1)
    result = run(f"{header.upper()}\r\n{rest}".encode("utf-8"))

    assert result.created == 5
    assert "café" in Event.objects.get(reference="LBY1002").notes


@pytest.mark.django_db
def test_it_imports_the_pre_2019_layout_in_windows_1252():
    result = run(PRE_2019.read_bytes())

    assert (result.rows, result.created, result.rejected) == (12, 10, 2)
    assert dict(result.errors)[12].startswith("event_type 'Alien invasion'")
    assert "is not a date" in dict(result.errors)[13]
    event = Event.objects.get(reference="CIV101")
    assert event.country == "CI"  # "Ivory Coast"
    assert event.location == "Abidjan — Plateau"
    assert event.actor1.name == "Military Forces of Côte d'Ivoire (2011-)"
    assert "Abidjan’s" in event.notes
    assert event.event_date.isoformat() == "2014-11-15"  # 15/11/2014


@pytest.mark.django_db
def test_it_maps_pre_2019_event_types_onto_the_current_taxonomy():
    run(PRE_2019.read_bytes())

    types = {e.reference: (e.event_type, e.sub_event_type) for e in Event.objects.all()}
    assert types["CIV101"] == ("Battles", "Armed clash")
    assert types["LBY201"] == ("Explosions/Remote violence", "Air/drone strike")
    assert types["LBY202"] == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert types["LBY203"] == ("Protests", "Peaceful protest")
    assert types["LBY204"] == ("Riots", "Violent demonstration")
    assert types["LBY205"] == ("Violence against civilians", "Abduction/forced disappearance")
    assert types["LBY206"] == ("Strategic developments", "Arrests")
    assert types["LBY207"] == ("Strategic developments", "Headquarters or base established")
    assert types["LBY208"] == ("Strategic developments", "Non-violent transfer of territory")
    assert types["LBY209"] == ("Battles", "Government regains territory")
    allies = Event.objects.get(reference="LBY201").assoc_actor_1.values_list("name", flat=True)
    assert sorted(allies) == ["Libyan National Army", "Operation Dignity"]
    assert Event.objects.get(reference="LBY202").civilian_targeting


@pytest.mark.django_db
def test_it_geocodes_rows_without_coordinates_with_the_configured_geocoder():
    result = run(CURRENT.read_bytes())

    assert result.geocoded == 2
    benghazi = Event.objects.get(reference="LBY1002")
    assert benghazi.latitude == pytest.approx(32.11, abs=0.05)
    assert benghazi.geo_precision == 1
    # Location unknown, admin1 "Darnah" found: only the province is known.
    unknown_wadi = Event.objects.get(reference="LBY1005")
    assert unknown_wadi.geo_precision == 3 and unknown_wadi.latitude is not None


@pytest.mark.django_db
def test_it_sets_geo_precision_by_what_was_found_and_asks_each_query_once():
    header = "event_id_cnty,event_date,event_type,sub_event_type,country,admin1,admin2,location\r\n"
    rows = [
        "T1,2020-01-01,Battles,Armed clash,Libya,Darnah,,Derna",
        "T2,2020-01-02,Battles,Armed clash,Libya,Darnah,,Derna",
        "T3,2020-01-03,Battles,Armed clash,Libya,Darnah,Darnah district,Wadi X",
        "T4,2020-01-04,Battles,Armed clash,Libya,Nowhere,,Wadi Y",
        "T5,2020-01-05,Battles,Armed clash,Libya,Nowhere,,Tripoli",
    ]
    geocoder = FakeGeocoder({
        "Derna, Libya": (32.76, 22.63, "city", "LY"),
        "Darnah district, Libya": (32.7, 22.6, "admin", "LY"),
        "Libya": (28.0, 17.0, "country", "LY"),
        "Tripoli, Libya": (34.43, 35.84, "city", "LB"),  # a namesake abroad: not taken
    })
    result = run((header + "\r\n".join(rows)).encode(), geocoder=geocoder, status=ReviewStatus.DRAFT)

    precision = dict(Event.objects.values_list("reference", "geo_precision"))
    assert precision == {"T1": 1, "T2": 1, "T3": 2, "T4": 3, "T5": 3}
    assert Event.objects.get(reference="T5").latitude == 28.0
    assert geocoder.queries.count("Derna, Libya") == 1
    assert result.geocoded == 5


@pytest.mark.django_db
def test_it_keeps_actor_types_of_known_actors(actor):
    header = "event_id_cnty,event_date,event_type,sub_event_type,country,location,actor1,inter1\r\n"
    run((header + f"A1,2020-01-01,Battles,Armed clash,Libya,Derna,{actor.name},Rebel group").encode(),
        status=ReviewStatus.DRAFT)

    assert Actor.objects.get(name=actor.name).actor_type == ActorType.POLITICAL_MILITIA
    assert Event.objects.get(reference="A1").actor1 == actor


@pytest.mark.django_db
def test_it_rejects_a_file_without_acled_columns():
    with pytest.raises(AcledFormatError, match="event_id_cnty"):
        run(b"name,value\r\nx,1\r\n")
    with pytest.raises(AcledFormatError, match="empty"):
        run(b"")


@pytest.mark.django_db
def test_it_commits_each_batch_so_later_bad_rows_lose_nothing():
    header = "event_id_cnty,event_date,event_type,sub_event_type,country,location,latitude,longitude\r\n"
    rows = [f"B{n},2020-01-01,Battles,Armed clash,Libya,Derna,32.7,22.6" for n in range(5)]
    rows.insert(3, "B99,2020-01-01,Battles,Armed clash,Libya,Derna,999,22.6")
    result = run((header + "\r\n".join(rows)).encode(), batch_size=2, status=ReviewStatus.DRAFT)

    assert (result.created, result.rejected) == (5, 1)
    assert result.errors == [(5, "latitude '999' is outside -90..90")]
