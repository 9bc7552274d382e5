# The facts the official statistics count by become columns, filled for existing
# referrals from their stored answers (the same rules as ``referrals.facts``, frozen here
# as they stood when the columns were added).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


TYPES = {
    "labour": "exploitation_labour",
    "sexual": "exploitation_sexual",
    "criminal": "exploitation_criminal",
    "domestic_servitude": "exploitation_domestic",
    "organ_harvesting": "exploitation_organ_harvesting",
    "other": "exploitation_other",
}


def _age_at_exploitation(person):
    if person.get("under_18") == "yes":
        return "child"
    if person.get("under_18") == "not_sure":
        return "unknown"
    return {"yes": "child", "no": "adult"}.get(person.get("under_18_at_exploitation"), "unknown")


def fill_facts(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    for referral in Referral.objects.select_related("organisation").iterator(chunk_size=500):
        answers = referral.answers or {}
        person = answers.get("person") or {}
        exploitation = answers.get("exploitation") or {}
        nationalities = [*(person.get("nationalities") or []), "", ""]
        types = set(exploitation.get("types") or [])
        referral.first_responder_type = referral.organisation.organisation_type
        referral.age_at_exploitation = _age_at_exploitation(person)
        referral.gender = person.get("gender") or "other"
        referral.nationality_1 = nationalities[0]
        referral.nationality_2 = nationalities[1]
        referral.exploitation_location = exploitation.get("location") or "unknown"
        for value, column in TYPES.items():
            setattr(referral, column, value in types)
        referral.county_lines = bool(exploitation.get("county_lines"))
        referral.local_authority = answers.get("local_authority") or ""
        referral.save(
            update_fields=[
                "first_responder_type",
                "age_at_exploitation",
                "gender",
                "nationality_1",
                "nationality_2",
                "exploitation_location",
                *TYPES.values(),
                "county_lines",
                "local_authority",
            ]
        )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('people', '0002_rename_table'),
        ('referrals', '0003_remove_potentialvictim'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='referral',
            name='age_at_exploitation',
            field=models.CharField(choices=[('adult', 'Adult (18 or over)'), ('child', 'Child (17 or under)'), ('unknown', 'Not specified or unknown')], default='', max_length=8),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='referral',
            name='county_lines',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='referral',
            name='exploitation_criminal',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='referral',
            name='exploitation_domestic',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='referral',
            name='exploitation_labour',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='referral',
            name='exploitation_location',
            field=models.CharField(choices=[('uk', 'UK'), ('overseas', 'Overseas'), ('uk_and_overseas', 'UK and Overseas'), ('unknown', 'Not specified or unknown')], default='', max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='referral',
            name='exploitation_organ_harvesting',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='referral',
            name='exploitation_other',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='referral',
            name='exploitation_sexual',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='referral',
            name='first_responder_type',
            field=models.CharField(choices=[('police_force', 'Police force'), ('local_authority', 'Local authority'), ('home_office_unit', 'Home Office unit'), ('government_agency', 'Other government agency'), ('ngo', 'Non-governmental organisation'), ('health_body', 'Health body'), ('competent_authority', 'Competent authority'), ('panel_host', 'Child decision-making panel host'), ('guardian_service', 'Guardian service'), ('support_provider', 'Support provider'), ('statistics', 'Statistics')], default='', max_length=32),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='referral',
            name='gender',
            field=models.CharField(choices=[('female', 'Female'), ('male', 'Male'), ('other', 'Other')], default='', max_length=8),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='referral',
            name='imported_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='referral',
            name='local_authority',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='referral',
            name='nationality_1',
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name='referral',
            name='nationality_2',
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name='referral',
            name='police_force_area',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='referral',
            name='request_digest',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddIndex(
            model_name='referral',
            index=models.Index(fields=['kind', 'received_at'], name='referral_kind_received'),
        ),
        migrations.AddIndex(
            model_name='referral',
            index=models.Index(fields=['local_authority', 'received_at'], name='referral_area_received'),
        ),
        migrations.AddIndex(
            model_name='referral',
            index=models.Index(fields=['nation', 'received_at'], name='referral_nation_received'),
        ),
        migrations.RunPython(fill_facts, migrations.RunPython.noop),
    ]
