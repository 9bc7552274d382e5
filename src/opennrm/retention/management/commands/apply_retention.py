"""`manage.py apply_retention`: delete or anonymise every record whose retention period is
over, except those under a legal hold. Safe to run as often as you like (daily from cron).
"""

from typing import Any

from django.core.management.base import BaseCommand

from opennrm.retention.registry import record_types
from opennrm.retention.services import retention_apply


class Command(BaseCommand):
    help = "Apply the retention periods (OPENNRM_RETENTION_*): idempotent, audited."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--list", action="store_true", help="Only list the kinds of record and their periods."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for kind in record_types():
                self.stdout.write(f"{kind.key}\t{kind.period()}\t{kind.source}")
            return
        report = retention_apply()
        for kind in record_types():
            self.stdout.write(
                f"{kind.key}: {report.disposed.get(kind.key, 0)} disposed of, "
                f"{report.held.get(kind.key, 0)} kept under a legal hold"
            )
