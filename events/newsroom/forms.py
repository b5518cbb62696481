"""The admin's forms for articles and events."""
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.roles import WorkflowError
from events.newsroom.ingest import HTML_SUFFIXES, UnreadableUpload, guess_language, read_upload
from events.models import Article, Event
from events.taxonomy import ReviewStatus


def normalise_newlines(text):
    """A browser sends a textarea's lines ending in CRLF; the stored text ends them in LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if isinstance(text, str) else text


def binary_problem(text):
    """Why `text` cannot be an article's text (NUL or other binary control bytes), or None."""
    if "\x00" in text:
        return _("This is not text: it contains binary data (NUL bytes). Paste the article's "
                 "text, or upload a .txt or .html file.")
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\n\t\f\v")
    if controls > max(10, len(text[:100_000]) // 100):
        return _("This is not text: it contains binary data. Paste the article's text, or "
                 "upload a .txt or .html file.")
    return None


class ArticleTextField(forms.CharField):
    """The article's text with its newlines normalised, so an unchanged text saved from a
    browser is unchanged (and the geoparser is not run again for nothing)."""

    def to_python(self, value):
        return normalise_newlines(super().to_python(value))


class ArticleAdminForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("or upload a file"), required=False,
        help_text=_("A .txt file, or an .html page reduced to its text; it replaces the text above."),
    )

    class Meta:
        model = Article
        # The admin lists the fields; url is left to it so its URLField gets assume_scheme.
        fields = ["title", "outlet", "language", "published_on", "body"]
        field_classes = {"body": ArticleTextField}
        help_texts = {"language": _("Left blank, it is detected from the text.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A user who may only read the article gets the form without its fields.
        if "body" in self.fields:
            self.fields["body"].required = False  # the text may come from the upload

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload and not upload.name.lower().endswith((".txt",) + HTML_SUFFIXES):
            raise ValidationError(_("Upload a .txt or .html file."), code="file_type")
        # UTF-8 takes at most 4 bytes a character: a larger file is surely too long.
        if upload and upload.size > 4 * settings.ARTICLE_MAX_CHARACTERS:
            raise ValidationError(self._too_long(upload.size // 4), code="too_long")
        return upload

    @staticmethod
    def _too_long(length):
        return _("The text is too long: about %(length)s characters, at most %(max)s are "
                 "kept. Split the article, or keep the part that reports events.") % {
            "length": f"{length:,}", "max": f"{settings.ARTICLE_MAX_CHARACTERS:,}"}

    def clean(self):
        cleaned = super().clean()
        if "body" not in self.fields:
            return cleaned
        if cleaned.get("upload"):
            try:
                cleaned["body"] = normalise_newlines(read_upload(cleaned["upload"])).strip()
            except UnreadableUpload as exc:
                self.add_error("upload", str(exc))
                return cleaned
        body = cleaned.get("body") or ""
        if body and binary_problem(body):
            self.add_error("upload" if cleaned.get("upload") else "body", binary_problem(body))
        elif len(body) > settings.ARTICLE_MAX_CHARACTERS:
            self.add_error("upload" if cleaned.get("upload") else "body", self._too_long(len(body)))
        elif not body:
            self.add_error("body", _("Paste the article's text or upload a file."))
        elif not cleaned.get("language"):
            cleaned["language"] = guess_language(cleaned["body"])
        return cleaned


class MapPickerWidget(forms.Widget):
    """A place search box and a map whose marker moves the latitude/longitude inputs.

    Rendered in Python: the default form renderer does not read project templates.
    The script (static/events/admin/event_form.js) finds its settings in data-*.
    """

    class Media:
        css = {"all": ["vendor/leaflet/leaflet.css", "events/admin/admin.css"]}
        js = ["vendor/leaflet/leaflet.js", "events/admin/event_form.js"]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<div class="map-picker" data-search-url="{}" data-lat-input="id_latitude" '
            'data-lon-input="id_longitude" data-location-input="id_location" '
            'data-country-input="id_country" data-tiles-url="{}" data-attribution="{}" '
            'data-empty-label="{}" data-loading-label="{}" data-error-label="{}">'
            '<div class="map-picker-search">'
            '<input type="search" name="{}" id="{}" placeholder="{}" autocomplete="off">'
            '<button type="button" class="button map-picker-find">{}</button></div>'
            '<ul class="map-picker-results" aria-live="polite"></ul>'
            '<div class="map-picker-map" role="application" aria-label="{}"></div>'
            '<p class="help">{}</p></div>',
            reverse("admin:events_event_geocode"),
            settings.EVENT_MAP["TILES_URL"], settings.EVENT_MAP["TILES_ATTRIBUTION"],
            _("No place of that name."), _("Searching…"), _("The search failed; try again."),
            name, attrs.get("id", ""), _("Town, village, site…"), _("Find"), _("Event location"),
            _("Click the map or drag the marker to move the point; it fills latitude and longitude."),
        )

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class EventAdminForm(forms.ModelForm):
    place_search = forms.CharField(
        label=_("Find the place"), required=False, widget=MapPickerWidget,
        help_text=_("Search the gazetteer and choose among the candidates; nothing is chosen for you."),
    )
    # The version of the event the editor opened: a save from an older one is refused.
    seen_version = forms.IntegerField(label=_("Seen version"), widget=forms.HiddenInput, required=False)
    # Set by the admin: the user the form saves for (None only outside a request).
    user = None

    class Meta:
        model = Event
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "seen_version" in self.fields and self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version
        if "status" in self.fields:
            allowed = self.instance.statuses_for(self.user)
            self.fields["status"].choices = [
                choice for choice in ReviewStatus.choices if choice[0] in allowed
            ]

    def _check_version(self, cleaned):
        """Refuse a save from a form opened before someone else's save, and say what
        they changed; the editor's input stays in the form, which now carries the
        current version, so saving again knowingly replaces theirs."""
        if not self.instance.pk or "seen_version" not in self.fields:
            return
        seen = cleaned.get("seen_version") or self.instance.version
        current = Event.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            current = current.select_for_update()  # held until the admin's save commits
        current = current.values_list("version", flat=True).first()
        if current is not None and seen != current:
            self.data = self.data.copy()
            self.data[self.add_prefix("seen_version")] = str(current)
            raise ValidationError(
                "%s %s" % (self.instance.conflict_message(seen),
                           _("Your changes are below, not saved: check them against these, then save again.")),
                code="edit_conflict")
        self.instance.version = seen  # Event.save checks it once more, atomically

    def clean(self):
        cleaned = super().clean()
        self._check_version(cleaned)
        if "status" not in self.fields:
            return cleaned
        # The model's rule book decides, on the values the form is about to save.
        facts = {"has_point": cleaned.get("latitude") is not None and cleaned.get("longitude") is not None}
        if "sources" in self.fields:
            facts["has_sources"] = bool(cleaned.get("sources")) or bool(
                cleaned.get("source_text", self.instance.source_text))
        try:
            self.instance.check_write(self.user, cleaned.get("status"), **facts)
        except WorkflowError as exc:
            for problem in str(exc).split("; "):
                self.add_error("status", ValidationError(problem[:1].upper() + problem[1:].rstrip(".") + ".",
                                                         code="workflow"))
        return cleaned
