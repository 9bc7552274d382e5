from django.conf import settings
from django.db import migrations, models


BACKFILL = [
    "UPDATE cases_case SET first_positive_rg_at = (SELECT MIN(d.decided_at) "
    "FROM cases_decision d WHERE d.case_id = cases_case.id "
    "AND d.stage = 'reasonable_grounds' AND d.outcome = 'positive')",
    "UPDATE cases_case SET first_cg_at = (SELECT MIN(d.decided_at) "
    "FROM cases_decision d WHERE d.case_id = cases_case.id "
    "AND d.stage = 'conclusive_grounds')",
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_published_first_responder"),
        ("cases", "0013_decision_dates_index"),
        ("people", "0003_safeguarding"),
        ("referrals", "0006_facts_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="first_cg_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="case",
            name="first_positive_rg_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        # Cases decided before these fields existed: from their decisions.
        migrations.RunSQL(
            sql=BACKFILL,
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["first_cg_at", "first_positive_rg_at"],
                include=("referral", "local_authority", "is_child"),
                name="case_awaiting_cg",
            ),
        ),
    ]
