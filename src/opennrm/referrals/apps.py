from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """First responders' NRM referrals and Duty to Notify reports: drafts, evidence, submission."""

    name = "opennrm.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from opennrm.referrals import access

        access.register_relations()
