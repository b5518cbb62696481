"""Where events are reported: outlets and their articles."""
import hashlib
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events import roles
from events.roles import WorkflowError
from events.taxonomy import ReviewStatus
from events.models.fields import Language, country_field, web_url
from events.models.history import TrackedHistory


class Outlet(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True, validators=[web_url])
    country = country_field(help_text=_("Where the outlet is based."))
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, blank=True,
        help_text=_("The main language the outlet publishes in."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self):
        return self.name


def fingerprint_text(text):
    """A digest of the text that ignores case, Unicode form and spacing.

    Two pastes of the same article (one with an extra blank line, one through a
    different clipboard) get the same fingerprint, so the text is stored once.
    """
    normal = unicodedata.normalize("NFKC", text).casefold()
    normal = re.sub(r"\s+", " ", normal).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


class ArticleQuerySet(models.QuerySet):
    def cited_by_published(self):
        """Articles a published event cites: what the public sees as its sources."""
        return self.filter(events__status=ReviewStatus.PUBLISHED)

    def editable_by(self, user):
        """The articles `user` may change: the queryset form of Article.may_be_edited_by."""
        if user is None:
            return self
        if not user.has_perm("events.change_article"):
            return self.none()
        if roles.is_editor(user):
            return self
        return self.filter(created_by=user).exclude(pk__in=self.cited_by_published().values("pk"))


class Article(models.Model):
    outlet = models.ForeignKey(
        Outlet, verbose_name=_("outlet"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="articles",
    )
    url = models.URLField(
        _("URL"), max_length=1000, unique=True, null=True, blank=True,
        validators=[web_url], help_text=_("The article's address; leave empty for print or wire copy."),
    )
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"), help_text=_("The full text of the article."))
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, blank=True,
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    fingerprint = models.CharField(
        _("fingerprint"), max_length=64, unique=True, editable=False,
        help_text=_("Digest of the text, so the same article is not stored twice."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    history = TrackedHistory(verbose_name=_("article change"), verbose_name_plural=_("article changes"))

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        self.url = self.url or None
        self.fingerprint = fingerprint_text(self.body or "")
        duplicate = Article.objects.filter(fingerprint=self.fingerprint).exclude(pk=self.pk).first()
        if duplicate:
            raise ValidationError(
                {"body": _("This text is already stored as the article “%(title)s” (#%(id)s).")
                 % {"title": duplicate.title, "id": duplicate.pk}},
                code="duplicate_text",
            )

    def save(self, *args, **kwargs):
        self.url = self.url or None
        self.fingerprint = fingerprint_text(self.body or "")
        super().save(*args, **kwargs)

    # -- who may change an article (its text, title and URL are what the public sees as
    # an event's source, so contributors are held to their own, unpublished ones) -----

    def may_be_edited_by(self, user):
        """May `user` change this article (a new one: add it)? None is the system."""
        if user is None:
            return True
        if self.pk is None:
            return user.has_perm("events.add_article")
        if not user.has_perm("events.change_article"):
            return False
        if roles.is_editor(user):
            return True
        return (self.created_by_id == user.pk
                and not self.events.filter(status=ReviewStatus.PUBLISHED).exists())

    def check_write(self, by):
        """Raise WorkflowError unless `by` may save this article."""
        if not self.may_be_edited_by(by):
            if self.pk is None:
                raise WorkflowError(gettext("You may not add articles."))
            raise WorkflowError(gettext(
                "You may only change articles you added, and only while no published event cites them."))
