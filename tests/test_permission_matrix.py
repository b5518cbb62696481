"""The permission matrix: every URL of the URL conf and every write path, for the
anonymous visitor, the journalist, the contributor, the editor and the superuser.

The expectations are one table (EXPECTED below, with MODEL_RULES for the admin's
per-model pages). The URLs are walked from get_resolver(), so a URL that has no entry
fails test_every_url_has_an_entry. A refused write must leave the database as it was:
every write case compares a snapshot of the newsroom's tables before and after.
"""
import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.models import (
    Actor, Article, Event, GeocodeCache, Job, NonPlaceName, Outlet, PlaceAlias, PlaceMention, Tag,
)
from events.taxonomy import ActorType, ReviewStatus
from tests.helpers import EVENT_CHANGELIST, form_data

A, J, C, E, S = "anonymous", "journalist", "contributor", "editor", "superuser"
PERSONAS = [A, J, C, E, S]
STAFF = {J, C, E, S}
NEWSROOM = {C, E, S}
EDITORS = {E, S}
NOBODY = set()

# -- the table ------------------------------------------------------------------------
#
# Admin pages per model: who may view, add, change (an object someone else created,
# published) and delete. Anonymous visitors are sent to the login page everywhere.
MODEL_RULES = {
    "events.outlet": {"view": STAFF, "add": NEWSROOM, "change": EDITORS, "delete": EDITORS},
    "events.article": {"view": STAFF, "add": NEWSROOM, "change": EDITORS, "delete": EDITORS},
    "events.actor": {"view": STAFF, "add": NEWSROOM, "change": EDITORS, "delete": EDITORS},
    "events.tag": {"view": STAFF, "add": NEWSROOM, "change": EDITORS, "delete": EDITORS},
    "events.event": {"view": STAFF, "add": NEWSROOM, "change": EDITORS, "delete": EDITORS},
    "events.historicalevent": {"view": STAFF, "add": NOBODY, "change": NOBODY, "delete": NOBODY},
    "events.historicalarticle": {"view": STAFF, "add": NOBODY, "change": NOBODY, "delete": NOBODY},
    "events.placealias": {"view": STAFF, "add": EDITORS, "change": EDITORS, "delete": EDITORS},
    "events.nonplacename": {"view": STAFF, "add": EDITORS, "change": EDITORS, "delete": EDITORS},
    "events.geocodecache": {"view": EDITORS, "add": NOBODY, "change": {S}, "delete": EDITORS},
    "auth.user": {"view": {S}, "add": {S}, "change": {S}, "delete": {S}},
    "auth.group": {"view": {S}, "add": {S}, "change": {S}, "delete": {S}},
    "axes.accessattempt": {"view": {S}, "add": NOBODY, "change": NOBODY, "delete": {S}},
    "axes.accesslog": {"view": {S}, "add": NOBODY, "change": NOBODY, "delete": {S}},
    "axes.accessfailurelog": {"view": {S}, "add": NOBODY, "change": NOBODY, "delete": {S}},
    "otp_totp.totpdevice": {"view": {S}, "add": {S}, "change": {S}, "delete": {S}},
}


def statuses(anonymous, journalist, contributor, editor, superuser):
    return dict(zip(PERSONAS, (anonymous, journalist, contributor, editor, superuser)))


LOGIN = 302  # anonymous visitors of the admin: redirected to the login page
EVERYONE_200 = statuses(200, 200, 200, 200, 200)
STAFF_200 = statuses(LOGIN, 200, 200, 200, 200)

