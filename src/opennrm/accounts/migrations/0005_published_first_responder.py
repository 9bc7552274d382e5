# Each organisation gets the name and type the official statistics publish it under, filled
# for existing organisations with the defaults of ``accounts.published`` (frozen here as they
# stood when the fields were added): Home Office units under their command, local
# authorities together as "Local Authority".

from django.db import migrations, models

TYPES = {
    "police_force": "police",
    "local_authority": "local_authority",
    "home_office_unit": "government_agency",
    "government_agency": "government_agency",
    "health_body": "government_agency",
    "ngo": "ngo",
}


def _label(name, organisation_type):
    if organisation_type == "local_authority":
        return "Local Authority"
    if organisation_type == "home_office_unit" or name.startswith("Home Office - "):
        return " - ".join(part.strip() for part in name.split(" - ")[:2])
    return name


def fill_published(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    for organisation in Organisation.objects.filter(published_label="").iterator():
        organisation.published_label = _label(organisation.name, organisation.organisation_type)
        organisation.published_type = TYPES.get(organisation.organisation_type, "other")
        organisation.save(update_fields=["published_label", "published_type"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_user_sessions"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="published_label",
            field=models.CharField(
                blank=True,
                help_text="The name the official statistics publish this first responder under.",
                max_length=200,
                verbose_name="published first responder name",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="published_type",
            field=models.CharField(
                blank=True,
                choices=[
                    ("government_agency", "Government agency"),
                    ("local_authority", "Local Authority"),
                    ("ngo", "NGO and third sector"),
                    ("police", "Police"),
                    ("other", "Other"),
                ],
                max_length=32,
                verbose_name="published first responder type",
            ),
        ),
        migrations.RunPython(fill_published, migrations.RunPython.noop),
    ]
