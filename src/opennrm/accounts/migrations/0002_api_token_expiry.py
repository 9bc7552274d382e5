"""API tokens expire. Tokens issued before this change get the default lifetime
(OPENNRM_API_TOKEN_DAYS) counted from the upgrade, so no system is cut off at once."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def give_existing_tokens_a_lifetime(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    expires = timezone.now() + timedelta(days=int(settings.OPENNRM_API_TOKEN_DAYS))
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=expires)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(give_existing_tokens_a_lifetime, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires at"),
        ),
    ]
