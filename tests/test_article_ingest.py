"""An article goes in as text or a file; its places are found, confirmed or corrected, and become draft events."""
import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from events.newsroom import ingest as articles
from events.models import Article, Event, Outlet, PlaceAlias, PlaceMention
from events.taxonomy import GeoPrecision, ReviewStatus, TimePrecision
from tests.helpers import XSS_PAYLOADS

# The team's own Arabic article with the seed article's traps (the real seed lives outside the repository).
SEED = Path(__file__).with_name("data") / "trap_article_ar.txt"
ADD = reverse("admin:events_article_add")


def add_article(client, **fields):
    data = {"title": "ISIS nears Morocco", "url": "", "language": "", "published_on": "2014-11-16",
            "body": ""}
    data.update(fields)
    return client.post(ADD, data)


def mention_url(mention):
    return reverse("admin:events_article_mention", args=[mention.article_id, mention.pk])


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def libyan_article(db):
    article = Article.objects.create(title="Derna falls", body="سقطت مدينة درنة وهاجموا طرابلس",
                                     language="ar", published_on=datetime.date(2014, 11, 16))
    articles.refresh_mentions(article)
    return article


class TestHtmlToText:
    def test_it_drops_scripts_and_styles_and_keeps_blocks_apart(self):
        html = ("<html><head><title>t</title><style>p{color:red}</style></head><body>"
                "<h1>Derna</h1><script>alert('x')</script><p>Clashes &amp; arrests in "
                "<b>Derna</b>.</p><p>Second</p></body></html>")
        assert articles.html_to_text(html) == "Derna\nClashes & arrests in Derna.\nSecond"


@pytest.mark.django_db
class TestAddingAnArticle:
    def test_it_detects_the_language_and_stores_the_places(self, client_for, editor, seed_text):
        response = add_article(client_for(editor), body=seed_text)
        article = Article.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:events_article_change", args=[article.pk])
        assert article.language == "ar"
        found = {(m.name, m.country) for m in article.mentions.all()}
        assert {("Darnah", "LY"), ("Tripoli", "LY"), ("Benghazi", "LY")} <= found

    def test_it_reads_an_uploaded_html_file(self, client_for, editor):
        page = b"<html><body><script>var x=1</script><p>Clashes were reported in Benghazi.</p></body></html>"
        add_article(client_for(editor), upload=SimpleUploadedFile("a.html", page, "text/html"))
        article = Article.objects.get()
        assert article.body == "Clashes were reported in Benghazi."
        assert article.language == "en"
        assert [m.name for m in article.mentions.all()] == ["Benghazi"]

    def test_it_reads_an_uploaded_text_file(self, client_for, editor):
        upload = SimpleUploadedFile("a.txt", "\ufeffArrests in Sfax.".encode(), "text/plain")
        add_article(client_for(editor), upload=upload, language="en")
        assert Article.objects.get().body == "Arrests in Sfax."

    @pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"),
                                              ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                              ("cp1252", b"")])
    def test_it_reads_an_uploaded_file_in_its_own_encoding(self, client_for, editor, encoding, bom):
        text = "Des combats à Syrte… « l’armée » a reculé."
        upload = SimpleUploadedFile("a.txt", bom + text.encode(encoding), "text/plain")
        response = add_article(client_for(editor), upload=upload, language="fr")
        assert response.status_code == 302
        assert Article.objects.get().body == text

    @pytest.mark.parametrize("data, reason", [
        ("سقطت مدينة درنة وهاجموا طرابلس".encode("cp1256"),  # Arabic Windows-1256: garbled as 1252
         "not in UTF-8, and not in Windows-1252 either"),
        (b"Des combats \xe0 Syrte \x81\x8d",  # neither UTF-8 nor 1252 (0x81, 0x8D are undefined)
         "not in UTF-8, and not in Windows-1252 either"),
        # UTF-8 with one stray Windows-1252 byte: read as Windows-1252 it would pass for
        # Western text («Des combats Ã  Syrte»).
        ("Des combats à Syrte, l’armée avance. ".encode() + b"Prix : 12\x80. " + "Fin à Zliten.".encode(),
         "This file mixes encodings"),
    ], ids=["arabic-cp1256", "undefined-bytes", "utf8-with-a-stray-byte"])
    def test_it_refuses_a_file_it_would_garble(self, client_for, editor, data, reason):
        upload = SimpleUploadedFile("a.txt", data, "text/plain")
        response = add_article(client_for(editor), upload=upload, language="fr")
        assert response.status_code == 200
        assert reason in response.content.decode()
        assert not Article.objects.exists()

    def test_it_refuses_other_files_and_empty_text(self, client_for, editor):
        client = client_for(editor)
        pdf = SimpleUploadedFile("a.pdf", b"%PDF", "application/pdf")
        assert "Upload a .txt or .html file." in add_article(client, upload=pdf).content.decode()
        assert "Paste the article" in add_article(client).content.decode()
        assert not Article.objects.exists()

    def test_it_uses_the_outlets_country_as_context(self, client_for, editor):
        outlet = Outlet.objects.create(name="L'Orient", country="LB", language="fr")
        add_article(client_for(editor), outlet=outlet.pk,
                    body="Des affrontements ont eu lieu à Tripoli selon la police.")
        assert Article.objects.get().mentions.get().country == "LB"


