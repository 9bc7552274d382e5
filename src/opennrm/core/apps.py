from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every part of the service shares: pages, forms, access rules, reference data."""

    name = "opennrm.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from opennrm.core import logging as personal_data_free_logging

        personal_data_free_logging.install()
