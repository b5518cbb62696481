"""The newsroom's data: outlets, articles, actors, tags and events.

Events follow the ACLED codebook where it fits (see events.taxonomy) so that rows
can be exported to and imported from the tools researchers already use.
"""
import hashlib
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events.countries import country_choices, country_name, validate_country_code
from events.taxonomy import (
    EVENT_TYPE_OF,
    ActorType,
    DisorderType,
    EventType,
    GeoPrecision,
    ReviewStatus,
    SubEventType,
    TimePrecision,
    disorder_type_for,
)


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Other")


def _country_field(**kwargs):
    return models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        choices=country_choices,
        validators=[validate_country_code],
        **kwargs,
    )


# Only web links: a javascript: or data: URL must never become a clickable source.
_web_url = URLValidator(schemes=["http", "https"])


class Outlet(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True, validators=[_web_url])
    country = _country_field(help_text=_("Where the outlet is based."))
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


class Article(models.Model):
    outlet = models.ForeignKey(
        Outlet, verbose_name=_("outlet"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="articles",
    )
    url = models.URLField(
        _("URL"), max_length=1000, unique=True, null=True, blank=True,
        validators=[_web_url], help_text=_("The article's address; leave empty for print or wire copy."),
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
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )

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


class Actor(models.Model):
    name = models.CharField(
        _("name"), max_length=300, unique=True,
        help_text=_("The name used in exports, as ACLED would write it."),
    )
    name_ar = models.CharField(_("name in Arabic"), max_length=300, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    actor_type = models.PositiveSmallIntegerField(
        _("actor type"), choices=ActorType.choices,
        help_text=_("ACLED's inter code: state forces, rebels, militias, rioters, ..."),
    )
    country = _country_field(help_text=_("The actor's home country, if any."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class EventQuerySet(models.QuerySet):
    def published(self):
        """The only events public pages, feeds and exports may show."""
        return self.filter(status=ReviewStatus.PUBLISHED)

    def located(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)


class Event(models.Model):
    reference = models.CharField(
        _("reference"), max_length=64, unique=True, null=True, blank=True,
        help_text=_("A stable identifier, e.g. ACLED's event_id_cnty for imported events."),
    )
    headline = models.CharField(
        _("headline"), max_length=250, help_text=_("One short sentence: who did what, where."),
    )
    notes = models.TextField(
        _("notes"), blank=True,
        help_text=_("What happened, as ACLED notes do: actors, place, outcome, figures and who reports them."),
    )
    event_date = models.DateField(_("event date"), help_text=_("The day the event took place."))
    time_precision = models.PositiveSmallIntegerField(
        _("time precision"), choices=TimePrecision.choices, default=TimePrecision.DAY,
        help_text=_("1: the exact day is known; 2: only the week; 3: only the month."),
    )
    event_type = models.CharField(_("event type"), max_length=40, choices=EventType.choices)
    sub_event_type = models.CharField(
        _("sub-event type"), max_length=50, choices=SubEventType.choices,
        help_text=_("Must belong to the event type."),
    )
    disorder_type = models.CharField(
        _("disorder type"), max_length=40, choices=DisorderType.choices, editable=False,
        help_text=_("Derived from the event and sub-event type."),
    )
    actor1 = models.ForeignKey(
        Actor, verbose_name=_("actor 1"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="events_as_actor1",
        help_text=_("The actor that initiated the event."),
    )
    assoc_actor_1 = models.ManyToManyField(
        Actor, verbose_name=_("associated actors of actor 1"), blank=True, related_name="+",
    )
    actor2 = models.ForeignKey(
        Actor, verbose_name=_("actor 2"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="events_as_actor2",
        help_text=_("The other side, or the target; empty when there is none."),
    )
    assoc_actor_2 = models.ManyToManyField(
        Actor, verbose_name=_("associated actors of actor 2"), blank=True, related_name="+",
    )
    fatalities = models.PositiveIntegerField(
        _("fatalities"), null=True, blank=True,
        help_text=_("The lowest figure reported. Leave empty when unknown; 0 means nobody was killed."),
    )
    location = models.CharField(
        _("place"), max_length=200, help_text=_("The town, village or area where it happened."),
    )
    country = _country_field()
    admin1 = models.CharField(
        _("admin1"), max_length=200, blank=True,
        help_text=_("The largest sub-national division (province, governorate, wilaya)."),
    )
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    geo_precision = models.PositiveSmallIntegerField(
        _("geo precision"), choices=GeoPrecision.choices, default=GeoPrecision.EXACT,
        help_text=_("1: the town itself; 2: near a town or part of a region; 3: only the region is known."),
    )
    sources = models.ManyToManyField(
        Article, verbose_name=_("source articles"), blank=True, related_name="events",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="events")
    admin2 = models.CharField(_("admin2"), max_length=200, blank=True,
                              help_text=_("The second-level division (district, county)."))
    admin3 = models.CharField(_("admin3"), max_length=200, blank=True,
                              help_text=_("The third-level division, where one exists."))
    civilian_targeting = models.BooleanField(
        _("civilians targeted"), default=False,
        help_text=_("ACLED's civilian_targeting: the event's violence was aimed at civilians."),
    )
    source_text = models.TextField(
        _("sources as cited"), blank=True,
        help_text=_("Sources named in free text, as in ACLED's source column (imported rows keep theirs)."),
    )
    source_scale = models.CharField(
        _("source scale"), max_length=100, blank=True,
        help_text=_("ACLED's source_scale, e.g. National, Subnational, International, New media."),
    )
    acled_timestamp = models.PositiveBigIntegerField(
        _("ACLED timestamp"), null=True, blank=True, editable=False,
        help_text=_("When ACLED last changed an imported row (its timestamp column)."),
    )
    status = models.CharField(
        _("review status"), max_length=12, choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
        help_text=_("Only published events appear on the public map, feeds and exports."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-event_date", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["status", "event_date"]),
            models.Index(fields=["event_type", "sub_event_type"]),
            models.Index(fields=["country"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="event_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="event_longitude_range",
            ),
        ]

    def __str__(self):
        return self.headline

    def clean(self):
        super().clean()
        errors = {}
        if self.sub_event_type and self.event_type:
            if EVENT_TYPE_OF.get(self.sub_event_type) != self.event_type:
                errors["sub_event_type"] = _(
                    "“%(sub)s” is not a sub-event type of “%(type)s”."
                ) % {"sub": self.sub_event_type, "type": self.event_type}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Give both latitude and longitude, or neither."
            )
        if self.event_date and self.event_date > timezone.localdate():
            errors["event_date"] = _("The event date is in the future.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.event_type and self.sub_event_type:
            self.disorder_type = disorder_type_for(self.event_type, self.sub_event_type)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.pk])

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    def date_display(self):
        """The event date as precisely as it is known: a day, a week or a month."""
        if self.time_precision == TimePrecision.MONTH:
            return date_format(self.event_date, "F Y")
        day = date_format(self.event_date, "DATE_FORMAT")
        if self.time_precision == TimePrecision.WEEK:
            return _("week of %(date)s") % {"date": day}
        return day

    def place_display(self):
        """Place, admin1 and country, with how precisely the point is known."""
        parts = [self.location, self.admin1, country_name(self.country)]
        place = ", ".join(dict.fromkeys(p for p in parts if p))
        return f"{place} ({self.get_geo_precision_display().lower()})"


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
    country = _country_field()
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

    key = models.CharField(max_length=64, unique=True)
    query = models.CharField(max_length=500)
    result = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

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
    country = _country_field()
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


class ChangeRecord(models.Model):
    """One change to an event or an article: who, when, which fields, old and new values."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        DELETED = "deleted", _("Deleted")

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=300)
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(default=dict, blank=True,
                               help_text=_("{field: [old value, new value]}"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"
