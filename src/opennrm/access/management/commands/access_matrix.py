"""`manage.py access_matrix`: write the access policy to `docs/access.md` (or stdout)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from opennrm.access.docs import render_matrix


class Command(BaseCommand):
    help = "Write who may see and do what, from the access policy, to docs/access.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.BASE_DIR) / "docs" / "access.md",
            help="Where to write it; '-' for standard output.",
        )

    def handle(self, *args: Any, output: Path, **options: Any) -> None:
        text = render_matrix()
        if str(output) == "-":
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {output}")
