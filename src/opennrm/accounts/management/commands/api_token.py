"""`manage.py api_token EMAIL`: issue a bearer token for the API."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opennrm.accounts.models import User
from opennrm.accounts.services import api_token_issue


class Command(BaseCommand):
    help = "Issue a new API bearer token for the person with this e-mail address and print it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="API token", help="What the token is for.")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="How many days it lives (default: 90, or 7 for data migration, as configured).",
        )

    def handle(
        self,
        *args: Any,
        email: str,
        name: str,
        days: int | None = None,
        **options: Any,
    ) -> None:
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user has the email address {email!r}.")
        try:
            token = api_token_issue(actor=None, user=user, name=name, lifetime_days=days)
        except ValueError as problem:
            raise CommandError(str(problem)) from None
        expires = user.api_tokens.order_by("-created_at").values_list("expires_at", flat=True)[0]
        self.stdout.write(token)
        self.stderr.write(f"The token expires on {expires:%-d %B %Y at %H:%M}.")