# Every other URL: how to open it (a path built from the objects of the scene) and the
# status each persona gets. "write" entries are the write paths further down.
EXPECTED = {
    "admin:index": ("/admin/", STAFF_200),
    "admin:login": ("/admin/login/", statuses(200, 302, 302, 302, 302)),  # signed in: to the index
    "admin:logout": ("/admin/logout/", statuses(LOGIN, 405, 405, 405, 405)),  # POST only
    "admin:password_change": ("/admin/password_change/", STAFF_200),
    "admin:password_change_done": ("/admin/password_change/done/", STAFF_200),
    "admin:autocomplete": (
        "/admin/autocomplete/?app_label=events&model_name=event&field_name=actor1&term=Lib", STAFF_200),
    "admin:jsi18n": ("/admin/jsi18n/", STAFF_200),
    "admin:auth_user_password_change": (
        lambda s: "/admin/auth/user/%s/password/" % get_user_model().objects.get(username="ed").pk,
        statuses(LOGIN, 403, 403, 403, 200)),
    "admin:view_on_site": (lambda s: "/admin/r/%s/%s/" % (
        ContentType.objects.get_for_model(Event).pk, s["published"].pk), statuses(LOGIN, 302, 302, 302, 302)),
    "admin:app_list": ("/admin/events/", STAFF_200),
    "admin:catch_all": ("/admin/no-such-page/", statuses(LOGIN, 404, 404, 404, 404)),
    "admin:model_redirect": (None, statuses(LOGIN, 302, 302, 302, 302)),  # <model>/<id>/ → change
    "admin:events_article_mention": (  # a write path: GET is refused
        lambda s: reverse("admin:events_article_mention", args=[s["article"].pk, s["mention"].pk]),
        statuses(LOGIN, 405, 405, 405, 405)),
    "admin:events_article_simple_history": (
        lambda s: reverse("admin:events_article_simple_history",
                          args=[s["article"].pk, s["article"].history.first().history_id]), STAFF_200),
    "admin:events_event_simple_history": (
        lambda s: reverse("admin:events_event_simple_history",
                          args=[s["published"].pk, s["published"].history.first().history_id]), STAFF_200),
    "admin:events_event_geocode": ("/admin/events/event/geocode/?q=Derna", STAFF_200),
    "admin:otp_totp_totpdevice_config": (
        lambda s: reverse("admin:otp_totp_totpdevice_config", args=[s["device"].pk]),
        statuses(LOGIN, 403, 403, 403, 200)),
    # 503 for the superuser: django-otp's answer while the optional qrcode package is
    # not installed (not a permission matter; reported to the ops side).
    "admin:otp_totp_totpdevice_qrcode": (
        lambda s: reverse("admin:otp_totp_totpdevice_qrcode", args=[s["device"].pk]),
        statuses(LOGIN, 403, 403, 403, 503)),
    "healthz": ("/healthz", EVERYONE_200),
    "set_language": ("/i18n/setlang/", statuses(302, 302, 302, 302, 302)),  # GET only redirects
    "events:map": ("/", EVERYONE_200),
    "events:embed": ("/embed/", EVERYONE_200),
    "events:map-script": ("/map/script.js", EVERYONE_200),
    "events:map-data": ("/map/data.json", EVERYONE_200),
    "events:detail": (lambda s: f"/events/{s['published'].pk}/", EVERYONE_200),
    "events:detail (a draft)": (lambda s: f"/events/{s['draft'].pk}/", statuses(404, 404, 404, 404, 404)),
    "events:api-detail": (lambda s: f"/api/events/{s['published'].pk}/", EVERYONE_200),
    "events:api-detail (a draft)": (lambda s: f"/api/events/{s['draft'].pk}/",
                                    statuses(404, 404, 404, 404, 404)),
    "events:api-list": ("/api/events/", EVERYONE_200),
    "events:api-geojson": ("/api/events.geojson", EVERYONE_200),
    "events:export-csv": ("/exports/events.csv", EVERYONE_200),
    "events:export-geojson": ("/exports/events.geojson", EVERYONE_200),
    "events:export-kml": ("/exports/events.kml", EVERYONE_200),
    "events:feed-atom": ("/feeds/events.atom", EVERYONE_200),
    "events:feed-rss": ("/feeds/events.rss", EVERYONE_200),
    "events:import-acled": ("/imports/acled/", statuses(LOGIN, 403, 200, 200, 200)),
    "events:map-block": ("/map/blocks/3/1/0.json", EVERYONE_200),
    "events:map-cell": (lambda s: "/map/cells/18/%d/%d.json" % s["published_cell"], EVERYONE_200),
    "events:api-not-found": ("/api/no-such-thing/", statuses(404, 404, 404, 404, 404)),
    # An import's job is its user's (the editor here) and the superusers'; an export's is
    # anyone's who has the link.
    "events:job": (lambda s: f"/jobs/{s['import_job'].token}/", statuses(404, 404, 404, 200, 200)),
    "events:job (an export)": (lambda s: f"/jobs/{s['export_job'].token}/", EVERYONE_200),
    "events:job-status": (lambda s: f"/jobs/{s['import_job'].token}/status.json",
                          statuses(404, 404, 404, 200, 200)),
    "events:job-result": (lambda s: f"/jobs/{s['export_job'].token}/result", EVERYONE_200),
    "events:job-result (an import's)": (lambda s: f"/jobs/{s['import_job'].token}/result",
                                        statuses(404, 404, 404, 200, 200)),
}
ADMIN_PAGES = {"changelist", "add", "change", "history", "delete"}


