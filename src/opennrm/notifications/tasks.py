"""Background work: sending e-mail from the outbox (``manage.py db_worker`` runs it)."""

from django.tasks import task

from opennrm.notifications.sending import email_send


@task
def send_email(email_id: int) -> str:
    """Send one e-mail from the outbox; the outcome is recorded on its row."""
    email = email_send(email_id=email_id)
    return email.status if email is not None else "missing"
