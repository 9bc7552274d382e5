"""Record each event's hash format: existing events are format 1 (plain SHA-256); new
ones are format 2 (HMAC-SHA256 under the audit key). See ADR 20."""

from django.db import migrations, models

from opennrm.audit.triggers import install_triggers


def reinstall_triggers(apps, schema_editor):
    # SQLite adds the column by rebuilding the table, which drops its triggers.
    install_triggers(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="chain_format",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "SHA-256 (unkeyed, first releases)"),
                    (2, "HMAC-SHA256 under the audit key"),
                ],
                default=1,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]
