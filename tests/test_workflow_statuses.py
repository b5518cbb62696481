"""Draft -> in review -> published (or retracted): who may move an event where."""
import pytest
from django.urls import reverse

from events.roles import WorkflowError
from events.models import Event
from events.taxonomy import ReviewStatus
from tests.helpers import form_data, run_action

CHANGELIST = reverse("admin:events_event_changelist")


@pytest.mark.django_db
class TestStatusRules:
    def test_it_lets_a_contributor_submit_their_own_draft(self, contributor, make_event):
        event = make_event(status=ReviewStatus.DRAFT, created_by=contributor)
        event.submit(contributor)
        event.refresh_from_db()
        assert event.status == ReviewStatus.IN_REVIEW and event.updated_by == contributor

    def test_it_refuses_to_let_a_contributor_publish(self, contributor, make_event, article):
        event = make_event(status=ReviewStatus.DRAFT, created_by=contributor, sources=[article])
        with pytest.raises(WorkflowError, match="Only editors"):
            event.publish(contributor)

    def test_it_refuses_to_submit_someone_elses_draft(self, contributor, other_contributor, make_event):
        event = make_event(status=ReviewStatus.DRAFT, created_by=other_contributor)
        with pytest.raises(WorkflowError, match="your own drafts"):
            event.submit(contributor)

    def test_it_refuses_to_publish_without_a_source(self, editor, make_event):
        event = make_event(status=ReviewStatus.IN_REVIEW)
        with pytest.raises(WorkflowError, match="needs a source"):
            event.publish(editor)

    def test_it_refuses_to_publish_without_a_point(self, editor, make_event, article):
        event = make_event(status=ReviewStatus.IN_REVIEW, latitude=None, longitude=None,
                           sources=[article])
        with pytest.raises(WorkflowError, match="point on the map"):
            event.publish(editor)

    def test_it_lets_an_editor_publish_and_retract(self, editor, make_event, article):
        event = make_event(status=ReviewStatus.IN_REVIEW, sources=[article])
        event.publish(editor)
        event.retract(editor)
        event.refresh_from_db()
        assert event.status == ReviewStatus.RETRACTED

    def test_it_offers_each_role_only_the_statuses_it_may_set(self, contributor, editor,
                                                             make_event):
        own = make_event(status=ReviewStatus.DRAFT, created_by=contributor)
        assert Event().statuses_for(contributor) == ["draft", "in_review"]
        assert own.statuses_for(contributor) == ["draft", "in_review"]
        assert set(own.statuses_for(editor)) == set(ReviewStatus.values)


@pytest.mark.django_db
class TestEventForm:
    def test_it_does_not_offer_publish_to_a_contributor(self, client_for, contributor):
        body = client_for(contributor).get(reverse("admin:events_event_add")).content.decode()
        assert 'value="in_review"' in body and 'value="published"' not in body

    def test_it_rejects_a_contributor_posting_published(self, client_for, contributor, article):
        response = client_for(contributor).post(reverse("admin:events_event_add"),
                                                form_data(status="published", sources=[article.pk]))
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert not Event.objects.exists()

    def test_it_refuses_to_publish_without_a_source(self, client_for, editor):
        response = client_for(editor).post(reverse("admin:events_event_add"),
                                                 form_data(status="published"))
        assert "A published event needs a source (an article, or sources as cited)." in response.content.decode()
        assert not Event.objects.exists()

    def test_it_refuses_to_publish_without_a_point(self, client_for, editor, article):
        response = client_for(editor).post(reverse("admin:events_event_add"), form_data(
            status="published", latitude="", longitude="", sources=[article.pk]))
        assert "needs a point on the map" in response.content.decode()
        assert not Event.objects.exists()

    def test_it_publishes_a_complete_event_for_an_editor(self, client_for, editor, article):
        response = client_for(editor).post(reverse("admin:events_event_add"),
                                                 form_data(status="published", sources=[article.pk]))
        assert response.status_code == 302
        assert Event.objects.published().get().headline == "Arrests in Sfax"

    @pytest.mark.parametrize("field, value, message", [
        ("latitude", "91", "less than or equal to 90"),
        ("longitude", "-181", "greater than or equal to -180"),
        ("fatalities", "-3", "greater than or equal to 0"),
        ("sub_event_type", "Armed clash", "is not a sub-event type of"),
        ("event_date", "2999-01-01", "The event date is in the future."),
    ])
    def test_it_explains_invalid_values(self, client_for, editor, field, value, message):
        response = client_for(editor).post(reverse("admin:events_event_add"),
                                                 form_data(**{field: value}))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Event.objects.exists()


@pytest.mark.django_db
class TestBulkActions:
    def test_it_submits_a_contributors_drafts(self, client_for, contributor, make_event):
        event = make_event(status=ReviewStatus.DRAFT, created_by=contributor)
        body = run_action(client_for(contributor), "submit_for_review", event).content.decode()
        assert "1 events submitted for review." in body
        event.refresh_from_db()
        assert event.status == ReviewStatus.IN_REVIEW

    def test_it_refuses_a_contributors_bulk_publish(self, client_for, contributor, make_event, article):
        event = make_event(status=ReviewStatus.DRAFT, created_by=contributor, sources=[article])
        client = client_for(contributor)
        page = client.get("/admin/events/event/").content.decode()
        assert 'value="submit_for_review"' in page
        for hidden in ("publish", "retract", "merge_duplicates"):
            assert f'value="{hidden}"' not in page
        body = run_action(client, "publish", event).content.decode()
        assert "No action selected." in body
        event.refresh_from_db()
        assert event.status == ReviewStatus.DRAFT

    def test_it_publishes_only_complete_events(self, client_for, editor, make_event, article):
        complete = make_event(status=ReviewStatus.IN_REVIEW, sources=[article])
        unsourced = make_event(status=ReviewStatus.IN_REVIEW, headline="No source yet")
        body = run_action(client_for(editor), "publish", complete, unsourced).content.decode()
        assert "1 events published." in body and "No source yet" in body
        assert list(Event.objects.published()) == [complete]

    def test_it_lets_an_editor_retract(self, client_for, editor, make_event):
        event = make_event()
        run_action(client_for(editor), "retract", event)
        event.refresh_from_db()
        assert event.status == ReviewStatus.RETRACTED
