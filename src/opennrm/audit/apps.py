from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The tamper-evident record of who did and who saw what."""

    name = "opennrm.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from opennrm.access.evaluate import set_view_recorder
        from opennrm.audit.receivers import account_locked_out
        from opennrm.audit.services import audit_record_view

        set_view_recorder(audit_record_view)
        user_locked_out.connect(account_locked_out, dispatch_uid="opennrm-audit-locked-out")
