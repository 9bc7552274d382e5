"""Background work for cases, run by `manage.py db_worker` (django-tasks-db)."""

from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string

from opennrm.cases.models import ReminderSent


@task
def send_reminder(reminder_id: int) -> None:
    """E-mail the people a deadline reminder is for."""
    reminder = ReminderSent.objects.select_related("case").get(pk=reminder_id)
    context = {"reminder": reminder, "case": reminder.case}
    send_mail(
        subject=render_to_string("cases/email/reminder_subject.txt", context).strip(),
        message=render_to_string("cases/email/reminder.txt", context),
        from_email=None,
        recipient_list=list(reminder.recipients),
    )
