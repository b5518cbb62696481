"""The geoparse command's contract: JSON lines in, one JSON line out per input, in order."""
import io
import json

import pytest
from django.core.management import CommandError, call_command

CONTRACT = ["start", "end", "text", "name", "lat", "lon", "country_code", "feature",
            "geonames_id", "confidence"]


def run_jsonl(lines, monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    call_command("geoparse", "--jsonl", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_it_answers_each_line_in_order_with_the_contract_fields(monkeypatch):
    answers = run_jsonl([
        json.dumps({"id": 1, "text": "سقطت مدينة درنة", "language": "ar"}, ensure_ascii=False),
        json.dumps({"id": "b", "text": "Des tirs à Tripoli, en Libye.", "language": None}),
        json.dumps({"id": 3, "text": "", "language": "en"}),
    ], monkeypatch)
    assert [a["id"] for a in answers] == [1, "b", 3]
    first = answers[0]["places"][0]
    assert list(first) == CONTRACT
    assert (first["start"], first["end"], first["text"], first["country_code"]) == (11, 15, "درنة", "LY")
    assert isinstance(first["lat"], float) and isinstance(first["geonames_id"], int)
    assert [p["country_code"] for p in answers[1]["places"]] == ["LY", "LY"]
    assert answers[2] == {"id": 3, "places": []}


@pytest.mark.django_db
def test_a_malformed_line_yields_an_error_and_the_others_go_on(monkeypatch):
    answers = run_jsonl([
        '{"id": 1, "text": "Benghazi"',
        json.dumps({"id": 2, "text": 42}),
        json.dumps({"id": 3, "text": "x", "language": "de"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": 5, "text": "Clashes in Benghazi.", "language": "en"}),
    ], monkeypatch)
    assert [a.get("id") for a in answers] == [None, 2, 3, None, 5]
    assert all("error" in a for a in answers[:4])
    assert "language" in answers[2]["error"]
    assert answers[4]["places"][0]["name"] == "Benghazi"


@pytest.mark.django_db
def test_offsets_are_code_points_even_with_astral_characters(monkeypatch):
    answers = run_jsonl([json.dumps({"id": 1, "text": "😀😀 Benghazi", "language": "en"})], monkeypatch)
    assert answers[0]["places"][0]["start"] == 3


@pytest.mark.django_db
def test_the_file_mode_prints_a_table(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("Des tirs à Tripoli, en Libye.", encoding="utf-8")
    out = io.StringIO()
    call_command("geoparse", str(path), stdout=out)
    assert "Tripoli" in out.getvalue() and "2 place mention(s)." in out.getvalue()


def test_the_file_mode_explains_a_missing_file():
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("geoparse", "/nonexistent/article.txt")


@pytest.mark.django_db
def test_deeply_nested_json_gets_an_error_and_later_lines_go_on(monkeypatch):
    answers = run_jsonl(["[" * 100_000, '{"id": 2, "text": "Clashes in Derna."}'], monkeypatch)
    assert answers[0]["id"] is None and "nested too deeply" in answers[0]["error"]
    assert answers[1]["id"] == 2 and answers[1]["places"][0]["name"] == "Darnah"


@pytest.mark.django_db
def test_a_lone_surrogate_in_the_id_gets_an_error_and_later_lines_go_on(monkeypatch):
    answers = run_jsonl(['{"id": "a\\ud800", "text": "Derna"}', '{"id": 3, "text": "Clashes in Derna."}'],
                        monkeypatch)
    assert answers[0]["id"] == "a\ud800" and "surrogate" in answers[0]["error"]
    assert answers[1]["id"] == 3 and answers[1]["places"]


@pytest.mark.django_db
def test_a_json_error_names_its_column_once(monkeypatch):
    (answer,) = run_jsonl(['{"id": 1, "text": }'], monkeypatch)
    assert "at at" not in answer["error"] and "column" in answer["error"]


def test_the_adapter_runs_without_overlays_when_the_tables_are_missing(monkeypatch, caplog):
    from django.db import OperationalError

    from events import geoparsing
    from events.models import PlaceAlias

    def missing(*args, **kwargs):
        raise OperationalError("no such table: events_placealias")

    monkeypatch.setattr(type(PlaceAlias.objects), "overlay_version", missing)
    geoparsing.reset()
    try:
        assert [m.name for m in geoparsing.geoparse("Clashes in Derna.")] == ["Darnah"]
        assert "without editors' aliases" in caplog.text
    finally:
        geoparsing.reset()
