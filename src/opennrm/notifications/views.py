"""The outbox page: administrators see e-mails that failed or are waiting, and resend them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.notifications import selectors, services
from opennrm.notifications.models import EmailStatus, OutboundEmail

PAGE_SIZE = 50


@login_required
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    """E-mails the service has sent or tried to send, filterable by status."""
    if not evaluate.holds_somewhere(request.user, Permission.NOTIFICATION_VIEW):
        raise PermissionDenied
    status = request.GET.get("status", "")
    status = status if status in EmailStatus.values else ""
    emails = selectors.outbox_for_user(user=request.user, status=status)  # type: ignore[arg-type]
    page = Paginator(emails, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "status": status,
            "statuses": EmailStatus.choices,
            "counts": selectors.outbox_counts(user=request.user),  # type: ignore[arg-type]
            "extra_query": f"status={status}" if status else "",
        },
    )


@login_required
@require_POST
def retry(request: HttpRequest, email_id: int) -> HttpResponse:
    """Send a failed e-mail again."""
    email = evaluate.get_for(
        OutboundEmail.objects.all(),
        request.user,
        Permission.NOTIFICATION_RETRY,
        pk=email_id,
    )
    if email.status != EmailStatus.FAILED:
        messages.error(request, _("Only a failed e-mail can be sent again."))
    else:
        services.email_retry(actor=request.user, email=email)
        messages.success(request, _("The e-mail will be sent again."))
    return redirect("notifications:outbox")
