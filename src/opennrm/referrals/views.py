"""The first responder's pages: the referral journey, drafts, submitted referrals, evidence.

Views are thin: they read through selectors, write through services, and render.
"""

import io
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from pydantic import ValidationError

from opennrm.accounts.models import Organisation, User
from opennrm.accounts.roles import Role
from opennrm.audit.services import audit_record_access
from opennrm.cases.domain import TransitionRefused
from opennrm.cases.forms import InformationAnswerForm
from opennrm.cases.information import information_request_answer
from opennrm.referrals import journey, selectors, services
from opennrm.referrals.domain import Problem
from opennrm.referrals.evidence import (
    EvidenceRejected,
    EvidenceUnreadable,
    evidence_open,
    evidence_remove,
    evidence_upload,
)
from opennrm.referrals.forms import CONSENT_STATEMENT, NATIONS, EvidenceForm, OrganisationForm
from opennrm.referrals.models import ReferralDraft
from opennrm.referrals.schema import ReferralSubmission

REFERRALS_PER_PAGE = 25

# Answers that identify the person: removed from a draft as soon as it becomes a Duty to
# Notify report without cooperation (MSA 2015 s52(3)).
IDENTITY_KEYS = (
    "given_name",
    "family_name",
    "aliases",
    "date_of_birth",
    "estimated_age",
    "person_email",
    "person_phone",
    "contact_route",
)


PENDING_ANSWERS = "referrals.pending_answers"


def keep_answers_across_sign_in(view: Any) -> Any:
    """If the session has expired when a page is submitted, keep what was typed.

    The answers are held in the (anonymous) session, which survives signing in; the page
    then shows them again, ready to save. Nothing typed is lost.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.method == "POST":
                data = {
                    k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"
                }
                request.session[PENDING_ANSWERS] = {"path": request.path, "data": data}
            return redirect_to_login(request.get_full_path())
        response: HttpResponse = view(request, *args, **kwargs)
        return response

    return wrapper


def _pending_answers(request: HttpRequest) -> QueryDict | None:
    pending = request.session.get(PENDING_ANSWERS)
    if not pending or pending.get("path") != request.path:
        return None
    del request.session[PENDING_ANSWERS]
    data = QueryDict(mutable=True)
    for key, values in pending["data"].items():
        data.setlist(key, values)
    return data


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require_first_responder(request: HttpRequest) -> User:
    user = _user(request)
    if not user.has_role(Role.FIRST_RESPONDER):
        raise PermissionDenied
    return user


def _draft_or_404(request: HttpRequest, draft_id: Any) -> ReferralDraft:
    draft = selectors.draft_get(user=_user(request), draft_id=str(draft_id))
    if draft is None:
        raise Http404
    return draft


def _designated_organisations(user: User) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            pk__in=user.organisation_ids_for(Role.FIRST_RESPONDER),
            is_designated_first_responder=True,
            is_active=True,
        ).order_by("name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Before you start: what a referral needs, then a new draft."""
    user = _require_first_responder(request)
    organisations = _designated_organisations(user)
    if request.method == "POST":
        if not organisations:
            raise PermissionDenied
        draft = services.draft_create(user=user, organisation=organisations[0])
        initial: dict[str, Any] = {
            "responder_name": user.full_name,
            "responder_email": user.email,
        }
        if len(organisations) == 1:
            initial["organisation"] = organisations[0].pk
            if organisations[0].nation:
                initial["nation"] = organisations[0].nation
        services.draft_save(user=user, draft=draft, answers=initial)
        return redirect("referrals:task-list", draft_id=draft.pk)
    return render(request, "referrals/start.html", {"organisations": organisations})


@login_required
def task_list(request: HttpRequest, draft_id: Any) -> HttpResponse:
    draft = _draft_or_404(request, draft_id)
    answers = draft.answers
    sections = []
    for section in journey.SECTIONS:
        pages = [page for page in section.pages if page.applies(answers)]
        first = pages[0].slug if pages else None
        sections.append(
            {
                "section": section,
                "status": journey.section_status(section, answers),
                "url_slug": "evidence" if section.slug == "evidence" else first,
            }
        )
    return render(
        request,
        "referrals/task_list.html",
        {
            "draft": draft,
            "sections": sections,
            "complete": journey.is_complete(answers),
            "expires_at": services.draft_expires_at(draft),
            "kind": "dtn" if journey.duty_to_notify(answers) else "nrm",
        },
    )


def _form_for(page: journey.Page, user: User, data: Any = None, initial: Any = None) -> Any:
    if page.form_class is OrganisationForm:
        choices = [(o.pk, o.name) for o in _designated_organisations(user)]
        return OrganisationForm(data, initial=initial, organisations=choices)
    return page.form_class(data, initial=initial)


