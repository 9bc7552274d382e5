# A person may have several Home Office references: kept as a list, the old single value
# carried over.

from django.db import migrations, models


def carry_over(apps, schema_editor):
    ImmigrationDetails = apps.get_model("cases", "ImmigrationDetails")
    for details in ImmigrationDetails.objects.exclude(home_office_reference=""):
        details.home_office_references = [details.home_office_reference]
        details.save(update_fields=["home_office_references"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_next_deadline")]

    operations = [
        migrations.AddField(
            model_name="immigrationdetails",
            name="home_office_references",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.RemoveField(model_name="immigrationdetails", name="home_office_reference"),
    ]
