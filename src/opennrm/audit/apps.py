from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The tamper-evident record of who did and who saw what."""

    name = "opennrm.audit"
    label = "audit"
    verbose_name = "Audit trail"
