"""Public pages only ever see what Event.objects.published() returns."""
import pytest

from events.models import Event
from events.taxonomy import ReviewStatus


@pytest.mark.django_db
def test_published_hides_drafts_reviews_and_retractions(make_event):
    shown = make_event(status=ReviewStatus.PUBLISHED)
    for status in (ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW, ReviewStatus.RETRACTED):
        make_event(status=status, headline=f"hidden {status}")
    assert list(Event.objects.published()) == [shown]


@pytest.mark.django_db
def test_drafts_have_no_public_page_or_api_entry(client, make_event):
    draft = make_event(status=ReviewStatus.DRAFT, headline="Unverified claim")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/api/events/{draft.pk}/").status_code == 404
    assert "Unverified claim" not in client.get("/").content.decode()
