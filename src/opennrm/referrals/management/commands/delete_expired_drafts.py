"""`manage.py delete_expired_drafts`: remove drafts nobody has saved for the expiry period.

Safe to run as often as you like (for example hourly from cron).
"""

from typing import Any

from django.core.management.base import BaseCommand

from opennrm.referrals.services import draft_expiry_days, drafts_delete_expired


class Command(BaseCommand):
    help = "Delete draft referrals not saved for OPENNRM_DRAFT_EXPIRY_DAYS days (default 28)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = drafts_delete_expired()
        self.stdout.write(
            f"Deleted {deleted} draft referrals not saved for {draft_expiry_days()} days."
        )
