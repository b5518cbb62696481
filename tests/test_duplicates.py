"""Events of the same type within a day and 10 km, or from the same article and place, are flagged and can be merged."""
import datetime

import pytest
from django.urls import reverse

from events.newsroom import duplicates
from events.models import Tag
from events.taxonomy import ReviewStatus
from tests.helpers import run_action


@pytest.mark.django_db
class TestCandidates:
    def test_it_finds_the_same_type_within_a_day_and_10_km(self, make_event):
        event = make_event()
        near = make_event(event_date=datetime.date(2014, 11, 16), latitude=32.80, longitude=22.70)
        make_event(latitude=33.0, longitude=22.637)  # about 26 km north
        make_event(event_date=datetime.date(2014, 11, 17))  # two days later
        make_event(event_type="Protests", sub_event_type="Peaceful protest")
        assert duplicates.duplicate_candidates(event) == [near]

    def test_it_finds_the_same_article_and_place(self, make_event, article):
        event = make_event(sources=[article])
        later = make_event(sources=[article], event_date=datetime.date(2014, 11, 1),
                           event_type="Protests", sub_event_type="Peaceful protest")
        assert duplicates.duplicate_candidates(event) == [later]

    def test_it_ignores_retracted_events(self, make_event):
        event = make_event()
        make_event(status=ReviewStatus.RETRACTED)
        assert duplicates.duplicate_candidates(event) == []


@pytest.mark.django_db
class TestAdmin:
    def test_it_warns_on_the_form_with_links(self, client_for, editor, make_event):
        event = make_event()
        other = make_event(headline="Fighting in Derna")
        body = client_for(editor).get(
            reverse("admin:events_event_change", args=[event.pk])).content.decode()
        assert "This event may duplicate:" in body
        assert reverse("admin:events_event_change", args=[other.pk]) in body

    def test_it_flags_duplicates_in_the_list(self, client_for, editor, make_event):
        make_event()
        make_event()
        body = client_for(editor).get(reverse("admin:events_event_changelist")).content.decode()
        assert body.count('class="duplicate-link"') == 2

    def test_it_merges_into_the_earliest_keeping_sources_and_tags(
            self, client_for, editor, make_event, article):
        later = make_event(event_date=datetime.date(2014, 11, 16), sources=[article])
        later.tags.add(Tag.objects.create(name="Derna"))
        earlier = make_event()
        body = run_action(client_for(editor), "merge_duplicates", later, earlier).content.decode()
        assert "Merged 1 events" in body
        earlier.refresh_from_db()
        later.refresh_from_db()
        assert list(earlier.sources.all()) == [article]
        assert [t.name for t in earlier.tags.all()] == ["Derna"]
        assert earlier.status == ReviewStatus.PUBLISHED and later.status == ReviewStatus.RETRACTED

    def test_it_refuses_a_contributors_merge(self, client_for, contributor, make_event):
        first = make_event(status=ReviewStatus.DRAFT, created_by=contributor)
        second = make_event(status=ReviewStatus.DRAFT, created_by=contributor)
        body = run_action(client_for(contributor), "merge_duplicates", first, second).content.decode()
        assert "No action selected." in body  # the action is not offered to contributors
        second.refresh_from_db()
        assert second.status == ReviewStatus.DRAFT
