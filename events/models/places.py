"""Places as the newsroom knows them: aliases, non-place names, geocoding answers, mentions."""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.roles import WorkflowError

from events.models.articles import Article
from events.models.fields import country_field


class OverlayQuerySet(models.QuerySet):
    def overlay_version(self):
        """Changes whenever a row is added, edited or removed; the parser reloads then."""
        latest = self.aggregate(count=models.Count("id"), latest=models.Max("updated_at"))
        return (latest["count"], latest["latest"])


class FeatureKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGION = "region", _("Region")
    ADMIN = "admin", _("Administrative division")
    CITY = "city", _("City")
    LOCALITY = "locality", _("Town or village")
    POI = "poi", _("Point of interest (square, building, camp...)")


class PlaceAliasQuerySet(OverlayQuerySet):
    def phrases(self):
        """(name, place) pairs for the geoparser: the place is a Mention's fields."""
        return [
            (alias.name, {
                "name": alias.resolved_name, "lat": alias.latitude, "lon": alias.longitude,
                "country_code": alias.country or None, "feature": alias.feature,
                "geonames_id": alias.geonames_id,
            })
            for alias in self
        ]


class PlaceAlias(models.Model):
    """A name the newsroom knows better than the gazetteer: it always wins."""

    name = models.CharField(
        _("name as written"), max_length=200, unique=True,
        help_text=_("The name as it appears in articles, e.g. «ساحة الصحابة» or “Martyrs' Square”."),
    )
    resolved_name = models.CharField(_("place"), max_length=200,
                                     help_text=_("What the name refers to, e.g. “Sahaba Square, Derna”."))
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)])
    country = country_field()
    feature = models.CharField(_("kind of place"), max_length=10, choices=FeatureKind.choices,
                               default=FeatureKind.POI)
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlaceAliasQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("place alias")
        verbose_name_plural = _("place aliases")

    def __str__(self):
        return f"{self.name} → {self.resolved_name}"

    @classmethod
    def from_mention(cls, mention, by):
        """Make the mention's place the newsroom's alias for its text, in every article.

        A separate, explicit act (never a side effect of correcting one article),
        allowed to users with add_placealias (and change_placealias to replace one);
        `by=None` is the system. The geoparser takes an alias as a hint that an
        article's context can outweigh."""
        existing = cls.objects.filter(name=mention.text).first()
        needed = "events.change_placealias" if existing else "events.add_placealias"
        if by is not None and not by.has_perm(needed):
            raise WorkflowError(gettext("Only editors may make a place alias for every article."))
        alias = existing or cls(name=mention.text)
        alias.resolved_name, alias.latitude, alias.longitude = mention.name, mention.latitude, mention.longitude
        alias.country, alias.feature, alias.geonames_id = mention.country, mention.feature, mention.geonames_id
        alias.note = gettext("From the article “%(title)s”.") % {"title": mention.article.title}
        alias.full_clean()
        alias.save()
        return alias


class NonPlaceName(models.Model):
    """A group, outlet or institution whose name contains a place but is not one."""

    class Kind(models.TextChoices):
        ARMED_GROUP = "armed_group", _("Armed group")
        MEDIA = "media", _("Media")
        INSTITUTION = "institution", _("Institution")
        OTHER = "other", _("Other")

    name = models.CharField(
        _("name"), max_length=300, unique=True,
        help_text=_("Written as in articles, e.g. «أنصار بيت المقدس»; the geoparser will not place it."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OverlayQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("non-place name")
        verbose_name_plural = _("non-place names")

    def __str__(self):
        return self.name


class GeocodeCache(models.Model):
    """Answers of an online geocoding service, kept so each query is asked once."""

    key = models.CharField(_("key"), max_length=64, unique=True)
    query = models.CharField(_("query"), max_length=500)
    result = models.JSONField(_("answer"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cached geocoding answer")
        verbose_name_plural = _("cached geocoding answers")

    def __str__(self):
        return self.query


class PlaceMention(models.Model):
    """A place the geoparser found in an article, as the editor confirmed or corrected it."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested by the geoparser")
        CONFIRMED = "confirmed", _("Confirmed")
        CORRECTED = "corrected", _("Corrected by an editor")
        REJECTED = "rejected", _("Rejected: not a place")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    text = models.CharField(_("text"), max_length=300)
    name = models.CharField(_("place"), max_length=300)
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)])
    country = country_field()
    feature = models.CharField(_("kind of place"), max_length=10, choices=FeatureKind.choices)
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True)
    confidence = models.FloatField(_("confidence"), default=0)
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUGGESTED)

    class Meta:
        ordering = ["article", "start"]
        verbose_name = _("place mention")
        verbose_name_plural = _("place mentions")
        constraints = [models.UniqueConstraint(fields=["article", "start", "end"], name="one_mention_per_span")]

    def __str__(self):
        return f"{self.text} → {self.name}"

    @property
    def decided(self):
        """An editor confirmed, corrected or rejected it: re-parsing keeps the decision."""
        return self.status != self.Status.SUGGESTED

    def as_place(self):
        """The place as the geoparser's overrides take it; None for "not a place"."""
        if self.status == self.Status.REJECTED:
            return None
        return {"name": self.name, "lat": self.latitude, "lon": self.longitude,
                "country_code": self.country or None, "feature": self.feature,
                "geonames_id": self.geonames_id}
