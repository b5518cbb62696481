"""The same article text is stored once, however it was pasted."""
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Article, fingerprint_text


def test_fingerprint_ignores_spacing_and_case():
    assert fingerprint_text("Derna  falls\n\nto ISIS") == fingerprint_text("derna falls to isis")
    assert fingerprint_text("Derna falls") != fingerprint_text("Derna stands")


@pytest.mark.django_db
def test_a_second_copy_of_the_text_is_refused_with_a_pointer_to_the_first(article):
    copy = Article(title="Same story", body="  A car bomb exploded in   Tripoli.\n")
    with pytest.raises(ValidationError) as info:
        copy.full_clean()
    assert f"#{article.pk}" in info.value.message_dict["body"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


@pytest.mark.django_db
def test_articles_without_url_do_not_collide(db):
    Article.objects.create(title="Wire one", body="First wire copy.", url="")
    Article.objects.create(title="Wire two", body="Second wire copy.", url="")
    assert Article.objects.filter(url__isnull=True).count() == 2


@pytest.mark.django_db
def test_only_web_links_are_accepted_as_article_urls():
    article = Article(title="x", body="unique body text", url="javascript:alert(1)")
    with pytest.raises(ValidationError) as info:
        article.full_clean()
    assert "url" in info.value.message_dict
