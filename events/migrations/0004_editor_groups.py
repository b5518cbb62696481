"""The newsroom's three roles as groups: Contributors, Editors and Journalists.

Their permissions are defined in events.roles.ROLE_PERMISSIONS. On a fresh
database permissions only appear after migrate's post_migrate step, so they are
created here first.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_groups(apps, schema_editor):
    from events.roles import sync_groups

    app_config = apps.get_app_config("events")
    # Historical app configs have no models module, which create_permissions requires.
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = True
    try:
        create_permissions(app_config, verbosity=0, apps=apps,
                           using=schema_editor.connection.alias)
    finally:
        app_config.models_module = models_module
    sync_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0003_acled_fields_mentions_history"),
    ]

    operations = [
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
