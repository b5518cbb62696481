"""The change history of events and articles: who changed which fields, from what to what.

Every save of an Event or an Article leaves a ChangeRecord. The admin records one
per form save, fields and many-to-many together, with the editor's name. Anything
else (the shell, an import, the admin's bulk actions) is recorded by the model
signals below, under the user set with acting_user(). bulk_create() sends no
signals, so bulk imports stay fast and unrecorded; a reverse many-to-many change
(article.events.add(event)) is not recorded either.

Records refer to their object by content type and id, not by a foreign key, so a
deleted or retracted event keeps its history.
"""
import datetime
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from events.models import Article, ChangeRecord, Event

TRACKED = (Event, Article)

_user = ContextVar("history_user", default=None)
_paused = ContextVar("history_paused", default=False)


@contextmanager
def acting_user(user):
    """Attribute the changes the signals record inside the block to this user."""
    token = _user.set(user)
    try:
        yield
    finally:
        _user.reset(token)


@contextmanager
def paused():
    """Let the caller record the block's changes itself, as one record."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _related(obj, field):
    return sorted(str(item) for item in getattr(obj, field.name).all())


def snapshot(obj):
    """{field: value} of what an editor can change, related objects by their names."""
    values = {}
    for field in obj._meta.concrete_fields:
        if not field.editable or field.primary_key:
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            values[field.name] = None if related is None else str(related)
        else:
            values[field.name] = _plain(field.value_from_object(obj))
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            values[field.name] = _related(obj, field)
    return values


def stored_snapshot(obj):
    """The snapshot of the object as the database holds it, before a save; None if new."""
    if obj.pk is None:
        return None
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return snapshot(stored) if stored else None


def _create(obj, action, changes, user):
    return ChangeRecord.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
        object_repr=str(obj)[:300], action=action, changes=changes,
        user=user or _user.get(),
    )


def record(obj, before, user=None, extra=None):
    """Record the object's creation (before is None) or its changes since `before`.

    Returns the ChangeRecord, or None when nothing changed.
    """
    after = snapshot(obj)
    if before is None:
        action = ChangeRecord.Action.CREATED
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "", [], False)}
    else:
        action = ChangeRecord.Action.CHANGED
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    changes.update(extra or {})
    if not changes and action == ChangeRecord.Action.CHANGED:
        return None
    return _create(obj, action, changes, user)


def record_deletion(obj, user=None):
    changes = {k: [v, None] for k, v in snapshot(obj).items() if v not in (None, "", [], False)}
    return _create(obj, ChangeRecord.Action.DELETED, changes, user)


def records_for(obj):
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
    ).select_related("user")


def _before_save(sender, instance, raw=False, **kwargs):
    if not raw and not _paused.get():
        instance._history_before = stored_snapshot(instance)


def _after_save(sender, instance, created, raw=False, **kwargs):
    if not raw and not _paused.get():
        record(instance, None if created else getattr(instance, "_history_before", None))


def _before_delete(sender, instance, **kwargs):
    if not _paused.get():
        record_deletion(instance)


def _m2m_field(model, through):
    return next(f for f in model._meta.many_to_many if f.remote_field.through is through)


def _m2m_changed(sender, instance, action, reverse, **kwargs):
    if reverse or _paused.get() or not isinstance(instance, TRACKED):
        return
    field = _m2m_field(type(instance), sender)
    pending = instance.__dict__.setdefault("_history_m2m", {})
    if action.startswith("pre_"):
        pending[field.name] = _related(instance, field)
    elif action.startswith("post_") and field.name in pending:
        before, after = pending.pop(field.name), _related(instance, field)
        if before != after:
            _create(instance, ChangeRecord.Action.CHANGED, {field.name: [before, after]}, None)


for _model in TRACKED:
    pre_save.connect(_before_save, sender=_model, dispatch_uid=f"history-pre-save-{_model.__name__}")
    post_save.connect(_after_save, sender=_model, dispatch_uid=f"history-post-save-{_model.__name__}")
    pre_delete.connect(_before_delete, sender=_model, dispatch_uid=f"history-delete-{_model.__name__}")
    for _field in _model._meta.many_to_many:
        m2m_changed.connect(_m2m_changed, sender=_field.remote_field.through,
                            dispatch_uid=f"history-m2m-{_model.__name__}-{_field.name}")
