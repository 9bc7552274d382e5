"""The signed-in home page: the work waiting for this person, by what they may do."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.selectors import memberships_for_user
from opennrm.home import selectors
from opennrm.home.navigation import destinations_for
from opennrm.panels import selectors as panel_selectors


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each person's tasks first, then where else they can go and the roles they hold."""
    user: Any = request.user
    today = timezone.localdate()
    context: dict[str, Any] = {
        "memberships": list(memberships_for_user(user=user)),
        "destinations": [d for d in destinations_for(user) if d.url_name != "home:home"],
    }
    if evaluate.holds_somewhere(user, Permission.DRAFT_EDIT):
        context["referring"] = selectors.referring_work(user=user)
    follows_children = panel_selectors.follows_children(user=user)
    supports_people = evaluate.holds_somewhere(user, Permission.CASE_REQUEST_EXTENSION)
    considers_leave = evaluate.holds_somewhere(user, Permission.CASE_CONSIDER_LEAVE)
    if (
        evaluate.holds_somewhere(user, Permission.QUEUE_VIEW)
        and not follows_children
        and not supports_people
        and not considers_leave
    ):
        context["casework"] = selectors.casework(user=user, today=today)
    if supports_people:
        context["support"] = selectors.support_work(user=user)
    if evaluate.holds_somewhere(user, Permission.CASE_ANSWER_RECONSIDERATION):
        context["reconsiderations"] = selectors.reconsideration_work(user=user)
    if (
        evaluate.holds_somewhere(user, Permission.CASE_REQUEST_RECONSIDERATION)
        and not supports_people
    ):
        context["reconsiderable"] = selectors.reconsiderable_work(user=user)
    if considers_leave:
        context["leave"] = selectors.leave_work(user=user)
    if evaluate.holds_somewhere(user, Permission.PANEL_SCHEDULE):
        context["panel_work"] = selectors.panel_work(user=user, today=today)
    if evaluate.holds_somewhere(user, Permission.CASE_REVIEW):
        context["review_work"] = selectors.review_work(user=user, today=today)
    if evaluate.holds_somewhere(user, Permission.CASE_QUALITY_CHECK):
        context["check_work"] = selectors.check_work(user=user)
    if follows_children:
        context["children"] = selectors.children_work(user=user, today=today)
    if evaluate.holds_somewhere(user, Permission.REFERRAL_IMPORT):
        context["migration"] = selectors.migration_work(user=user)
    if evaluate.holds_somewhere(user, Permission.NOTIFICATION_VIEW):
        context["outbox"] = selectors.outbox_work(user=user)
    if evaluate.holds_somewhere(user, Permission.STATISTICS_VIEW):
        context["statistics"] = selectors.statistics_work(user=user, today=today)
    if evaluate.holds_somewhere(user, Permission.AREA_VIEW_STATISTICS):
        context["areas"] = selectors.area_work(user=user)
    return render(request, "home/home.html", context)
