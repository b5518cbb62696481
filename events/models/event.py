"""Events, as the ACLED codebook describes them, and the rules of their review.

Longer than our usual module: the codebook's fields and the review rules that read
them (who may edit, which statuses, publish/retract/merge) are kept together on
purpose, so every write path finds them in one place. The version check against lost
updates is in events.models.versioning. (Over 300 lines for that reason: the ACLED
fields and the rules that read them are one class.)
"""
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events import roles
from events.countries import country_name
from events.models.actors import Actor, Tag
from events.models.articles import Article
from events.models.history import TrackedHistory, one_record
from events.models.versioning import VersionedMixin
from events.models.fields import country_field
from events.models.mapdata import cell_expression
from events.roles import WorkflowError
from events.taxonomy import (
    EVENT_TYPE_OF,
    DisorderType,
    EventType,
    GeoPrecision,
    ReviewStatus,
    SubEventType,
    TimePrecision,
    disorder_type_for,
    label,
)


class EventQuerySet(models.QuerySet):
    # Where page() starts reading ids first: skipping fewer rows costs less than a
    # second query.
    DIRECT_PAGE_START = 1000

    def published(self):
        """The only events public pages, feeds and exports may show."""
        return self.filter(status=ReviewStatus.PUBLISHED)

    def located(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def page(self, start, stop):
        """Rows `start` to `stop` of this ordered selection, in two reads: the ids of the
        page first, then those rows. Skipping the rows before a deep page (OFFSET) costs
        one step per row skipped; asked for ids only, PostgreSQL skips them in the
        ordering index without fetching each row from the table (the newest-first
        indexes, event_public_recent and event_public_recent_located, hold what the
        public lists filter and order on), and only the page's rows are fetched whole.
        Measured at 1,000,000 events (`bench pages`): page 9,999 of the map's list in
        0.12 s instead of 0.97 s, of the API in 0.40 s instead of 3.06 s."""
        if start < self.DIRECT_PAGE_START:
            return self[start:stop]  # a few rows to skip: one read
        ids = list(self.values_list("pk", flat=True)[start:stop])
        return self.filter(pk__in=ids) if ids else self.none()

    def with_related(self):
        """Everything an event's page, popup, API entry or export row reads, fetched per
        query rather than per event."""
        return self.select_related("actor1", "actor2").prefetch_related(
            "assoc_actor_1", "assoc_actor_2", "tags", "sources__outlet")

    def editable_by(self, user):
        """The events `user` may change: the queryset form of Event.may_be_edited_by."""
        if user is None:
            return self
        if not user.has_perm("events.change_event"):
            return self.none()
        if roles.is_editor(user):
            return self
        return self.filter(created_by=user, status=ReviewStatus.DRAFT)

    def touch(self):
        """Count a write made outside Event.save() (a raw or bulk UPDATE) as a new version,
        so an editor's form opened before it is told, not allowed to undo it."""
        return self.update(version=models.F("version") + 1)

    # -- the admin's date hierarchy at millions of events ---------------------------

    def with_probed_dates(self):
        """This selection, with dates() answered by probing (see probed_dates)."""
        clone = self._chain()
        clone._probed_dates = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._probed_dates = getattr(self, "_probed_dates", False)
        return clone

    def dates(self, field_name, kind, order="ASC"):
        if getattr(self, "_probed_dates", False) and kind in ("year", "month", "day"):
            return probed_dates(self, field_name, kind, order)
        return super().dates(field_name, kind, order)


MAX_PROBES = 400


def _period_starts(first, last, kind):
    """The first day of every year, month or day from `first` to `last`, with the next one."""
    if kind == "year":
        starts = [datetime.date(year, 1, 1) for year in range(first.year, last.year + 2)]
    elif kind == "month":
        starts, day = [], first.replace(day=1)
        while day <= last:
            starts.append(day)
            day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        starts.append(day)
    else:
        starts = [first + datetime.timedelta(days=n) for n in range((last - first).days + 2)]
    return list(zip(starts, starts[1:]))


def probed_dates(queryset, field_name, kind, order="ASC"):
    """The years (months, days) in which `queryset` has events, as QuerySet.dates()
    gives them, from one MIN/MAX and one statement of EXISTS probes (one per period)
    instead of a DISTINCT over every matching row.

    Why: the admin's date hierarchy asks for the distinct years of the whole selection,
    which PostgreSQL answers by reading all of it (0.4 s at a million events, 2 s under
    load, on every change-list page). MIN/MAX and a range EXISTS are index probes on
    the event_date indexes whatever the number of events, and a hierarchy spans a few
    dozen years, twelve months or a month's days: two queries in all. (With a
    free-text search no index serves the condition and each probe could read the
    table: the admin then shows no hierarchy, events.newsroom.admin.EventChangeList.)"""
    plain = queryset.order_by()
    bounds = plain.aggregate(first=models.Min(field_name), last=models.Max(field_name))
    if bounds["first"] is None:
        return []
    periods = _period_starts(bounds["first"], bounds["last"], kind)
    if len(periods) > MAX_PROBES:  # days over years: no hierarchy asks it; keep SQL small
        return list(models.QuerySet.dates(queryset, field_name, kind, order))
    # All the probes in one statement: SELECT EXISTS (...), EXISTS (...), ...
    probes, params = [], []
    for start, end in periods:
        probe = plain.filter(**{f"{field_name}__gte": start, f"{field_name}__lt": end}).values("pk")[:1]
        sql, probe_params = probe.query.sql_with_params()
        probes.append(f"EXISTS ({sql})")
        params.extend(probe_params)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(probes), params)
        present = cursor.fetchone()
    found = [start for (start, _end), here in zip(periods, present) if here]
    return found if order == "ASC" else found[::-1]