# -- the URL conf ---------------------------------------------------------------------

def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


def entry_for(namespace, pattern):
    """The table's key for a URL pattern: its name, or what an unnamed admin one is."""
    name = f"{namespace}{pattern.name}" if pattern.name else None
    if name in EXPECTED:
        return name
    if name:
        for label in MODEL_RULES:
            prefix = "admin:" + label.replace(".", "_") + "_"
            if name.startswith(prefix) and name[len(prefix):] in ADMIN_PAGES:
                return name
        return None
    route = str(pattern.pattern)
    if namespace == "admin:" and route == "<path:object_id>/":
        return "admin:model_redirect"
    if namespace == "admin:" and route == "(?P<url>.*)$":
        return "admin:catch_all"
    return None


def test_every_url_has_an_entry():
    missing = [f"{ns}{p.name or p.pattern}" for ns, p in walk(get_resolver().url_patterns)
               if entry_for(ns, p) is None]
    assert missing == [], f"URLs with no entry in the permission matrix: {missing}"
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(MODEL_RULES), "every admin model needs its row in MODEL_RULES"


# -- the scene ------------------------------------------------------------------------

@pytest.fixture
def scene(db, contributor, editor, settings, tmp_path):
    """One object of everything, none of them the contributor's (except `own_*`)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    outlet = Outlet.objects.create(name="Desk Wire", country="LY", language="en")
    article = Article.objects.create(outlet=outlet, title="Car bomb in Tripoli", language="en",
                                     body="A car bomb exploded in Tripoli.", url="https://news.example/a")
    mention = PlaceMention.objects.create(
        article=article, start=24, end=31, text="Tripoli", name="Tripoli", latitude=32.9,
        longitude=13.2, country="LY", feature="city",
        alternatives=[{"name": "Tripoli", "lat": 34.4, "lon": 35.8, "country_code": "LB", "feature": "city"}])
    own_article = Article.objects.create(title="Mine", body="Clashes in Derna.", language="en",
                                         created_by=contributor)
    own_mention = PlaceMention.objects.create(
        article=own_article, start=11, end=16, text="Derna", name="Derna", latitude=32.7,
        longitude=22.6, country="LY", feature="city",
        alternatives=[{"name": "Darnah", "lat": 32.8, "lon": 22.7, "country_code": "LY", "feature": "city"}])
    Actor.objects.create(name="Libyan National Army", actor_type=ActorType.STATE_FORCES)
    Tag.objects.create(name="Derna")

    def event(**fields):
        values = dict(headline="Clashes in Derna", event_date=datetime.date(2014, 11, 15),
                      event_type="Battles", sub_event_type="Armed clash", location="Derna", country="LY",
                      latitude=32.767, longitude=22.637, status=ReviewStatus.PUBLISHED,
                      reference=None, created_by=editor)
        values.update(fields)
        made = Event.objects.create(**values)
        made.sources.add(article)
        return made

    scene = {
        "outlet": outlet, "article": article, "mention": mention,
        "own_article": own_article, "own_mention": own_mention,
        "published": event(reference="LBY1001"),
        "published_twin": event(headline="Fighting in Derna"),
        "draft": event(status=ReviewStatus.DRAFT, headline="A draft"),
        "in_review": event(status=ReviewStatus.IN_REVIEW, headline="In review"),
        "own_draft": event(status=ReviewStatus.DRAFT, headline="Carla's draft", created_by=contributor),
    }
    PlaceAlias.objects.create(name="Sahaba Square", resolved_name="Sahaba Square, Derna",
                              latitude=32.76, longitude=22.63, country="LY")
    NonPlaceName.objects.create(name="Ansar Bayt al-Maqdis")
    GeocodeCache.objects.create(key="k" * 64, query="Derna", result=[])
    Group.objects.get_or_create(name="Spare")
    scene["device"] = TOTPDevice.objects.create(user=editor, name="Ed's phone")
    published = scene["published"]
    published.refresh_from_db()
    # The z18 map cell holding the published event (cells of 2**(22 - z) grid units).
    scene["published_cell"] = (published.cell_x // 2 ** 4, published.cell_y // 2 ** 4)
    scene["import_job"] = Job.objects.create(kind=Job.Kind.IMPORT_ACLED, user=editor, state=Job.State.DONE)
    scene["import_job"].result_file.save("report.csv", ContentFile(b"row,reason\n"))
    scene["export_job"] = Job.objects.create(kind=Job.Kind.EXPORT_CSV, state=Job.State.DONE)
    scene["export_job"].result_file.save("events.csv", ContentFile(b"event_id_cnty\n"))
    AccessAttempt.objects.create(username="x", ip_address="203.0.113.9", user_agent="t",
                                 failures_since_start=1, get_data="", post_data="", path_info="/", http_accept="")
    AccessLog.objects.create(username="x", ip_address="203.0.113.9", user_agent="t", path_info="/",
                             http_accept="")
    AccessFailureLog.objects.create(username="x", ip_address="203.0.113.9", user_agent="t",
                                    path_info="/", http_accept="")
    return scene


@pytest.fixture
def as_persona(request, client):
    def login(persona):
        if persona != A:
            client.force_login(request.getfixturevalue(persona))
        return client
    return login


def admin_object(model, scene):
    label = model._meta.label_lower
    if label == "events.event":
        return scene["published"]
    if label == "events.article":
        return scene["article"]
    if label == "auth.user":
        return get_user_model().objects.get(username="ed")
    return model._default_manager.order_by("pk").first()


# -- every URL, opened ----------------------------------------------------------------

def admin_expectation(model, page, persona):
    rules = MODEL_RULES[model._meta.label_lower]
    if persona == A:
        return LOGIN
    allowed = {"changelist": rules["view"] | rules["change"], "add": rules["add"],
               "change": rules["view"] | rules["change"], "history": rules["view"] | rules["change"],
               "delete": rules["delete"]}[page]
    return 200 if persona in allowed else 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_persona_as_the_table_says(persona, scene, as_persona):
    client = as_persona(persona)
    wrong = []
    for key, (where, expected) in EXPECTED.items():
        if where is None:
            continue
        url = where(scene) if callable(where) else where
        status = client.get(url).status_code
        if status != expected[persona]:
            wrong.append((key, url, status, expected[persona]))
    for model in admin.site._registry:
        obj = admin_object(model, scene)
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        for page in sorted(ADMIN_PAGES):
            args = [] if page in ("changelist", "add") else [obj.pk]
            url = reverse(f"admin:{label}_{page}", args=args)
            status = client.get(url).status_code
            if status != admin_expectation(model, page, persona):
                wrong.append((label, page, status, admin_expectation(model, page, persona)))
        redirect = reverse(f"admin:{label}_change", args=[obj.pk]).replace("change/", "")
        if client.get(redirect).status_code != EXPECTED["admin:model_redirect"][1][persona]:
            wrong.append((label, "redirect", client.get(redirect).status_code))
    assert wrong == []


# -- every write path -----------------------------------------------------------------

SNAPSHOT_MODELS = [Event, Article, PlaceMention, PlaceAlias, NonPlaceName, Outlet, Actor, Tag,
                   GeocodeCache, Event.sources.through, Event.tags.through]


def snapshot():
    return {model._meta.label: sorted(map(repr, model._default_manager.order_by().values()))
            for model in SNAPSHOT_MODELS}


def action(name, *keys, **extra):
    return lambda client, s: client.post(EVENT_CHANGELIST, {
        "action": name, "_selected_action": [s[k].pk for k in keys], **extra})


def mention(key, action_name, **extra):
    def post(client, s):
        m = s[key]
        return client.post(reverse("admin:events_article_mention", args=[m.article_id, m.pk]),
                           {"action": action_name, **extra})
    return post


def change_event(key, **changes):
    def post(client, s):
        event = s[key]
        return client.post(reverse("admin:events_event_change", args=[event.pk]), form_data(
            status=event.status, seen_version=event.version, sources=[s["article"].pk], **changes))
    return post


def change_article(key):
    def post(client, s):
        article = s[key]
        return client.post(reverse("admin:events_article_change", args=[article.pk]), {
            "title": "Forged title", "url": "https://evil.example/", "language": "en",
            "published_on": "", "body": article.body})
    return post


def delete(model_name, key=None, pk=None):
    def post(client, s):
        target = s[key].pk if key else pk(s)
        return client.post(reverse(f"admin:events_{model_name}_delete", args=[target]), {"post": "yes"})
    return post


def add(model_name, data):
    return lambda client, s: client.post(reverse(f"admin:events_{model_name}_add"),
                                         data(s) if callable(data) else data)


def acled_upload(status):
    header = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
              "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
              "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
              "source,source_scale,notes,fatalities,tags,timestamp\n")
    rows = [
        # The published event's reference: the upload must not rewrite it...
        "LBY1001,2014-11-15,2014,1,Political violence,Battles,Armed clash,Forged actor,,State forces,,,,,"
        ",434,Northern Africa,Libya,Darnah,,,Forged place,10.0,10.0,1,Forged source,National,"
        "Forged notes.,99,,1618446790\n",
        # ...and a new row must not go on the public map.
        "LBY9999,2014-11-16,2014,1,Political violence,Battles,Armed clash,Some group,,Political militia,,,,,"
        ",434,Northern Africa,Libya,Darnah,,,Derna,32.767,22.637,1,Wire,National,New notes.,1,,1618446791\n",
    ]

    def post(client, s):
        upload = SimpleUploadedFile("acled.csv", (header + "".join(rows)).encode(), content_type="text/csv")
        return client.post("/imports/acled/", {"file": upload, "status": status})
    return post


def new_event_data(s):
    return form_data(headline="Added", sources=[s["article"].pk])


ALLOW, REFUSE = "allow", "refuse"


def outcome(anonymous, journalist, contributor, editor, superuser):
    return dict(zip(PERSONAS, (anonymous, journalist, contributor, editor, superuser)))


ONLY_EDITORS = outcome(REFUSE, REFUSE, REFUSE, ALLOW, ALLOW)
NEWSROOM_ONLY = outcome(REFUSE, REFUSE, ALLOW, ALLOW, ALLOW)

# name: (what the persona does, who may, how a refusal answers the staff (status), and
# for an allowed write, a check of what it did)
WRITES = {
    "event: add": (add("event", new_event_data), NEWSROOM_ONLY, 403,
                   lambda s: Event.objects.filter(headline="Added").exists()),
    "event: change someone's published event": (
        change_event("published", headline="Rewritten"), ONLY_EDITORS, 403,
        lambda s: Event.objects.get(pk=s["published"].pk).headline == "Rewritten"),
    "event: change one's own draft": (
        change_event("own_draft", headline="Rewritten"), outcome(REFUSE, REFUSE, ALLOW, ALLOW, ALLOW), 403,
        lambda s: Event.objects.get(pk=s["own_draft"].pk).headline == "Rewritten"),
    "event: change someone's draft": (
        change_event("draft", headline="Rewritten"), ONLY_EDITORS, 403,
        lambda s: Event.objects.get(pk=s["draft"].pk).headline == "Rewritten"),
    "event: delete": (delete("event", "published"), ONLY_EDITORS, 403,
                      lambda s: not Event.objects.filter(pk=s["published"].pk).exists()),
    "event: revert from the history": (
        lambda client, s: client.post(reverse("admin:events_event_simple_history", args=[
            s["published"].pk, s["published"].history.first().history_id]), form_data()),
        outcome(REFUSE, REFUSE, REFUSE, REFUSE, REFUSE), 405, None),
    "bulk: submit one's own draft": (action("submit_for_review", "own_draft"),
                                     outcome(REFUSE, REFUSE, ALLOW, ALLOW, ALLOW), (200, 302),
                                     lambda s: Event.objects.get(pk=s["own_draft"].pk).status == "in_review"),
    "bulk: publish": (action("publish", "in_review"), ONLY_EDITORS, (200, 302),
                      lambda s: Event.objects.get(pk=s["in_review"].pk).status == "published"),
    "bulk: retract": (action("retract", "published"), ONLY_EDITORS, (200, 302),
                      lambda s: Event.objects.get(pk=s["published"].pk).status == "retracted"),
    "bulk: merge": (action("merge_duplicates", "published", "published_twin"), ONLY_EDITORS, (200, 302),
                    lambda s: Event.objects.filter(status="retracted").count() == 1),
    "bulk: delete selected": (action("delete_selected", "draft", post="yes"), ONLY_EDITORS, (200, 302), None),
    "mention: confirm": (mention("mention", "confirm"), ONLY_EDITORS, 403,
                         lambda s: PlaceMention.objects.get(pk=s["mention"].pk).status == "confirmed"),
    "mention: use this place": (mention("mention", "choose", alternative="0"), ONLY_EDITORS, 403,
                                lambda s: PlaceMention.objects.get(pk=s["mention"].pk).country == "LB"),
    "mention: use this place, own article": (
        mention("own_mention", "choose", alternative="0"), NEWSROOM_ONLY, 403,
        lambda s: PlaceMention.objects.get(pk=s["own_mention"].pk).name == "Darnah"),
    "mention: not a place": (mention("mention", "reject"), ONLY_EDITORS, 403,
                             lambda s: PlaceMention.objects.get(pk=s["mention"].pk).status == "rejected"),
    "mention: use in every article (alias)": (
        mention("own_mention", "alias"), ONLY_EDITORS, 403,
        lambda s: PlaceAlias.objects.filter(name="Derna").exists()),
    "mention: create an event": (mention("mention", "event"), NEWSROOM_ONLY, 403,
                                 lambda s: Event.objects.count() == 6),
    "article: add": (add("article", {"title": "New", "url": "", "language": "en", "published_on": "",
                                     "body": "Fresh text about Sfax."}), NEWSROOM_ONLY, 403,
                     lambda s: Article.objects.filter(title="New").exists()),
    "article: change someone's": (change_article("article"), ONLY_EDITORS, 403,
                                  lambda s: Article.objects.get(pk=s["article"].pk).title == "Forged title"),
    "article: change one's own": (change_article("own_article"), NEWSROOM_ONLY, 403,
                                  lambda s: Article.objects.get(pk=s["own_article"].pk).title == "Forged title"),
    "article: delete": (delete("article", "article"), ONLY_EDITORS, 403,
                        lambda s: not Article.objects.filter(pk=s["article"].pk).exists()),
    "outlet: add": (add("outlet", {"name": "New outlet", "website": "", "country": "", "language": ""}),
                    NEWSROOM_ONLY, 403, lambda s: Outlet.objects.filter(name="New outlet").exists()),
    "outlet: delete": (delete("outlet", "outlet"), ONLY_EDITORS, 403, None),
    "actor: add": (add("actor", {"name": "New actor", "actor_type": "3"}), NEWSROOM_ONLY, 403,
                   lambda s: Actor.objects.filter(name="New actor").exists()),
    "tag: add": (add("tag", {"name": "New tag"}), NEWSROOM_ONLY, 403,
                 lambda s: Tag.objects.filter(name="New tag").exists()),
    "place alias: add": (add("placealias", {"name": "Martyrs' Square", "resolved_name": "Martyrs' Square",
                                            "latitude": "32.9", "longitude": "13.2", "country": "LY",
                                            "feature": "poi", "note": ""}), ONLY_EDITORS, 403,
                         lambda s: PlaceAlias.objects.filter(name="Martyrs' Square").exists()),
    "place alias: delete": (delete("placealias", pk=lambda s: PlaceAlias.objects.get().pk),
                            ONLY_EDITORS, 403, lambda s: not PlaceAlias.objects.exists()),
    "non-place name: add": (add("nonplacename", {"name": "Derna Brigade", "kind": "armed_group", "note": ""}),
                            ONLY_EDITORS, 403, lambda s: NonPlaceName.objects.filter(name="Derna Brigade").exists()),
    "geocode cache: delete": (delete("geocodecache", pk=lambda s: GeocodeCache.objects.get().pk),
                              ONLY_EDITORS, 403, lambda s: not GeocodeCache.objects.exists()),
    "ACLED upload, status published": (acled_upload("published"), ONLY_EDITORS, None,
                                       lambda s: Event.objects.get(reference="LBY9999").status == "published"),
}


def refused_status_ok(persona, status, expected):
    if persona == A:
        return status == 302  # to the login page
    if expected is None:
        return status in (200, 403)  # a form error or a refusal, never a server error
    return status in (expected if isinstance(expected, tuple) else (expected,))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_path_allows_and_refuses_as_the_table_says(name, persona, scene, as_persona):
    do, who, refused_status, effect = WRITES[name]
    client = as_persona(persona)
    before = snapshot()
    response = do(client, scene)
    after = snapshot()
    if who[persona] == ALLOW:
        assert response.status_code in (200, 302), response.status_code
        assert after != before, f"{name}: {persona} was allowed but nothing changed"
        if effect is not None:
            assert effect(scene), f"{name}: {persona}'s change is not the one expected"
    elif name.startswith("ACLED upload") and persona == C:
        # The requirement, whatever the mechanism (a refused status, a row
        # rejected, or the event kept as a draft): a contributor neither publishes nor
        # rewrites a published event through the upload.
        assert response.status_code != 500
        published = Event.objects.get(pk=scene["published"].pk)
        assert (published.location, published.notes, published.latitude) == ("Derna", "", 32.767)
        assert not Event.objects.published().filter(reference="LBY9999").exists()
    else:
        assert refused_status_ok(persona, response.status_code, refused_status), response.status_code
        assert after == before, f"{name}: {persona} was refused but the database changed"
