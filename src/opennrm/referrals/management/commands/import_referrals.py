"""`manage.py import_referrals FILE.jsonl`: load historic referrals from another system.

One API referral body per line. Each line is checked and imported on its own: a line that
fails imports nothing and is reported with its line number and the problems found.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from pydantic import ValidationError

from opennrm.accounts.models import User
from opennrm.core.exceptions import ApplicationError, Problem
from opennrm.referrals import services
from opennrm.referrals.schema import ReferralSubmission


def _pydantic_problems(error: ValidationError) -> list[Problem]:
    return [Problem(tuple(e["loc"]), str(e["msg"])) for e in error.errors()]


class Command(BaseCommand):
    help = "Import referrals from a JSON Lines file (one API referral body per line)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--as",
            dest="email",
            required=True,
            help="E-mail of the data-migration user the referrals are imported as.",
        )
        parser.add_argument(
            "--errors", type=Path, help="Write the per-line error report (JSON Lines) here."
        )

    def handle(self, *args: Any, file: Path, email: str, errors: Path | None, **opts: Any) -> None:
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user has the email address {email!r}.")
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        total = sum(1 for _ in file.open(encoding="utf-8"))
        imported = replayed = failed = 0
        report: list[dict[str, Any]] = []
        with file.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                problems = self._import_line(user, number, line)
                if problems is None:
                    imported += 1
                elif problems == []:
                    replayed += 1
                else:
                    failed += 1
                    entry = {
                        "line": number,
                        "errors": [{"loc": list(p.loc), "msg": p.message} for p in problems],
                    }
                    report.append(entry)
                    self.stderr.write(
                        f"line {number}: "
                        + "; ".join(f"{'.'.join(map(str, p.loc))}: {p.message}" for p in problems)
                    )
                if number % 500 == 0 or number == total:
                    self.stdout.write(f"{number}/{total} lines read")
        if errors is not None:
            errors.write_text("".join(json.dumps(e) + "\n" for e in report), encoding="utf-8")
        self.stdout.write(
            f"Imported {imported} referrals; {replayed} already imported; {failed} lines failed."
        )
        if failed:
            raise CommandError(f"{failed} lines could not be imported (nothing from them was).")

    def _import_line(self, user: User, number: int, line: str) -> list[Problem] | None:
        """None when imported; [] when already imported earlier; otherwise the problems."""
        try:
            body = json.loads(line)
        except json.JSONDecodeError as error:
            return [Problem((), f"Not valid JSON: {error.msg}")]
        if not isinstance(body, dict):
            return [Problem((), "Each line must be a JSON object")]
        try:
            submission = ReferralSubmission.model_validate(body)
        except ValidationError as error:
            return _pydantic_problems(error)
        try:
            organisation = services.organisation_for(user, submission.organisation)
            result = services.referral_submit(
                user=user,
                organisation=organisation,
                submission=submission,
                # The line's own content is its key, so re-running an import is harmless.
                idempotency_key="import-" + services.content_key(line),
            )
        except ApplicationError as rejected:
            return rejected.problems
        return None if result.created else []
