"""Outlets and articles: an article's places are found on save and decided on its page
(confirm, correct in this article, reject, make a global alias, draft an event)."""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.countries import country_name
from events.models import Article, Outlet, PlaceAlias, PlaceMention
from events.newsroom import ingest as articles
from events.newsroom.admin.base import HistoryAdmin, WebLinkAdmin
from events.newsroom.forms import ArticleAdminForm
from events.roles import WorkflowError

# How many place mentions an article's page lists at once, and alternatives per mention.
MENTIONS_PER_PAGE = 100
MAX_ALTERNATIVES = 10


@admin.register(Outlet)
class OutletAdmin(WebLinkAdmin):
    list_display = ["name", "country", "language", "website"]
    list_filter = ["language", "country"]
    search_fields = ["name", "website"]


@admin.register(Article)
class ArticleAdmin(HistoryAdmin, WebLinkAdmin):
    form = ArticleAdminForm
    list_display = ["title", "outlet", "language", "published_on", "event_count"]
    list_filter = ["language", "outlet", "published_on"]
    search_fields = ["title", "body", "url"]
    date_hierarchy = "published_on"
    readonly_fields = ["fingerprint", "created_at", "created_by"]
    autocomplete_fields = ["outlet"]
    fields = ["title", "outlet", "url", "language", "published_on", "body", "upload",
              "fingerprint", "created_at", "created_by"]
    # A change to one of these runs the geoparser again.
    GEOPARSED_FIELDS = {"body", "upload", "language", "outlet"}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_event_count=Count("events"))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.may_be_edited_by(request.user))

    @admin.display(description=_("events"), ordering="_event_count")
    def event_count(self, obj):
        return obj._event_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        try:
            obj.check_write(request.user)
        except WorkflowError as exc:
            raise PermissionDenied(str(exc)) from exc
        super().save_model(request, obj, form, change)
        if not change or self.GEOPARSED_FIELDS & set(form.changed_data):
            found = articles.refresh_mentions(obj)
            self.message_user(request, gettext("The geoparser found %(count)d new place mentions.")
                              % {"count": found})

    def response_post_save_add(self, request, obj):
        # After "Save", the editor's next step is confirming the places on the article's page.
        return HttpResponseRedirect(reverse("admin:events_article_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if article is not None:
            # Every mention is marked in the text; the table lists one page of them, so a
            # long article's page stays about the size of its text.
            mentions = list(article.mentions.all())
            page = Paginator(mentions, MENTIONS_PER_PAGE).get_page(request.GET.get("mentions_page"))
            for mention in page:
                mention.country_label = country_name(mention.country)
                mention.alternative_labels = [
                    (i, alt["name"], country_name(alt.get("country_code")), alt.get("feature"))
                    for i, alt in enumerate(mention.alternatives[:MAX_ALTERNATIVES])
                ]
            extra_context.update(
                mentions=page, mention_count=len(mentions),
                highlighted_body=articles.highlighted_body(article, mentions),
                can_decide=self.has_change_permission(request, article),
                can_create_event=request.user.has_perm("events.add_event"),
                can_make_alias=request.user.has_perm("events.add_placealias"),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path("<int:article_id>/mentions/<int:mention_id>/",
                 self.admin_site.admin_view(self.mention_action),
                 name="events_article_mention"),
        ] + super().get_urls()

    def mention_action(self, request, article_id, mention_id):
        """Confirm, correct or reject a mention, or draft an event from it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        mention = get_object_or_404(PlaceMention.objects.select_related("article"),
                                    pk=mention_id, article_id=article_id)
        action = request.POST.get("action")
        back = reverse("admin:events_article_change", args=[article_id])
        if action == "event":
            if not request.user.has_perm("events.add_event"):
                raise PermissionDenied
            event = articles.draft_event_from_mention(mention, request.user)
            self.message_user(request, gettext(
                "Draft event created at %(place)s. Set its type and sub-type (it starts as "
                "“Strategic developments / Other”), actors and fatalities.") % {"place": event.location})
            return HttpResponseRedirect(reverse("admin:events_event_change", args=[event.pk]))
        if not self.has_change_permission(request, mention.article):
            raise PermissionDenied
        if action == "choose":
            try:
                articles.choose_alternative(mention, int(request.POST.get("alternative", "")))
            except (ValueError, IndexError):
                self.message_user(request, gettext("Choose one of the alternatives."), messages.ERROR)
                return HttpResponseRedirect(back)
            self.message_user(request, gettext("“%(text)s” now resolves to %(place)s in this article.")
                              % {"text": mention.text, "place": mention.name})
        elif action == "alias":
            try:
                PlaceAlias.from_mention(mention, request.user)
            except WorkflowError as exc:
                raise PermissionDenied(str(exc)) from exc
            self.message_user(request, gettext(
                "“%(text)s” is now an alias of %(place)s for every article; an article's own "
                "context can still outweigh it.") % {"text": mention.text, "place": mention.name})
        elif action in ("confirm", "reject"):
            status = {"confirm": PlaceMention.Status.CONFIRMED,
                      "reject": PlaceMention.Status.REJECTED}[action]
            articles.set_mention_status(mention, status)
        else:
            self.message_user(request, gettext("Unknown action."), messages.ERROR)
        return HttpResponseRedirect(f"{back}#mention-row-{mention.pk}")
