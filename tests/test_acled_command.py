"""`manage.py import_acled FILE`: idempotent, --dry-run, --status, one JSON line on stdout."""
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from events.models import Event
from events.taxonomy import ReviewStatus

CURRENT = Path(__file__).parent / "data" / "acled_current.csv"


def import_acled(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_acled", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_it_prints_one_json_summary_line_on_stdout():
    out, err = import_acled(CURRENT)

    lines = out.splitlines()
    assert len(lines) == 1
    summary = json.loads(lines[0])
    assert list(summary) == ["rows", "created", "updated", "unchanged", "rejected", "duplicates",
                            "geocoded", "seconds", "stopped"]
    assert summary | {"seconds": 0} == {"rows": 9, "created": 5, "updated": 0, "unchanged": 0,
                                         "rejected": 4, "duplicates": 0, "geocoded": 2, "seconds": 0,
                                         "stopped": ""}
    assert "row 7: event_date '2014-13-45' is not a date" in err


@pytest.mark.django_db
def test_it_updates_on_reimport_and_never_duplicates(tmp_path):
    import_acled(CURRENT)
    changed = tmp_path / "changed.csv"
    changed.write_bytes(CURRENT.read_bytes().replace(b"IS militants in Derna. 3 fatalities.\",3",
                                                     b"IS militants in Derna. 4 fatalities.\",4"))

    summary = json.loads(import_acled(changed)[0])

    assert (summary["created"], summary["updated"], summary["unchanged"]) == (0, 1, 4)
    assert Event.objects.count() == 5
    event = Event.objects.get(reference="LBY1001")
    assert event.fatalities == 4
    assert event.assoc_actor_1.count() == 2


@pytest.mark.django_db
def test_it_counts_rows_identical_to_their_events_as_unchanged_and_writes_nothing_for_them():
    import_acled(CURRENT)
    before = {e.reference: (e.updated_at, e.version, e.history.count()) for e in Event.objects.all()}

    summary = json.loads(import_acled(CURRENT)[0])

    assert (summary["created"], summary["updated"], summary["unchanged"], summary["rejected"]) == (0, 0, 5, 4)
    assert {e.reference: (e.updated_at, e.version, e.history.count()) for e in Event.objects.all()} == before


@pytest.mark.django_db
@pytest.mark.parametrize("old, new", [
    (b"Libyan National Army; Zintan Brigade", b"Libyan National Army"),  # an associated actor fewer
    (b"crowd size=around 10,000", b"crowd size=around 20,000"),  # another tag
    (b"Islamic State (Libya)", b"Islamic State (Libya) - Derna"),  # another actor 2
])
def test_a_row_that_differs_only_in_its_actors_or_tags_is_an_update(tmp_path, old, new):
    import_acled(CURRENT)
    assert old in CURRENT.read_bytes()
    changed = tmp_path / "changed.csv"
    changed.write_bytes(CURRENT.read_bytes().replace(old, new))

    summary = json.loads(import_acled(changed)[0])

    assert (summary["updated"], summary["unchanged"]) == (1, 4)


@pytest.mark.django_db
def test_it_keeps_the_review_status_of_events_it_updates():
    import_acled(CURRENT)
    Event.objects.filter(reference="LBY1001").update(status=ReviewStatus.RETRACTED)

    import_acled(CURRENT)

    assert Event.objects.get(reference="LBY1001").status == ReviewStatus.RETRACTED


@pytest.mark.django_db
def test_it_writes_nothing_on_a_dry_run():
    out, err = import_acled(CURRENT, "--dry-run")

    assert json.loads(out)["created"] == 5
    assert "Dry run" in err
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_it_gives_new_events_the_status_asked_for():
    import_acled(CURRENT, "--status", "draft")

    assert set(Event.objects.values_list("status", flat=True)) == {ReviewStatus.DRAFT}
    assert not Event.objects.published().exists()


@pytest.mark.django_db
def test_it_reports_progress_on_stderr():
    out, err = import_acled(CURRENT, "--progress-every", "2", "--batch-size", "2")

    assert "rows/s" in err
    assert len(out.splitlines()) == 1


@pytest.mark.django_db
def test_it_stops_with_a_clear_error_on_a_missing_or_foreign_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        import_acled(tmp_path / "missing.csv")
    foreign = tmp_path / "foreign.csv"
    foreign.write_text("name,value\nx,1\n")
    with pytest.raises(CommandError, match="not an ACLED file"):
        import_acled(foreign)
