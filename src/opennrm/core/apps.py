from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every part of the service shares: pages, forms, access rules, reference data."""

    name = "opennrm.core"
    label = "core"
    verbose_name = "Core"
