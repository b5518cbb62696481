"""Every response carries a Content-Security-Policy (django-csp), the admin included."""
import pytest

from events.ops.csp import public_policy, tiles_origin
from tests.helpers import EVENT_CHANGELIST


def policy_of(response):
    return dict(
        (part.split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split("; ")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/events/999999/", "/api/events/", "/map/data.json",
                                 "/exports/events.csv", "/feeds/events.atom", "/healthz",
                                 "/admin/login/", "/no-such-page/"])
def test_every_response_has_the_strict_policy(client, make_event, url):
    make_event()
    policy = policy_of(client.get(url))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe-inline" not in str(policy) and "unsafe-eval" not in str(policy)


@pytest.mark.django_db
def test_the_admin_pages_of_a_logged_in_editor_have_a_policy(editor_client, make_event):
    event = make_event()
    for url in (EVENT_CHANGELIST, f"{EVENT_CHANGELIST}{event.pk}/change/", "/admin/"):
        response = editor_client.get(url)
        assert response.status_code == 200
        assert policy_of(response)["script-src"] == "'self'"


@pytest.mark.django_db
def test_only_the_embed_page_may_be_framed(client, make_event):
    make_event()
    assert policy_of(client.get("/embed/"))["frame-ancestors"] == "*"
    assert policy_of(client.get("/"))["frame-ancestors"] == "'none'"


def test_img_src_follows_the_tile_server_of_map_tiles_url():
    assert tiles_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert tiles_origin("not a url") is None
    assert public_policy("https://tiles.example.net/{z}/{x}/{y}.png")["img-src"] == [
        "'self'", "data:", "https://tiles.example.net"]
    assert public_policy("")["img-src"] == ["'self'", "data:"]
