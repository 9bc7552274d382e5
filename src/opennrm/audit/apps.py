from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The tamper-evident record of who did and who saw what."""

    name = "opennrm.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from opennrm.audit.receivers import account_locked_out

        user_locked_out.connect(account_locked_out, dispatch_uid="opennrm-audit-locked-out")
