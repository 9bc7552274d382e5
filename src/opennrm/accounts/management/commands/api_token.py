"""`manage.py api_token EMAIL`: issue a bearer token for the API."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opennrm.accounts.models import User
from opennrm.accounts.services import api_token_issue, api_token_lifetime_days


class Command(BaseCommand):
    help = "Issue a new API bearer token for the person with this e-mail address and print it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="API token", help="What the token is for.")
        parser.add_argument(
            "--days", type=int, default=None, help="How many days it lives (default: policy)."
        )
        parser.add_argument(
            "--data-migration",
            action="store_true",
            help="A token for loading data from another system: the shorter lifetime.",
        )

    def handle(
        self,
        *args: Any,
        email: str,
        name: str,
        days: int | None = None,
        data_migration: bool = False,
        **options: Any,
    ) -> None:
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user has the email address {email!r}.")
        if days is None:
            days = api_token_lifetime_days(for_data_migration=data_migration)
        try:
            token = api_token_issue(actor=None, user=user, name=name, lifetime_days=days)
        except ValueError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(token)
        self.stderr.write(f"The token expires in {days} days.")
