from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Every e-mail the service sends, kept as a row and sent by a background task."""

    name = "opennrm.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from opennrm.access.evaluate import register
        from opennrm.notifications.models import OutboundEmail

        # Only administrators, in any organisation, see the outbox: no relation to work out.
        register("notification", OutboundEmail, {})
