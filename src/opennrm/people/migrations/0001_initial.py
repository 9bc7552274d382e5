# The person record moves here from the referrals app. The table is kept as it is (state
# only); 0002 renames it once every foreign key points here.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("referrals", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Person",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("given_name", models.CharField(blank=True, max_length=100, verbose_name="given name")),
                        ("family_name", models.CharField(blank=True, max_length=100, verbose_name="family name")),
                        ("aliases", models.JSONField(blank=True, default=list)),
                        ("date_of_birth", models.DateField(blank=True, null=True, verbose_name="date of birth")),
                        (
                            "estimated_age",
                            models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="estimated age"),
                        ),
                        ("age_disputed", models.BooleanField(default=False, verbose_name="age disputed")),
                        (
                            "gender",
                            models.CharField(
                                choices=[("female", "Female"), ("male", "Male"), ("other", "Other")],
                                max_length=8,
                                verbose_name="gender",
                            ),
                        ),
                        ("nationalities", models.JSONField(blank=True, default=list)),
                        ("under_18_at_referral", models.CharField(max_length=8)),
                        ("under_18_at_exploitation", models.CharField(blank=True, max_length=8)),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                    ],
                    options={"verbose_name": "person", "db_table": "referrals_potentialvictim"},
                )
            ],
            database_operations=[],
        )
    ]