@pytest.mark.django_db
class TestMentions:
    def test_it_replaces_suggestions_but_keeps_decisions_when_the_text_changes(self, libyan_article):
        derna, tripoli = libyan_article.mentions.all()
        articles.set_mention_status(derna, PlaceMention.Status.REJECTED)
        libyan_article.body += " وبنغازي"
        libyan_article.save()
        articles.refresh_mentions(libyan_article)
        kept = {m.text: m.status for m in libyan_article.mentions.all()}
        assert kept["درنة"] == PlaceMention.Status.REJECTED
        assert kept["طرابلس"] == kept["وبنغازي"] == PlaceMention.Status.SUGGESTED

    def test_it_drops_a_decision_when_its_text_is_gone(self, libyan_article):
        derna = libyan_article.mentions.get(text="درنة")
        articles.set_mention_status(derna, PlaceMention.Status.CONFIRMED)
        libyan_article.body = "هاجموا طرابلس"
        libyan_article.save()
        articles.refresh_mentions(libyan_article)
        assert [m.text for m in libyan_article.mentions.all()] == ["طرابلس"]

    def test_a_correction_stays_in_its_article_until_an_editor_makes_it_an_alias(
            self, client_for, editor, libyan_article):
        tripoli = libyan_article.mentions.get(text="طرابلس")
        lebanon = next(i for i, alt in enumerate(tripoli.alternatives) if alt["country_code"] == "LB")
        client = client_for(editor)
        client.post(mention_url(tripoli), {"action": "choose", "alternative": lebanon})
        tripoli.refresh_from_db()
        assert (tripoli.country, tripoli.status) == ("LB", PlaceMention.Status.CORRECTED)
        assert tripoli.alternatives[0]["country_code"] == "LY"
        assert not PlaceAlias.objects.exists()
        client.post(mention_url(tripoli), {"action": "alias"})
        assert PlaceAlias.objects.get(name="طرابلس").country == "LB"
        again = Article.objects.create(title="Again", body="انفجار في طرابلس", language="ar")
        articles.refresh_mentions(again)
        assert again.mentions.get().country == "LB"

    def test_it_lets_an_editor_reject_a_mention(self, client_for, editor, libyan_article):
        derna = libyan_article.mentions.get(text="درنة")
        client_for(editor).post(mention_url(derna), {"action": "reject"})
        derna.refresh_from_db()
        assert derna.status == PlaceMention.Status.REJECTED

    def test_it_refuses_decisions_from_a_journalist(self, client_for, journalist, libyan_article):
        derna = libyan_article.mentions.get(text="درنة")
        client = client_for(journalist)
        assert client.post(mention_url(derna), {"action": "reject"}).status_code == 403
        assert client.post(mention_url(derna), {"action": "event"}).status_code == 403
        assert client.get(mention_url(derna)).status_code == 405


@pytest.mark.django_db
class TestArticlePage:
    def test_it_highlights_every_mention_in_the_escaped_text(self, client_for, editor,
                                                             libyan_article):
        body = client_for(editor).get(
            reverse("admin:events_article_change", args=[libyan_article.pk])).content.decode()
        assert body.count('<mark class="place-mention') == 2
        assert ">درنة</mark>" in body and "Darnah" in body and "Libya" in body

    @pytest.mark.parametrize("payload", XSS_PAYLOADS)
    def test_it_escapes_hostile_text(self, client_for, editor, payload):
        article = Article.objects.create(title="x", body=f"{payload} Clashes in Benghazi {payload}",
                                         language="en")
        articles.refresh_mentions(article)
        body = client_for(editor).get(
            reverse("admin:events_article_change", args=[article.pk])).content.decode()
        section = body[body.index('class="article-text"'):body.index("mention-table")]
        assert escape(payload) in section and "Benghazi</mark>" in section
        assert "<" not in payload or payload not in section


@pytest.mark.django_db
class TestEventFromMention:
    def test_it_drafts_an_event_prefilled_from_the_mention_and_article(
            self, client_for, contributor, libyan_article):
        derna = libyan_article.mentions.get(text="درنة")
        response = client_for(contributor).post(mention_url(derna), {"action": "event"})
        event = Event.objects.get()
        assert response["Location"] == reverse("admin:events_event_change", args=[event.pk])
        assert (event.location, event.country, event.latitude) == ("Darnah", "LY", derna.latitude)
        assert event.status == ReviewStatus.DRAFT and event.created_by == contributor
        assert event.headline == "Derna falls" and list(event.sources.all()) == [libyan_article]
        assert (event.event_date, event.time_precision) == (datetime.date(2014, 11, 16), TimePrecision.DAY)
        assert (event.event_type, event.sub_event_type) == ("Strategic developments", "Other")
        assert event.geo_precision == GeoPrecision.EXACT

    def test_it_dates_an_undated_article_today_within_a_week(self, contributor, db):
        article = Article.objects.create(title="Undated", body="اشتباكات في ليبيا", language="ar")
        articles.refresh_mentions(article)
        event = articles.draft_event_from_mention(article.mentions.get(), contributor)
        assert (event.event_date, event.time_precision) == (timezone.localdate(), TimePrecision.WEEK)
        assert event.geo_precision == GeoPrecision.REGION  # a country
