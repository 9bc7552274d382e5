"""`manage.py seed_demo`: demo organisations, people in every role, and example work."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from opennrm.demo.accounts import DEMO_PASSWORD, demo_authenticator_key, seed_demo_accounts
from opennrm.demo.cases import seed_demo_cases
from opennrm.demo.panels import seed_demo_panels
from opennrm.demo.protection import seed_demo_protection
from opennrm.demo.referrals import seed_demo_referrals
from opennrm.demo.retention import seed_demo_holds
from opennrm.demo.reviews import seed_demo_reviews
from opennrm.demo.statistics import seed_demo_statistics


class Command(BaseCommand):
    help = "Create demo data (idempotent) and print one line per demo login."

    def handle(self, *args: Any, **options: Any) -> None:
        users = seed_demo_accounts()
        created = seed_demo_referrals()
        cases = seed_demo_cases()
        meetings = seed_demo_panels()
        protection = seed_demo_protection()
        holds = seed_demo_holds()
        reviews = seed_demo_reviews()
        synthetic = seed_demo_statistics()
        self.stdout.write(
            f"Demo referrals: {created} new; demo cases: {cases} new; "
            f"demo panel meetings: {meetings} new; legal holds: {holds} new; "
            f"cases with reviews and quality checks: {reviews} new; "
            f"support and reconsideration records: {protection} new."
        )
        self.stdout.write(
            f"Synthetic national dataset: {synthetic.referrals + synthetic.duty_to_notify} "
            f"records new, {synthetic.already_there} already there."
        )
        show_keys = bool(settings.OPENNRM_DEMO_SHOW_SECRETS)
        if show_keys:
            self.stdout.write(
                "Demo logins (role, organisation, email, password, authenticator key).\n"
                "Add the key to an authenticator app (choose to enter a key, time-based) and\n"
                "give its 6-digit code after the password."
            )
        else:
            self.stdout.write(
                "Demo logins (role, organisation, email, password). Authenticator keys are\n"
                "not shown with these settings (OPENNRM_DEMO_SHOW_SECRETS is off)."
            )
        for spec in users:
            line = f"{spec.role.value}\t{spec.organisation}\t{spec.email}\t{DEMO_PASSWORD}"
            if show_keys:
                line += f"\t{demo_authenticator_key(spec.email)}"
            self.stdout.write(line)
