"""Optimistic locking: a save from an older version of a row is refused, with what changed.

A model using VersionedMixin has a ``version`` field that its save() passes through
``_claim_next_version()`` (see Event.save): one conditional UPDATE
(``... SET version = seen + 1 WHERE pk = ... AND version = seen``), so of two saves
from the same version exactly one passes, on SQLite and PostgreSQL alike, whatever
the path that saves. The refusal (roles.EditConflict) says who changed the row and
which fields, with their values now, read from the row's simple-history records.

Hand-written rather than a library (django-concurrency does version checks): the
refusal must say what changed, from our simple-history records, and must travel as
a WorkflowError like the review rules so every path (form, bulk action, merge)
reports it the same way; the check itself is one UPDATE.
"""
from django.utils.translation import gettext

from events.roles import EditConflict


class VersionedMixin:
    def _claim_next_version(self):
        """The one check against lost updates, for every path that saves an event: the
        row must still be at the version this object was read at (or the version the
        editor's form was opened at). One conditional UPDATE, so two saves from the same
        version cannot both pass, whatever the database."""
        seen = self.version
        if not type(self)._default_manager.filter(pk=self.pk, version=seen).update(version=seen + 1):
            raise EditConflict(self.conflict_message(seen))
        self.version = seen + 1

    def changes_since(self, version):
        """[(field label, value now)] of what changed in the stored event since `version`
        (from its history), for telling an editor what their save would undo."""
        stored = type(self)._default_manager.filter(pk=self.pk).first()
        then = self.history.filter(version=version).order_by("-history_date").first()
        if stored is None or then is None:
            return []
        now = self.history.order_by("-history_date", "-history_id").first()
        if now is None or now.version != stored.version:
            return []
        delta = now.diff_against(then, excluded_fields=["updated_at", "version", "updated_by"])
        changes = []
        for change in delta.changes:
            field = self._meta.get_field(change.field)
            value = getattr(stored, change.field)
            if field.many_to_many:
                value = ", ".join(str(item) for item in value.all()) or "—"
            elif field.choices:
                value = getattr(stored, f"get_{change.field}_display")()
            changes.append((str(field.verbose_name), "—" if value in (None, "") else value))
        return changes

    def conflict_message(self, version):
        stored = type(self)._default_manager.filter(pk=self.pk).select_related("updated_by").first()
        if stored is None:
            return gettext("This %(kind)s was deleted since you opened it.") % {"kind": self._meta.verbose_name}
        who = stored.updated_by or gettext("someone")
        message = gettext("This %(kind)s was changed by %(who)s since you opened it.") % {
            "kind": self._meta.verbose_name, "who": who}
        changes = self.changes_since(version)
        if changes:
            message += " " + gettext("Now: %(changes)s.") % {
                "changes": "; ".join(f"{label}: “{value}”" for label, value in changes)}
        return message
