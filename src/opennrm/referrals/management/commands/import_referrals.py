"""`manage.py import_referrals FILE.jsonl`: load historic referrals from another system.

One API referral body per line. Each line is checked on its own: a line that fails
imports nothing and is reported with its line number and the problems found.

By default lines are imported in batches (``--batch-size``): every line of a batch is
checked first, then the good ones are written together (``referral_import_bulk``), with
the same rules and the same records as one at a time. ``--one-at-a-time`` submits each
line through the per-referral service instead.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from pydantic import ValidationError

from opennrm.accounts.models import Organisation, User
from opennrm.core.exceptions import ApplicationError, Problem
from opennrm.referrals import services
from opennrm.referrals.schema import ReferralSubmission


def _pydantic_problems(error: ValidationError) -> list[Problem]:
    return [Problem(tuple(e["loc"]), str(e["msg"])) for e in error.errors()]


type Parsed = ReferralSubmission | list[Problem]


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
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help="Lines checked and written together (default 1000).",
        )
        parser.add_argument(
            "--one-at-a-time",
            action="store_true",
            help="Submit each line through the per-referral service (slower).",
        )

    def handle(
        self,
        *args: Any,
        file: Path,
        email: str,
        errors: Path | None,
        batch_size: int,
        one_at_a_time: bool,
        **opts: Any,
    ) -> None:
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user has the email address {email!r}.")
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        self.user = user
        self.organisations: dict[str, Organisation | ApplicationError] = {}
        total = sum(1 for _ in file.open(encoding="utf-8"))
        self.counts = {"imported": 0, "replayed": 0, "failed": 0}
        self.report: list[dict[str, Any]] = []
        size = 1 if one_at_a_time else batch_size
        read = 0
        for batch in self._batches(file, size):
            if one_at_a_time:
                for number, line, parsed in batch:
                    self._record(number, self._one(line, parsed))
            else:
                self._bulk(batch)
            previous, read = read, batch[-1][0]
            if read // 500 != previous // 500 or read == total:
                self.stdout.write(f"{read}/{total} lines read")
        if errors is not None:
            errors.write_text("".join(json.dumps(e) + "\n" for e in self.report), encoding="utf-8")
        imported, replayed, failed = (self.counts[k] for k in ("imported", "replayed", "failed"))
        self.stdout.write(
            f"Imported {imported} referrals; {replayed} already imported; {failed} lines failed."
        )
        if failed:
            raise CommandError(f"{failed} lines could not be imported (nothing from them was).")

    def _batches(self, file: Path, size: int) -> Iterator[list[tuple[int, str, Parsed]]]:
        batch: list[tuple[int, str, Parsed]] = []
        with file.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                batch.append((number, line, self._parse(line)))
                if len(batch) >= size:
                    yield batch
                    batch = []
        if batch:
            yield batch

    def _parse(self, line: str) -> Parsed:
        try:
            body = json.loads(line)
        except json.JSONDecodeError as error:
            return [Problem((), f"Not valid JSON: {error.msg}")]
        if not isinstance(body, dict):
            return [Problem((), "Each line must be a JSON object")]
        try:
            return ReferralSubmission.model_validate(body)
        except ValidationError as error:
            return _pydantic_problems(error)

    def _organisation(self, name: str | None) -> Organisation:
        """The organisation a line names (looked up once per name)."""
        key = name or ""
        if key not in self.organisations:
            try:
                self.organisations[key] = services.organisation_for(self.user, name)
            except ApplicationError as error:
                self.organisations[key] = error
        found = self.organisations[key]
        if isinstance(found, ApplicationError):
            raise found
        return found

    @staticmethod
    def _key(line: str) -> str:
        # The line's own content is its key, so re-running an import is harmless.
        return "import-" + services.content_key(line)

    def _one(self, line: str, parsed: Parsed) -> list[Problem] | None:
        """None when imported; [] when already imported earlier; otherwise the problems."""
        if isinstance(parsed, list):
            return parsed
        try:
            result = services.referral_submit(
                user=self.user,
                organisation=self._organisation(parsed.organisation),
                submission=parsed,
                idempotency_key=self._key(line),
            )
        except ApplicationError as rejected:
            return rejected.problems
        return None if result.created else []

    def _bulk(self, batch: list[tuple[int, str, Parsed]]) -> None:
        names = {p.organisation or "" for _n, _l, p in batch if not isinstance(p, list)}
        missing = [name for name in names if name not in self.organisations]
        self.organisations.update(services.organisations_named(self.user, missing))
        items: list[services.ImportItem] = []
        numbers: list[int] = []
        problems: dict[int, list[Problem]] = {}
        for number, line, parsed in batch:
            if isinstance(parsed, list):
                problems[number] = parsed
                continue
            try:
                organisation = self._organisation(parsed.organisation)
            except ApplicationError as rejected:
                problems[number] = rejected.problems
                continue
            items.append(services.ImportItem(parsed, self._key(line), organisation))
            numbers.append(number)
        outcomes = dict(
            zip(numbers, services.referral_import_bulk(user=self.user, items=items), strict=True)
        )
        for number, _line, _parsed in batch:
            if number in problems:
                self._record(number, problems[number])
                continue
            outcome = outcomes[number]
            if outcome.problems:
                self._record(number, list(outcome.problems))
            else:
                self._record(number, None if outcome.created else [])

    def _record(self, number: int, problems: list[Problem] | None) -> None:
        if problems is None:
            self.counts["imported"] += 1
        elif problems == []:
            self.counts["replayed"] += 1
        else:
            self.counts["failed"] += 1
            self.report.append(
                {
                    "line": number,
                    "errors": [{"loc": list(p.loc), "msg": p.message} for p in problems],
                }
            )
            self.stderr.write(
                f"line {number}: "
                + "; ".join(f"{'.'.join(map(str, p.loc))}: {p.message}" for p in problems)
            )