@keep_answers_across_sign_in
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, draft_id: Any, slug: str) -> HttpResponse:
    """Any question page of the journey: show it, or validate and save its answers."""
    draft = _draft_or_404(request, draft_id)
    user = _user(request)
    page = journey.PAGES_BY_SLUG.get(slug)
    if page is None or not page.applies(draft.answers):
        raise Http404
    if request.method == "POST":
        form = _form_for(page, user, data=request.POST)
        if form.is_valid():
            answers = form.answers()
            answers["_done"] = sorted({*draft.answers.get("_done", []), page.slug})
            merged = {**draft.answers, **answers}
            if not journey.keeps_identity(merged):
                answers.update(dict.fromkeys(IDENTITY_KEYS))
            draft = services.draft_save(user=user, draft=draft, answers=answers)
            if "save_and_return" in request.POST:
                messages.success(request, _("Your answers have been saved."))
                return redirect("referrals:drafts")
            if request.GET.get("return") == "check":
                return redirect("referrals:check", draft_id=draft.pk)
            following = journey.next_page(draft.answers, page.slug)
            if following is None:
                return redirect("referrals:task-list", draft_id=draft.pk)
            return redirect("referrals:question", draft_id=draft.pk, slug=following.slug)
    else:
        pending = _pending_answers(request)
        if pending is not None:
            form = _form_for(page, user, data=pending)
            form.is_valid()
            messages.success(request, _("You were signed out. Check your answers and save them."))
        else:
            form = _form_for(page, user, initial=draft.answers)
    return render(
        request,
        "referrals/question.html",
        {
            "draft": draft,
            "page": page,
            "form": form,
            "page_has_errors": bool(form.errors),
            "title": form.title,
            "consent_statement": CONSENT_STATEMENT if page.slug == "consent" else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence(request: HttpRequest, draft_id: Any) -> HttpResponse:
    """Upload documents one at a time; continue when done."""
    draft = _draft_or_404(request, draft_id)
    user = _user(request)
    form = EvidenceForm()
    if request.method == "POST":
        if "continue" in request.POST:
            done = sorted({*draft.answers.get("_done", []), "evidence"})
            services.draft_save(user=user, draft=draft, answers={"_done": done})
            return redirect("referrals:task-list", draft_id=draft.pk)
        if "remove" in request.POST:
            item = draft.evidence.filter(pk=request.POST["remove"]).first()
            if item is not None:
                evidence_remove(user=user, evidence=item)
            return redirect("referrals:evidence", draft_id=draft.pk)
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                evidence_upload(user=user, draft=draft, upload=form.cleaned_data["document"])
            except EvidenceRejected as rejected:
                form.add_error("document", str(rejected))
            else:
                messages.success(request, _("The file has been uploaded."))
                return redirect("referrals:evidence", draft_id=draft.pk)
    return render(
        request,
        "referrals/evidence.html",
        {
            "draft": draft,
            "form": form,
            "files": list(draft.evidence.all()),
            "page_has_errors": bool(form.errors),
        },
    )


def _summary(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Check-your-answers rows, grouped by page, with the label of each question."""
    groups = []
    for page in journey.applicable_pages(answers):
        form = page.form_class(initial=answers) if page.form_class is not OrganisationForm else None
        rows: list[tuple[str, str]] = []
        if form is None:
            organisation = Organisation.objects.filter(pk=answers.get("organisation") or 0).first()
            rows.append((_("Organisation"), organisation.name if organisation else ""))
            nation = dict(NATIONS).get(answers.get("nation") or "", "")
            rows.append((_("UK nation"), str(nation)))
        else:
            for name, field in form.fields.items():
                value = answers.get(name)
                choices = dict(getattr(field, "choices", []) or [])
                if isinstance(value, list):
                    shown = ", ".join(str(choices.get(v, v)) for v in value)
                elif isinstance(value, bool):
                    shown = _("Yes") if value else _("No")
                else:
                    shown = str(choices.get(value, value)) if value not in (None, "") else ""
                rows.append((str(field.label), shown))
        groups.append({"page": page, "title": page.form_class.title, "rows": rows})
    return groups


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, draft_id: Any) -> HttpResponse:
    """Check your answers, then submit. Submitting twice makes one referral."""
    draft = _draft_or_404(request, draft_id)
    user = _user(request)
    problems: list[tuple[str, str]] = []
    if request.method == "POST":
        body = journey.to_submission(draft.answers)
        organisation = Organisation.objects.filter(
            pk=draft.answers.get("organisation"),
            pk__in=user.organisation_ids_for(Role.FIRST_RESPONDER),
        ).first()
        try:
            if organisation is None:
                raise services.ReferralRejected(
                    [Problem(("organisation",), _("Select the organisation you are referring for"))]
                )
            submission = ReferralSubmission.model_validate(body)
            result = services.referral_submit(
                user=user,
                organisation=organisation,
                submission=submission,
                idempotency_key=f"draft-{draft.pk}",
                draft=draft,
            )
        except ValidationError as error:
            problems = [
                (str(e["msg"]).removeprefix("Value error, "), _link(draft, tuple(e["loc"])))
                for e in error.errors()
            ]
        except services.ReferralRejected as rejected:
            problems = [(p.message, _link(draft, p.loc)) for p in rejected.problems]
        else:
            return redirect("referrals:confirmation", reference=result.referral.reference)
    return render(
        request,
        "referrals/check.html",
        {
            "draft": draft,
            "groups": _summary(draft.answers),
            "problems": problems,
            "page_has_errors": bool(problems),
            "complete": journey.is_complete(draft.answers),
            "files": list(draft.evidence.all()),
            "kind": "dtn" if journey.duty_to_notify(draft.answers) else "nrm",
        },
    )


def _link(draft: ReferralDraft, loc: tuple[Any, ...]) -> str:
    from django.urls import reverse

    page = journey.page_for_problem(loc)
    if page is None:
        return reverse("referrals:task-list", kwargs={"draft_id": draft.pk})
    return (
        reverse("referrals:question", kwargs={"draft_id": draft.pk, "slug": page.slug})
        + "?return=check"
    )


@login_required
def confirmation(request: HttpRequest, reference: str) -> HttpResponse:
    referral = selectors.referral_get(user=_user(request), reference=reference)
    if referral is None:
        raise Http404
    return render(request, "referrals/confirmation.html", {"referral": referral})


@login_required
def drafts(request: HttpRequest) -> HttpResponse:
    """Your organisation's unsubmitted referrals, with how long each has left."""
    user = _require_first_responder(request)
    now = timezone.now()
    rows = [
        {
            "draft": draft,
            "expires_at": services.draft_expires_at(draft),
            "days_left": max(0, (services.draft_expires_at(draft) - now).days),
            "name": " ".join(
                filter(None, [draft.answers.get("given_name"), draft.answers.get("family_name")])
            ),
        }
        for draft in selectors.draft_list_for_user(user=user)
    ]
    return render(request, "referrals/drafts.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def delete_draft(request: HttpRequest, draft_id: Any) -> HttpResponse:
    draft = _draft_or_404(request, draft_id)
    if request.method == "POST":
        services.draft_delete(user=_user(request), draft=draft)
        messages.success(request, _("The draft referral has been deleted."))
        return redirect("referrals:drafts")
    return render(request, "referrals/delete_draft.html", {"draft": draft})


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    """Your organisation's submitted referrals and where each has got to."""
    user = _user(request)
    if not (user.has_role(Role.FIRST_RESPONDER) or user.has_role(Role.AUDITOR)):
        raise PermissionDenied
    referrals = selectors.referral_list_for_user(user=user).annotate(
        open_requests=Count(
            "case__information_requests",
            filter=Q(case__information_requests__answered_at__isnull=True),
        )
    )
    page = Paginator(referrals, REFERRALS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "referrals/referral_list.html", {"page": page})


@login_required
def referral_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One referral as submitted. Viewing it is recorded in the audit trail."""
    user = _user(request)
    referral = selectors.referral_get(user=user, reference=reference)
    if referral is None:
        raise Http404
    audit_record_access(actor=user, obj=referral, case_reference=referral.reference)
    case = getattr(referral, "case", None)
    requests = list(case.information_requests.all()) if case is not None else []
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "answers": referral.answers,
            "files": list(referral.evidence.all()),
            "information_requests": requests,
            "can_answer": user.has_role(Role.FIRST_RESPONDER),
            "answer_form": InformationAnswerForm(),
        },
    )


@login_required
@require_http_methods(["POST"])
def answer_information(request: HttpRequest, reference: str, request_id: int) -> HttpResponse:
    """A first responder answers a decision maker's question."""
    user = _user(request)
    referral = selectors.referral_get(user=user, reference=reference)
    case = getattr(referral, "case", None) if referral is not None else None
    item = case.information_requests.filter(pk=request_id).first() if case is not None else None
    if item is None:
        raise Http404
    form = InformationAnswerForm(request.POST)
    if form.is_valid():
        try:
            information_request_answer(user=user, request=item, answer=form.cleaned_data["answer"])
        except TransitionRefused as refused:
            form.add_error("answer", refused.reason)
        else:
            messages.success(request, _("Your answer has been sent."))
            return redirect("referrals:detail", reference=reference)
    return render(
        request,
        "referrals/answer_information.html",
        {"referral": referral, "item": item, "form": form, "page_has_errors": True},
    )


@login_required
def evidence_download(request: HttpRequest, evidence_id: Any) -> FileResponse:
    """Serve a document only to those who may see it, always as a download."""
    user = _user(request)
    item = selectors.evidence_get(user=user, evidence_id=str(evidence_id))
    if item is None:
        raise Http404
    audit_record_access(
        actor=user, obj=item, case_reference=item.referral.reference if item.referral else ""
    )
    try:
        content = evidence_open(item)
    except EvidenceUnreadable:
        raise Http404 from None
    response = FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
