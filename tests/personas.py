"""The newsroom's roles as test personas: Carla contributes, Ed edits, Jo reads.

Import the fixtures you need into a test module. Groups are synced on use because
transactional tests (the browser ones) flush the groups the migration created.
"""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from events.workflow import CONTRIBUTORS, EDITORS, JOURNALISTS, sync_groups

PASSWORD = "pw-newsroom-123"


def member(username, group_name):
    sync_groups(Group, Permission)
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def contributor(db):
    return member("carla", CONTRIBUTORS)


@pytest.fixture
def other_contributor(db):
    return member("omar", CONTRIBUTORS)


@pytest.fixture
def chief_editor(db):
    return member("ed", EDITORS)


@pytest.fixture
def journalist(db):
    return member("jo", JOURNALISTS)


@pytest.fixture
def client_for(client):
    """client_for(user) -> the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login
