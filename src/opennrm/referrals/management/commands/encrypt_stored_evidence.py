"""`manage.py encrypt_stored_evidence`: encrypt evidence files stored before encryption at
rest was introduced. Safe to run again: files already encrypted are left alone."""

from typing import Any

from django.core.management.base import BaseCommand

from opennrm.referrals.evidence_storage import EvidenceUnreadable, encrypt_in_place
from opennrm.referrals.models import EvidenceFile


class Command(BaseCommand):
    help = "Encrypt, in place, every stored evidence file that is not encrypted yet."

    def handle(self, *args: Any, **options: Any) -> None:
        encrypted = already = missing = 0
        names = EvidenceFile.objects.values_list("stored_name", flat=True).iterator()
        for name in names:
            try:
                if encrypt_in_place(name):
                    encrypted += 1
                else:
                    already += 1
            except EvidenceUnreadable as problem:
                missing += 1
                self.stderr.write(str(problem))
        self.stdout.write(
            f"Encrypted {encrypted} files; {already} were already encrypted; {missing} missing."
        )
        if missing:
            raise SystemExit(1)
