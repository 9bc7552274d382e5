"""`manage.py send_pending_emails`: retry e-mails whose earlier attempt failed."""

from typing import Any

from django.core.management.base import BaseCommand

from opennrm.notifications.sending import emails_retry_due


class Command(BaseCommand):
    help = "Send every pending e-mail whose retry time has come (safe to run every minute)."

    def handle(self, *args: Any, **options: Any) -> None:
        tried = emails_retry_due()
        self.stdout.write(f"Tried {tried} e-mails.")
