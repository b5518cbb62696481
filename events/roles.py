"""Who may do what to an event: the review statuses and the newsroom's three roles.

Roles are Django groups (created by migration 0004) holding standard permissions:

- Contributors add events and edit their own drafts, then submit them for review;
- Editors edit everything, publish and retract;
- Journalists only view events in the admin, drafts included.

Standard permissions say what a user may touch at all (events.change_event...);
the group says how far: only Editors (and superusers) publish, retract or edit
someone else's event. Anybody else with change_event is held to a contributor's
limits, so a forgotten group never grants more than it should.

The rules themselves are methods of the Event model (Event.check_write, submit,
publish, retract, merge_into); this module only says who is in which role.
"""

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"
JOURNALISTS = "Journalists"

_VIEW = ["view_outlet", "view_article", "view_actor", "view_tag", "view_event",
         "view_placealias", "view_nonplacename", "view_placemention", "view_historicalevent",
         "view_historicalarticle"]
_EDITABLE = ["outlet", "article", "actor", "tag", "event", "placealias", "nonplacename",
             "placemention"]

# codenames in the events app, per group
ROLE_PERMISSIONS = {
    CONTRIBUTORS: _VIEW + ["add_event", "change_event", "add_article", "change_article",
                           "add_outlet", "add_actor", "add_tag", "change_placemention"],
    # History is written by the app, never by hand.
    EDITORS: [f"{action}_{model}" for model in _EDITABLE for action in ("add", "change", "delete")]
    + _VIEW + ["view_geocodecache", "delete_geocodecache"],
    JOURNALISTS: _VIEW,
}


class WorkflowError(Exception):
    """A change the user may not make, with a message to show them."""


class EditConflict(WorkflowError):
    """The object changed since the user loaded it: saving would silently undo that change."""


def sync_groups(group_model, permission_model):
    """Create the three groups and give each exactly its permissions.

    Takes the models as arguments so a migration can pass its historical ones.
    """
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.set(permission_model.objects.filter(
            content_type__app_label="events", codename__in=codenames))


def _in_group(user, name):
    cache = getattr(user, "_workflow_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._workflow_groups = cache
    return name in cache


def is_editor(user):
    return user.is_active and (user.is_superuser or _in_group(user, EDITORS))
