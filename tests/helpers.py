"""Builders shared by test modules: plain functions and constants, no fixtures."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from events.roles import sync_groups

PASSWORD = "pw-newsroom-123"
EVENT_CHANGELIST = "/admin/events/event/"

XSS_PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "${alert(1)}",
    "`backtick`",
    "</script><script>alert(1)</script>",
]


def member(username, group_name, **fields):
    """A staff user in one of the newsroom's groups.

    Groups are synced on use because transactional tests (the browser ones) flush
    the groups the migration created.
    """
    sync_groups(Group, Permission)
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def form_data(**overrides):
    """The admin's event form, filled in for a valid draft."""
    data = {
        "headline": "Arrests in Sfax", "status": "draft", "reference": "",
        "event_date": "2021-01-18", "time_precision": "1",
        "event_type": "Strategic developments", "sub_event_type": "Arrests",
        "fatalities": "", "notes": "", "location": "Sfax", "country": "TN", "admin1": "Sfax",
        "latitude": "34.74", "longitude": "10.76", "geo_precision": "1",
    }
    data.update(overrides)
    return data


def run_action(client, action, *events):
    """Run a bulk action of the admin's event list on the events."""
    return client.post(EVENT_CHANGELIST, {"action": action, "_selected_action": [e.pk for e in events]},
                       follow=True)
