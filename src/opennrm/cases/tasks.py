"""Background work on cases (``manage.py db_worker`` runs it)."""

from django.tasks import task
from django.utils import timezone

from opennrm.cases.services import decisions_take_effect


@task
def issue_due_decisions() -> int:
    """Bring the decisions due today into effect (the same work as the command)."""
    return decisions_take_effect(today=timezone.localdate())
