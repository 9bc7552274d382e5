"""`manage.py generate_synthetic --referrals N --from 2019 --to 2024 --seed S`: a synthetic
national dataset calibrated to the published NRM statistics (see ``statistics.synthetic``)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opennrm.core.exceptions import ApplicationError
from opennrm.statistics.calibration import CALIBRATED, UNIFORM
from opennrm.statistics.progress import Progress
from opennrm.statistics.synthetic import SyntheticError, generate


class Command(BaseCommand):
    help = (
        "Create synthetic referrals, cases and decisions calibrated to the published NRM "
        "statistics, in batches. The same seed gives the same dataset; running it again "
        "adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--referrals", type=int, required=True, help="How many records.")
        parser.add_argument("--from", dest="first", type=int, required=True, help="First year.")
        parser.add_argument("--to", dest="last", type=int, required=True, help="Last year.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Records written together."
        )
        parser.add_argument(
            "--uniform",
            action="store_true",
            help="Draw every outcome and delay from one distribution (no disparities).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be 1 or more.")
        started = time.monotonic()
        bar = Progress(self.stderr, "Synthetic records")
        try:
            summary = generate(
                referrals=options["referrals"],
                first_year=options["first"],
                last_year=options["last"],
                seed=options["seed"],
                profile=UNIFORM if options["uniform"] else CALIBRATED,
                batch_size=options["batch_size"],
                progress=bar.update,
            )
        except (SyntheticError, ApplicationError) as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Created {summary.referrals} NRM referrals with their cases, "
            f"{summary.duty_to_notify} Duty to Notify reports and {summary.decisions} "
            f"decisions in {seconds:.1f} s"
            + (f"; {summary.already_there} were there already." if summary.already_there else ".")
        )
