"""An editor's correction belongs to its article; a global alias is a separate,
permissioned act; contributors change only their own articles that no published
event cites."""
import pytest
from django.urls import reverse

from events.models import Article, PlaceAlias, PlaceMention
from events.newsroom import ingest
from events.taxonomy import ReviewStatus

LEBANON_TEXT = "Une voiture piégée a explosé à Tripoli mardi."
LIBYA_TEXT = ("Des affrontements ont eu lieu à Tripoli, la capitale libyenne, mardi. "
              "Le gouvernement en Libye a condamné les violences.")


def parsed_article(body, title, **fields):
    article = Article.objects.create(title=title, body=body, language="fr", **fields)
    ingest.refresh_mentions(article)
    return article


def tripoli(article):
    return article.mentions.get(text="Tripoli")


def mention_url(mention):
    return reverse("admin:events_article_mention", args=[mention.article_id, mention.pk])


def choose(client, mention, country):
    index = next(i for i, alt in enumerate(mention.alternatives) if alt.get("country_code") == country)
    return client.post(mention_url(mention), {"action": "choose", "alternative": index})


@pytest.mark.django_db
class TestCorrectionsStayInTheirArticle:
    def test_correcting_tripoli_to_lebanon_in_one_article_leaves_another_in_libya(
            self, client_for, editor):
        a = parsed_article(LEBANON_TEXT, "A")
        assert tripoli(a).country == "LY"
        choose(client_for(editor), tripoli(a), "LB")
        assert tripoli(a).country == "LB" and tripoli(a).status == PlaceMention.Status.CORRECTED
        assert not PlaceAlias.objects.exists()
        b = parsed_article(LIBYA_TEXT, "B")
        assert tripoli(b).country == "LY" and tripoli(b).status == PlaceMention.Status.SUGGESTED

    def test_reparsing_the_article_keeps_its_correction(self, client_for, editor):
        a = parsed_article(LEBANON_TEXT, "A")
        choose(client_for(editor), tripoli(a), "LB")
        ingest.refresh_mentions(a)
        assert tripoli(a).country == "LB"

    def test_a_correction_follows_its_words_when_the_text_moves(self, client_for, editor):
        a = parsed_article(LEBANON_TEXT, "A")
        choose(client_for(editor), tripoli(a), "LB")
        a.body = "Mise à jour. " + LEBANON_TEXT
        a.save()
        ingest.refresh_mentions(a)
        moved = tripoli(a)
        assert (moved.start, moved.country, moved.status) == (
            len("Mise à jour. ") + LEBANON_TEXT.index("Tripoli"), "LB", PlaceMention.Status.CORRECTED)

    def test_a_rejection_is_kept_on_reparse(self, client_for, editor):
        a = parsed_article(LEBANON_TEXT, "A")
        client_for(editor).post(mention_url(tripoli(a)), {"action": "reject"})
        ingest.refresh_mentions(a)
        assert tripoli(a).status == PlaceMention.Status.REJECTED


@pytest.mark.django_db
class TestGlobalAlias:
    def test_an_editor_makes_a_global_alias_explicitly(self, client_for, editor):
        a = parsed_article(LEBANON_TEXT, "A")
        client = client_for(editor)
        choose(client, tripoli(a), "LB")
        response = client.post(mention_url(tripoli(a)), {"action": "alias"})
        assert response.status_code == 302
        alias = PlaceAlias.objects.get(name="Tripoli")
        assert alias.country == "LB"

    def test_a_contributor_may_not_make_one(self, client_for, contributor):
        a = parsed_article(LEBANON_TEXT, "A", created_by=contributor)
        client = client_for(contributor)
        choose(client, tripoli(a), "LB")
        assert tripoli(a).country == "LB"  # their own article: the correction is theirs to make
        assert client.post(mention_url(tripoli(a)), {"action": "alias"}).status_code == 403
        assert not PlaceAlias.objects.exists()
        page = client.get(reverse("admin:events_article_change", args=[a.pk])).content.decode()
        assert 'value="alias"' not in page


def article_form(article, **changes):
    data = {"title": article.title, "url": article.url or "", "language": article.language,
            "published_on": "", "body": article.body}
    data.update(changes)
    return data


def change(client, article, **changes):
    return client.post(reverse("admin:events_article_change", args=[article.pk]),
                       article_form(article, **changes))


@pytest.mark.django_db
class TestContributorArticles:
    def test_a_contributor_edits_their_own_uncited_article(self, client_for, contributor):
        article = Article.objects.create(title="Mine", body="Texte.", created_by=contributor)
        assert change(client_for(contributor), article, title="Mine, edited").status_code == 302
        article.refresh_from_db()
        assert article.title == "Mine, edited"

    def test_a_contributor_cannot_edit_someone_elses_article(self, client_for, contributor, article):
        response = change(client_for(contributor), article, title="Forged", url="https://evil.example/")
        assert response.status_code == 403
        article.refresh_from_db()
        assert (article.title, article.url) == ("Car bomb in Tripoli", "https://news.example/tripoli")

    def test_a_contributor_cannot_edit_their_article_once_a_published_event_cites_it(
            self, client_for, contributor, make_event):
        article = Article.objects.create(title="Mine", body="Texte.", created_by=contributor)
        make_event(status=ReviewStatus.PUBLISHED, sources=[article])
        client = client_for(contributor)
        assert change(client, article, url="https://evil.example/").status_code == 403
        article.refresh_from_db()
        assert article.url is None
        mention = PlaceMention.objects.create(article=article, start=0, end=5, text="Texte", name="X",
                                              latitude=1, longitude=1, feature="city")
        assert client.post(mention_url(mention), {"action": "reject"}).status_code == 403
        mention.refresh_from_db()
        assert mention.status == PlaceMention.Status.SUGGESTED

    def test_an_editor_edits_any_article(self, client_for, editor, article, make_event):
        make_event(status=ReviewStatus.PUBLISHED, sources=[article])
        assert change(client_for(editor), article, title="Fixed").status_code == 302

    def test_the_queryset_agrees_with_the_rule(self, contributor, editor, journalist, article, make_event):
        own = Article.objects.create(title="Mine", body="Un.", created_by=contributor)
        cited = Article.objects.create(title="Cited", body="Deux.", created_by=contributor)
        make_event(status=ReviewStatus.PUBLISHED, sources=[cited])
        for user in (contributor, editor, journalist, None):
            expected = {a.pk for a in Article.objects.all() if a.may_be_edited_by(user)}
            assert set(Article.objects.editable_by(user).values_list("pk", flat=True)) == expected
        assert {a.pk for a in Article.objects.editable_by(contributor)} == {own.pk}
