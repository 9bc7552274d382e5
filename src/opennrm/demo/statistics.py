"""A small synthetic national dataset for the demo, so that the statistics pages, the
dashboard, fairness monitoring and every area's local picture show real figures."""

from django.utils import timezone

from opennrm.statistics.synthetic import Summary, generate

DEMO_RECORDS = 800
DEMO_SEED = 2026


def seed_demo_statistics() -> Summary:
    """The last four years' records (the same every time: running it again adds nothing)."""
    this_year = timezone.localdate().year
    return generate(
        referrals=DEMO_RECORDS, first_year=this_year - 3, last_year=this_year, seed=DEMO_SEED
    )