class Event(VersionedMixin, models.Model):
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
        # PostgreSQL's integer, and what an ACLED import accepts (events.acled.rows.MAX_INT):
        # SQLite would store more, and the export could then not be imported again.
        validators=[MinValueValidator(0), MaxValueValidator(2**31 - 1)],
        help_text=_("The lowest figure reported. Leave empty when unknown; 0 means nobody was killed."),
    )
    location = models.CharField(
        _("place"), max_length=200, help_text=_("The town, village or area where it happened."),
    )
    country = country_field()
    region = models.CharField(
        # db_default: rows written by SQL alone (COPY, the benchmarks' loads) have one too.
        _("ACLED region"), max_length=60, blank=True, editable=False, default="", db_default="",
        help_text=_("ACLED's region column as the imported row gave it (e.g. Northern Africa); "
                    "empty for events made here."),
    )
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
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Goes up with every save; a save from an older version is refused (Event.save)."),
    )

    # The point in integer grid units, computed by the database (events.models.mapdata).
    cell_x = models.GeneratedField(expression=cell_expression("longitude", 180.0, 1),
                                   output_field=models.IntegerField(), db_persist=True)
    cell_y = models.GeneratedField(expression=cell_expression("latitude", 90.0, -1),
                                   output_field=models.IntegerField(), db_persist=True)

    objects = EventQuerySet.as_manager()
    # Every save, with its sources, tags and associated actors (events.models.history).
    history = TrackedHistory(m2m_fields=["sources", "tags", "assoc_actor_1", "assoc_actor_2"],
                             excluded_fields=["cell_x", "cell_y"],  # derived by the database
                             # (django-simple-history's own "historical events" is not translated)
                             verbose_name=_("event change"), verbose_name_plural=_("event changes"))

    class Meta:
        ordering = ["-event_date", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["status", "event_date"]),
            models.Index(fields=["event_type", "sub_event_type"]),
            models.Index(fields=["country"]),
            # The public paths: the map's grid, the list's and API's order, the feeds'.
            models.Index(fields=["status", "cell_x", "cell_y"], name="event_public_cells"),
            models.Index(fields=["status", "-event_date", "-id"], name="event_public_recent"),
            # The list beside the map (located events only): its ids are read from this
            # index alone, even for a page far down (EventQuerySet.page).
            models.Index(fields=["status", "-event_date", "-id"], name="event_public_recent_located",
                         condition=models.Q(latitude__isnull=False, longitude__isnull=False)),
            models.Index(fields=["status", "-updated_at", "-id"], name="event_public_changed"),
            models.Index(fields=["status", "geo_precision"], name="event_public_precision"),
            # The admin's list (every status, newest first) and its date hierarchy's probes.
            models.Index(fields=["-event_date", "-id"], name="event_recent"),
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
        if self.pk is None or self._state.adding:
            super().save(*args, **kwargs)
        else:
            with transaction.atomic():
                self._claim_next_version()
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
                super().save(*args, **kwargs)
        self._stored_status = self.status

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

    def place_names(self):
        """Place, admin1 and country, each once (a page isolates each name's direction)."""
        return list(dict.fromkeys(p for p in (self.location, self.admin1, country_name(self.country)) if p))

    def precision_display(self):
        return label(GeoPrecision, self.geo_precision).lower()

    def place_display(self):
        """Place, admin1 and country, with how precisely the point is known."""
        return f"{', '.join(self.place_names())} ({self.precision_display()})"

    # -- the review rules: every path that writes an event goes through these --------
    #
    # `by` is the user acting; None is the system itself (a management command run by
    # whoever has the server's shell), which the roles do not restrict.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The status as stored, so a rule can tell a draft being submitted from a
        # published event being edited, whatever a form has set meanwhile.
        self._stored_status = self.status if self.pk else None

    @staticmethod
    def may_review(user):
        """May `user` publish, retract and merge events at all (editors; None: the system)?"""
        return user is None or (user.has_perm("events.change_event") and roles.is_editor(user))

    def may_be_edited_by(self, user):
        """May `user` change this event at all (a new one: create it)?"""
        if user is None:
            return True
        if self.pk is None:
            return user.has_perm("events.add_event")
        if not user.has_perm("events.change_event"):
            return False
        if roles.is_editor(user):
            return True
        return self.created_by_id == user.pk and self._stored_status == ReviewStatus.DRAFT

    def statuses_for(self, user):
        """The statuses `user` may give this event, in the codebook's order."""
        if user is None or roles.is_editor(user):
            return list(ReviewStatus.values) if self.may_be_edited_by(user) else [self.status]
        if self.may_be_edited_by(user):
            return [ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW]
        return [self._stored_status] if self.pk else []

    def publish_problems(self, *, has_sources=None, has_point=None):
        """Why the event may not be published yet; empty when it may.

        A form checks values it has not saved yet: it passes them in."""
        if has_sources is None:
            has_sources = bool(self.source_text) or (self.pk is not None and self.sources.exists())
        if has_point is None:
            has_point = self.has_point
        problems = []
        if not has_sources:
            problems.append(gettext("a published event needs a source (an article, or sources as cited)"))
        if not has_point:
            problems.append(gettext("a published event needs a point on the map (latitude and longitude)"))
        return problems

    def check_write(self, by, status=None, **publish_facts):
        """Raise WorkflowError unless `by` may save this event with `status` (default:
        the one it has). `publish_facts` go to publish_problems."""
        status = status or self.status
        if not self.may_be_edited_by(by):
            if self.pk is None:
                raise WorkflowError(gettext("You may not add events."))
            raise WorkflowError(gettext("You may only change your own drafts."))
        if status not in self.statuses_for(by):
            if status in (ReviewStatus.PUBLISHED, ReviewStatus.RETRACTED):
                raise WorkflowError(gettext("Only editors may publish or retract events."))
            raise WorkflowError(gettext("You may not give this event that status."))
        if status == ReviewStatus.PUBLISHED and self._stored_status != ReviewStatus.PUBLISHED:
            problems = self.publish_problems(**publish_facts)
            if problems:
                raise WorkflowError("; ".join(problems))

    def _move(self, status, by):
        self.check_write(by, status)
        self.status, self.updated_by = status, by
        if by is not None:
            self._history_user = by
        self.save(update_fields=["status", "updated_by", "updated_at"])
        self._stored_status = status

    def submit(self, by):
        """A draft goes to review."""
        if self._stored_status != ReviewStatus.DRAFT:
            raise WorkflowError(gettext("Only drafts can be submitted for review."))
        self._move(ReviewStatus.IN_REVIEW, by)

    def publish(self, by):
        """The event goes on the public map, feeds and exports (editors only)."""
        self._move(ReviewStatus.PUBLISHED, by)

    def retract(self, by):
        """The event leaves every public path at once (editors only); it is kept."""
        self._move(ReviewStatus.RETRACTED, by)

    def merge_into(self, keep, by):
        """This event reports the same thing as `keep`: `keep` gets its sources and
        tags, and this one is retracted (not deleted, so its page and history stay)."""
        if keep.pk == self.pk:
            raise WorkflowError(gettext("An event cannot be merged into itself."))
        keep.check_write(by)
        self.check_write(by, ReviewStatus.RETRACTED)
        with one_record(keep, by=by, reason=gettext("Merged #%(id)s into it.") % {"id": self.pk}):
            keep.sources.add(*self.sources.all())
            keep.tags.add(*self.tags.all())
            keep.updated_by = by
            keep.save(update_fields=["updated_by", "updated_at"])  # a new version of keep
        self._change_reason = gettext("Merged into #%(id)s.") % {"id": keep.pk}
        try:
            self._move(ReviewStatus.RETRACTED, by)
        finally:
            del self._change_reason

