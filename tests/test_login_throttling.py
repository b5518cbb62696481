"""Login throttling (django-axes): after the configured number of failed logins for a
username from one address, even the right password is refused for the cool-off
period, with a page that says so; other users and addresses are not locked out."""
import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from events.newsroom import login
from tests.helpers import PASSWORD

LOGIN = "/admin/login/"


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"},
                       REMOTE_ADDR=address)


def logged_in(client):
    return client.get("/admin/").status_code == 200


@pytest.mark.django_db
class TestLoginThrottling:
    def test_a_hundred_wrong_passwords_then_the_right_one_does_not_log_in(self, client, editor):
        for _ in range(100):
            attempt(client, editor.username, "wrong")
        response = attempt(client, editor.username, PASSWORD)
        assert response.status_code == 429
        assert "Too many failed logins" in response.content.decode()
        assert "Try again in 15 minutes" in response.content.decode()
        assert not logged_in(client)

    @pytest.mark.parametrize("language,name", [("en", "Event map"), ("ar", "خريطة الأحداث")])
    def test_the_lockout_page_carries_the_admins_name(self, client, editor, language, name):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, editor.username, "wrong")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = attempt(client, editor.username, PASSWORD).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert name in title and "Django" not in title
        assert name in html[html.index("<header"):html.index("</header>")]

    def test_the_limit_is_the_configured_one(self, client, editor):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert attempt(client, editor.username, "wrong").status_code == 200
        assert attempt(client, editor.username, PASSWORD).status_code == 302
        assert logged_in(client)

    def test_after_the_cool_off_the_right_password_logs_in(self, client, editor):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, editor.username, "wrong")
        assert attempt(client, editor.username, PASSWORD).status_code == 429
        AccessAttempt.objects.update(
            attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1))
        assert attempt(client, editor.username, PASSWORD).status_code == 302
        assert logged_in(client)

    def test_another_address_and_another_user_are_not_locked_out(self, client, editor, journalist):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, editor.username, "wrong")
        assert attempt(client, journalist.username, PASSWORD).status_code == 302
        client.logout()
        assert attempt(client, editor.username, PASSWORD, address="198.51.100.1").status_code == 302


def meta(remote, forwarded=None):
    request = type("Request", (), {})()
    request.META = {"REMOTE_ADDR": remote}
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_the_client_address_ignores_a_forged_forwarded_header_without_a_proxy():
    assert login.client_ip(meta("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


@override_settings(LOGIN_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_address_is_the_one_it_saw():
    # The client wrote "1.2.3.4" itself; our proxy appended the address it saw.
    assert login.client_ip(meta("10.0.0.2", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"
