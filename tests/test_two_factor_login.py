"""Optional two-factor login for the admin (ADMIN_OTP, django-otp TOTP devices)."""
import re

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.helpers import PASSWORD


def current_token(device):
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()).zfill(6)


@pytest.fixture
def otp_on(settings):
    settings.ADMIN_OTP = True


def login(client, username, token=None):
    data = {"username": username, "password": PASSWORD, "next": "/admin/"}
    if token is not None:
        data["otp_token"] = token
    return client.post("/admin/login/?next=/admin/", data)


@pytest.mark.django_db
def test_without_the_setting_a_password_is_enough(client, editor):
    response = login(client, editor.username)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert b"otp_token" not in client.get("/admin/login/").content


@pytest.mark.django_db
def test_with_the_setting_an_editor_logs_in_with_password_and_one_time_password(client, editor, otp_on):
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    assert b'name="otp_token"' in client.get("/admin/login/").content
    response = login(client, editor.username, current_token(device))
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_with_the_setting_a_password_alone_or_a_wrong_code_is_refused(client, editor, otp_on):
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    assert login(client, editor.username).status_code == 200  # the form again, with an error
    wrong = str((int(current_token(device)) + 1) % 1_000_000).zfill(6)
    assert login(client, editor.username, wrong).status_code == 200
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_with_the_setting_a_session_not_verified_by_a_device_gets_no_admin(client, editor, otp_on):
    client.force_login(editor)  # a password-only session, e.g. from before the setting was on
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_the_command_registers_a_device_and_prints_its_link(editor, capsys):
    call_command("totp_device", editor.username)
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).count() == 1
    assert re.search(r"otpauth://totp/.+secret=", capsys.readouterr().out)
