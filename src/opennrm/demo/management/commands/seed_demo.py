"""`manage.py seed_demo`: demo organisations, people in every role, and example work."""

from typing import Any

from django.core.management.base import BaseCommand

from opennrm.demo.accounts import DEMO_PASSWORD, seed_demo_accounts
from opennrm.demo.cases import seed_demo_cases
from opennrm.demo.panels import seed_demo_panels
from opennrm.demo.referrals import seed_demo_referrals


class Command(BaseCommand):
    help = "Create demo data (idempotent) and print one line per demo login."

    def handle(self, *args: Any, **options: Any) -> None:
        users = seed_demo_accounts()
        created = seed_demo_referrals()
        cases = seed_demo_cases()
        meetings = seed_demo_panels()
        self.stdout.write(
            f"Demo referrals: {created} new; demo cases: {cases} new; "
            f"demo panel meetings: {meetings} new."
        )
        self.stdout.write("Demo logins (role, organisation, email, password):")
        for spec in users:
            self.stdout.write(
                f"{spec.role.value}\t{spec.organisation}\t{spec.email}\t{DEMO_PASSWORD}"
            )
