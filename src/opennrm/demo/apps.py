from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data: organisations, a person in every role, referrals and cases in every state."""

    name = "opennrm.demo"
    label = "demo"
    verbose_name = "Demo data"
