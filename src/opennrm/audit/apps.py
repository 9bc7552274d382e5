from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The tamper-evident record of who did and who saw what."""

    name = "opennrm.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from opennrm.access.evaluate import set_view_recorder
        from opennrm.audit.services import audit_record_view

        set_view_recorder(audit_record_view)
