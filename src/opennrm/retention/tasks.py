"""The retention job as a background task (django.tasks), for a scheduler to enqueue."""

from django.tasks import task

from opennrm.retention.services import retention_apply


@task()
def apply_retention() -> dict[str, int]:
    """Delete or anonymise what has expired; returns the counts by kind of record."""
    report = retention_apply()
    return dict(report.disposed)
