"""`manage.py bench import` measures rows/s and leaves the database as it was."""
import pytest

from events.bench import imports
from events.models import Actor, Event


@pytest.mark.django_db
def test_it_reports_both_passes_and_rolls_everything_back(make_event):
    make_event(reference="REAL-1")

    figures = imports.measure(rows=300)

    assert figures["create"]["created"] == 300 and figures["create"]["rejected"] == 0
    assert figures["update"]["updated"] == 300
    assert (figures["unchanged"]["unchanged"], figures["unchanged"]["updated"]) == (300, 0)
    assert figures["create"]["geocoded"] == 3  # one row in a hundred has no coordinates
    create = figures["create"]
    assert create["rows_per_s"] == pytest.approx(300 / create["seconds"], rel=0.05, abs=1)
    assert list(Event.objects.values_list("reference", flat=True)) == ["REAL-1"]
    assert not Actor.objects.exists()
