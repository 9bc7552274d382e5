from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Organisations, the people in them, and the roles they hold."""

    name = "opennrm.accounts"
    label = "accounts"
    verbose_name = "Accounts"
