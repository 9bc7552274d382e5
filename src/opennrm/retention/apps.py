from django.apps import AppConfig


class RetentionConfig(AppConfig):
    """How long each kind of record is kept, the job that deletes or anonymises what has
    expired, and legal holds that stop it."""

    name = "opennrm.retention"
    label = "retention"
    verbose_name = "Retention"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app says what it keeps and for how long in its own `retention.py`.
        autodiscover_modules("retention")
