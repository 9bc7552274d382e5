"""`manage.py export_statistics --table TABLE --period 2023-Q4 --format ods --output FILE`:
the official tables for a release, as ODS, XLSX or CSV (``--table all``: the whole release).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opennrm.core.exceptions import ApplicationError
from opennrm.statistics.areas import area_of, area_organisations
from opennrm.statistics.exports import ExportError, Format
from opennrm.statistics.periods import UnknownPeriod, parse_period
from opennrm.statistics.progress import Progress
from opennrm.statistics.queries import Scope
from opennrm.statistics.release import TABLES
from opennrm.statistics.selectors import Publication, protection
from opennrm.statistics.services import release_export


class Command(BaseCommand):
    help = "Write official NRM statistics tables for a period to an ODS, XLSX or CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--table", required=True, help="A table (" + ", ".join(TABLES) + ") or all."
        )
        parser.add_argument("--period", required=True, help="A year (2023) or quarter (2023-Q4).")
        parser.add_argument(
            "--format", dest="file_format", choices=[f.value for f in Format], required=True
        )
        parser.add_argument("--output", type=Path, required=True, help="The file to write.")
        parser.add_argument(
            "--area",
            help="Only one area: the name of a child decision-making panel or a local "
            "authority (its tables are protected).",
        )
        parser.add_argument(
            "--threshold",
            type=int,
            help="Withhold counts below this in protected tables (default from "
            "OPENNRM_STATISTICS_THRESHOLD).",
        )
        parser.add_argument(
            "--protect-all",
            action="store_true",
            help="Protect national tables too (by default they are published in full).",
        )
        parser.add_argument(
            "--rounding", type=int, default=0, help="Round published counts to this base."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except UnknownPeriod as error:
            raise CommandError(str(error)) from error
        table = options["table"]
        if table != "all" and table not in TABLES:
            raise CommandError(
                f"There is no table called {table!r}: choose all or one of " + ", ".join(TABLES)
            )
        try:
            chosen = protection(threshold=options["threshold"], rounding=options["rounding"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        scope = Scope(period)
        area_id: int | None = None
        area_name = ""
        if options["area"]:
            organisation = area_organisations().filter(name=options["area"]).first()
            if organisation is None:
                raise CommandError(
                    f"No area is called {options['area']!r}: give the name of a child "
                    "decision-making panel or a local authority with children's services"
                )
            area = area_of(organisation)
            scope = Scope(period, authorities=area.authorities)
            area_id, area_name = organisation.pk, organisation.name
        slugs = None if table == "all" else [table]
        total = len(TABLES) if slugs is None else 1
        bar = Progress(self.stderr, "Tables")
        done = 0

        def step(slug: str) -> None:
            nonlocal done
            bar.update(done, total)
            done += 1

        try:
            written = release_export(
                actor=None,
                scope=scope,
                slugs=slugs,
                publication=Publication(chosen, protect_all=options["protect_all"]),
                file_format=Format(options["file_format"]),
                destination=options["output"],
                area_id=area_id,
                area_name=area_name,
                progress=step,
            )
        except ExportError as error:
            raise CommandError(str(error)) from error
        except ApplicationError as error:
            raise CommandError(error.message) from error
        bar.update(total, total)
        bar.close()
        self.stdout.write(f"Wrote {written} ({period.title}, {total} table(s)).")
