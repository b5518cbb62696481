"""ChangeRecord is gone (its rows live on as simple-history records, migration 0006);
the roles' permissions follow (journalists and editors view the new history models)."""
from django.db import migrations


def sync_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from events.roles import sync_groups

    app_config = apps.get_app_config("events")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True
    try:
        create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
    finally:
        app_config.models_module = models_module
    sync_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0006_change_records_to_history"),
    ]

    operations = [
        migrations.DeleteModel(name="ChangeRecord"),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
