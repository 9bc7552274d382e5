"""The first responder's pages: the referral journey, drafts, submitted referrals, evidence.

Views are thin: they read through selectors, write through services, and render.
"""

import io
import re
import time
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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from pydantic import ValidationError

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import Organisation, User
from opennrm.cases.forms import InformationAnswerForm
from opennrm.cases.information import information_request_answer
from opennrm.core.exceptions import ApplicationError, Problem
from opennrm.core.govuk_forms import GovukApproximateDateField, GovukDateField
from opennrm.referrals import draft_answers, journey, selectors, services
from opennrm.referrals.evidence import (
    EvidenceRejected,
    EvidenceUnreadable,
    evidence_open,
    evidence_remove,
    evidence_rename_for_duty_to_notify,
    evidence_upload,
)
from opennrm.referrals.forms import (
    CONSENT_STATEMENT,
    MAX_SITUATIONS,
    AddAnotherSituationForm,
    EvidenceForm,
    EvidenceToFollowForm,
    OrganisationForm,
    RemoveSituationForm,
    SituationForm,
)
from opennrm.referrals.models import ReferralDraft
from opennrm.referrals.presenters import Row, referral_sections
from opennrm.referrals.schema import ReferralSubmission
from opennrm.referrals.selectors import notices_for

REFERRALS_PER_PAGE = 25

PENDING_ANSWERS = "referrals.pending_answers"
# What is held for someone signed out mid-page: one page's answers, for a short while.
PENDING_MAX_CHARACTERS = 64_000
PENDING_MAX_SECONDS = 2 * 60 * 60


def _field_keys(form_class: type[Any]) -> set[str]:
    """The names a form's inputs are posted under (a date's boxes are name_0, _1, _2)."""
    keys: set[str] = set()
    for name, field in form_class.base_fields.items():
        if isinstance(field, GovukDateField | GovukApproximateDateField):
            keys.update(f"{name}_{part}" for part in range(3))
        else:
            keys.add(name)
    return keys


def _form_class_for(kwargs: dict[str, Any]) -> type[Any] | None:
    slug = kwargs.get("slug")
    if slug is None:
        return SituationForm
    page = journey.PAGES_BY_SLUG.get(str(slug))
    return page.form_class if page is not None and page.slug != journey.SITUATIONS else None


def keep_answers_across_sign_in(view: Any) -> Any:
    """If the session has expired when a page is submitted, keep what was typed.

    The page's answers are held in the (anonymous) session, which survives signing in; the
    page then shows them again, ready to save. Only the page's own questions are held, only
    for a draft that exists, only up to ``PENDING_MAX_CHARACTERS``, and — like the draft
    itself — without identifying answers for a Duty to Notify report (MSA 2015 s52(3)).
    They are shown only to someone who may edit that draft, once, within two hours.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.method == "POST":
                _hold_pending_answers(request, kwargs)
            return redirect_to_login(request.get_full_path())
        # Whatever was held is used on this request or never: taken out of the session
        # before anything else, so a page the user may not see cannot leave it behind.
        request.held_answers = request.session.pop(PENDING_ANSWERS, None)  # type: ignore[attr-defined]
        response: HttpResponse = view(request, *args, **kwargs)
        return response

    return wrapper


def _hold_pending_answers(request: HttpRequest, kwargs: dict[str, Any]) -> None:
    request.session.pop(PENDING_ANSWERS, None)
    form_class = _form_class_for(kwargs)
    draft_id = kwargs.get("draft_id")
    if form_class is None or draft_id is None:
        return
    # Read only to minimise what is held; nothing of the draft is shown to anyone here.
    draft = ReferralDraft.objects.filter(pk=draft_id).only("answers").first()
    if draft is None:
        return
    data = {
        key: request.POST.getlist(key)
        for key in sorted(_field_keys(form_class))
        if key in request.POST
    }
    probe = {**draft.answers, **{key: values[-1] for key, values in data.items() if values}}
    if not draft_answers.keeps_identity(probe):
        identity = set(journey.IDENTITY_KEYS)
        # A date's boxes are posted as name_0, name_1 and name_2.
        data = {
            key: values
            for key, values in data.items()
            if re.sub(r"_[012]$", "", key) not in identity
        }
    size = sum(len(key) + sum(len(value) for value in values) for key, values in data.items())
    if not data or size > PENDING_MAX_CHARACTERS:
        return
    request.session[PENDING_ANSWERS] = {
        "path": request.path,
        "draft": str(draft.pk),
        "data": data,
        "held_at": time.time(),
    }


def _pending_answers(request: HttpRequest, draft: ReferralDraft) -> QueryDict | None:
    """The answers held for this page of this draft while its user signed in again, once."""
    pending = getattr(request, "held_answers", None)
    if (
        not isinstance(pending, dict)
        or pending.get("path") != request.path
        or pending.get("draft") != str(draft.pk)
        or time.time() - float(pending.get("held_at") or 0) > PENDING_MAX_SECONDS
    ):
        return None
    data = QueryDict(mutable=True)
    for key, values in (pending.get("data") or {}).items():
        data.setlist(key, values)
    return data


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require_first_responder(request: HttpRequest) -> User:
    """The signed-in person, if they may refer for some organisation (403 otherwise)."""
    user = _user(request)
    if not evaluate.holds_somewhere(user, Permission.DRAFT_EDIT):
        raise PermissionDenied
    return user


def _draft_or_404(request: HttpRequest, draft_id: Any) -> ReferralDraft:
    draft = selectors.draft_get(user=_user(request), draft_id=str(draft_id))
    if draft is None:
        raise Http404
    return draft


def _designated_organisations(user: User) -> list[Organisation]:
    return list(selectors.organisations_to_refer_for(user=user))


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
            "kind": "dtn" if draft_answers.duty_to_notify(answers) else "nrm",
        },
    )


def _form_for(
    page: journey.Page, user: User, answers: dict[str, Any], data: Any = None, initial: Any = None
) -> Any:
    if page.form_class is OrganisationForm:
        choices = [(o.pk, o.name) for o in _designated_organisations(user)]
        return OrganisationForm(data, initial=initial, organisations=choices, answers=answers)
    return page.form_class(data, initial=initial, answers=answers)


def _returning_to_check(request: HttpRequest) -> bool:
    return request.GET.get("return") == "check"


def _save(
    request: HttpRequest, draft: ReferralDraft, answers: dict[str, Any], done: str | None
) -> ReferralDraft:
    """Save a page's answers. If they make the draft a Duty to Notify report without
    cooperation, what identifies the person goes at once (MSA 2015 s52(3))."""
    user = _user(request)
    if done is not None:
        answers["_done"] = sorted({*draft.answers.get("_done", []), done})
    merged = {**draft.answers, **answers}
    anonymous = not draft_answers.keeps_identity(merged)
    if anonymous:
        answers.update(dict.fromkeys(journey.IDENTITY_KEYS))
    draft = services.draft_save(user=user, draft=draft, answers=answers)
    if anonymous:
        evidence_rename_for_duty_to_notify(user=user, draft=draft)
    return draft


def _after_save(request: HttpRequest, draft: ReferralDraft, slug: str) -> HttpResponse:
    """Where to go once a page is saved: drafts, back to check your answers, or on."""
    if "save_and_return" in request.POST:
        messages.success(request, _("Your answers have been saved."))
        return redirect("referrals:drafts")
    if _returning_to_check(request):
        return redirect("referrals:check", draft_id=draft.pk)
    following = journey.next_page(draft.answers, slug)
    if following is None:
        return redirect("referrals:task-list", draft_id=draft.pk)
    return redirect("referrals:question", draft_id=draft.pk, slug=following.slug)


def _question_page(
    request: HttpRequest, draft: ReferralDraft, form: Any, title: Any, **context: Any
) -> HttpResponse:
    return render(
        request,
        "referrals/question.html",
        {
            "draft": draft,
            "form": form,
            "page_has_errors": bool(form.errors),
            "title": title,
            "return_to_check": _returning_to_check(request),
            **context,
        },
    )


def _restore_pending(request: HttpRequest, draft: ReferralDraft, build: Any) -> Any:
    pending = _pending_answers(request, draft)
    if pending is None:
        return None
    form = build(pending)
    form.is_valid()
    messages.success(request, _("You were signed out. Check your answers and save them."))
    return form


@keep_answers_across_sign_in
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, draft_id: Any, slug: str) -> HttpResponse:
    """Any question page of the journey: show it, or validate and save its answers."""
    draft = _draft_or_404(request, draft_id)
    user = _user(request)
    page = journey.PAGES_BY_SLUG.get(slug)
    if page is None or not page.applies(draft.answers):
        raise Http404
    if page.slug == journey.SITUATIONS:
        return redirect("referrals:situations", draft_id=draft.pk)
    if request.method == "POST":
        form = _form_for(page, user, draft.answers, data=request.POST)
        if form.is_valid():
            draft = _save(request, draft, form.answers(), page.slug)
            return _after_save(request, draft, page.slug)
    else:
        form = _restore_pending(
            request, draft, lambda data: _form_for(page, user, draft.answers, data=data)
        ) or _form_for(page, user, draft.answers, initial=draft.answers)
    return _question_page(
        request,
        draft,
        form,
        form.title,
        page=page,
        consent_statement=CONSENT_STATEMENT if page.slug == "consent" else "",
    )


def _situations_url(draft: ReferralDraft, request: HttpRequest) -> str:
    url = reverse("referrals:situations", kwargs={"draft_id": draft.pk})
    return url + ("?return=check" if _returning_to_check(request) else "")


@login_required
@require_http_methods(["GET", "POST"])
def situations(request: HttpRequest, draft_id: Any) -> HttpResponse:
    """The exploitation situations added so far, and whether to add another."""
    draft = _draft_or_404(request, draft_id)
    added = journey.situations(draft.answers)
    if not added:
        url = reverse("referrals:situation-new", kwargs={"draft_id": draft.pk})
        return redirect(url + ("?return=check" if _returning_to_check(request) else ""))
    form = AddAnotherSituationForm()
    if request.method == "POST":
        form = AddAnotherSituationForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["add_another"] == "yes":
                if len(added) >= MAX_SITUATIONS:
                    form.add_error(
                        "add_another",
                        _("You can add up to %(limit)s situations") % {"limit": MAX_SITUATIONS},
                    )
                else:
                    url = reverse("referrals:situation-new", kwargs={"draft_id": draft.pk})
                    return redirect(url + ("?return=check" if _returning_to_check(request) else ""))
            else:
                draft = _save(request, draft, {}, journey.SITUATIONS)
                return _after_save(request, draft, journey.SITUATIONS)
    cards = [
        {"index": index, "number": index + 1, "section": section}
        for index, section in enumerate(
            s
            for s in referral_sections(
                {"situations": journey.to_submission(draft.answers)["situations"]}
            )
            if s.slug.startswith("situation-")
        )
    ]
    return render(
        request,
        "referrals/situations.html",
        {
            "draft": draft,
            "form": form,
            "cards": cards,
            "page_has_errors": bool(form.errors),
            "return_to_check": _returning_to_check(request),
        },
    )


@keep_answers_across_sign_in
@require_http_methods(["GET", "POST"])
def situation(request: HttpRequest, draft_id: Any, index: int | None = None) -> HttpResponse:
    """Add a situation, or change one (``index`` counts from 0)."""
    draft = _draft_or_404(request, draft_id)
    added = journey.situations(draft.answers)
    if index is not None and not 0 <= index < len(added):
        raise Http404
    if index is None and len(added) >= MAX_SITUATIONS:
        return redirect(_situations_url(draft, request))
    if request.method == "POST":
        form = SituationForm(request.POST, answers=draft.answers)
        if form.is_valid():
            if index is None:
                added.append(form.answers())
            else:
                added[index] = form.answers()
            draft = _save(request, draft, {journey.SITUATIONS: added}, None)
            if "save_and_return" in request.POST:
                messages.success(request, _("Your answers have been saved."))
                return redirect("referrals:drafts")
            return redirect(_situations_url(draft, request))
    else:
        initial = added[index] if index is not None else None
        form = _restore_pending(
            request, draft, lambda data: SituationForm(data, answers=draft.answers)
        ) or SituationForm(initial=initial, answers=draft.answers)
    number = (index if index is not None else len(added)) + 1
    title = _("Situation %(number)s") % {"number": number}
    return _question_page(
        request, draft, form, title, back_url=_situations_url(draft, request) if added else None
    )


@login_required
@require_http_methods(["GET", "POST"])
def situation_remove(request: HttpRequest, draft_id: Any, index: int) -> HttpResponse:
    """Remove a situation, once confirmed."""
    draft = _draft_or_404(request, draft_id)
    added = journey.situations(draft.answers)
    if not 0 <= index < len(added):
        raise Http404
    form = RemoveSituationForm()
    if request.method == "POST":
        form = RemoveSituationForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["confirm"] == "yes":
                del added[index]
                _save(request, draft, {journey.SITUATIONS: added}, None)
                messages.success(
                    request, _("Situation %(number)s has been removed.") % {"number": index + 1}
                )
            return redirect(_situations_url(draft, request))
    section = next(
        s
        for s in referral_sections(
            {
                "situations": [
                    journey.to_submission({journey.SITUATIONS: [added[index]]})["situations"][0]
                ]
            }
        )
        if s.slug.startswith("situation-")
    )
    return render(
        request,
        "referrals/situation_remove.html",
        {
            "draft": draft,
            "form": form,
            "number": index + 1,
            "section": section,
            "page_has_errors": bool(form.errors),
            "back_url": _situations_url(draft, request),
        },
    )


def _evidence_name(draft: ReferralDraft) -> str | None:
    """A Duty to Notify report keeps no file names, which may identify the person
    (MSA 2015 s52(3)): the server names its files "Document 1", "Document 2"…"""
    if draft_answers.keeps_identity(draft.answers):
        return None
    return f"{_('Document')} {draft.evidence.count() + 1}"


@login_required
@require_http_methods(["GET", "POST"])
def evidence(request: HttpRequest, draft_id: Any) -> HttpResponse:
    """Upload documents one at a time, each with what it is; continue when done."""
    draft = _draft_or_404(request, draft_id)
    user = _user(request)
    form = EvidenceForm()
    later = EvidenceToFollowForm(initial=draft.answers)
    if request.method == "POST":
        if "continue" in request.POST:
            later = EvidenceToFollowForm(request.POST)
            if later.is_valid():
                draft = _save(request, draft, dict(later.cleaned_data), "evidence")
                if _returning_to_check(request):
                    return redirect("referrals:check", draft_id=draft.pk)
                return redirect("referrals:task-list", draft_id=draft.pk)
        elif "remove" in request.POST:
            item = draft.evidence.filter(pk=request.POST["remove"]).first()
            if item is not None:
                evidence_remove(user=user, evidence=item)
                if not draft_answers.keeps_identity(draft.answers):
                    evidence_rename_for_duty_to_notify(user=user, draft=draft)
            return redirect(request.get_full_path())
        else:
            form = EvidenceForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    evidence_upload(
                        user=user,
                        draft=draft,
                        upload=form.cleaned_data["document"],
                        description=form.cleaned_data["description"],
                        name=_evidence_name(draft),
                    )
                except EvidenceRejected as rejected:
                    form.add_error("document", str(rejected))
                else:
                    messages.success(request, _("The file has been uploaded."))
                    return redirect(request.get_full_path())
    return render(
        request,
        "referrals/evidence.html",
        {
            "draft": draft,
            "form": form,
            "later": later,
            "files": list(draft.evidence.all()),
            "page_has_errors": bool(form.errors or later.errors),
            "return_to_check": _returning_to_check(request),
        },
    )


def _change_url(draft: ReferralDraft, row: Row) -> str:
    """Where the answer in ``row`` is changed, coming back to check your answers."""
    path = row.path
    if path[:1] == ("situations",) and len(path) > 1 and isinstance(path[1], int):
        url = reverse("referrals:situation", kwargs={"draft_id": draft.pk, "index": path[1]})
    elif path[:1] in (("evidence",), ("evidence_to_follow",)):
        url = reverse("referrals:evidence", kwargs={"draft_id": draft.pk})
    else:
        page = journey.page_for_problem(path)
        if page is None:
            return reverse("referrals:task-list", kwargs={"draft_id": draft.pk})
        url = reverse("referrals:question", kwargs={"draft_id": draft.pk, "slug": page.slug})
    return url + "?return=check"


def _organisation_for(user: User, answers: dict[str, Any]) -> Organisation | None:
    """The organisation the draft is for, if the user may refer for it."""
    return (
        selectors.organisations_to_refer_for(user=user)
        .filter(pk=answers.get("organisation") or 0)
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, draft_id: Any) -> HttpResponse:
    """Check your answers, then submit. Submitting twice makes one referral."""
    draft = _draft_or_404(request, draft_id)
    user = _user(request)
    problems: list[tuple[str, str]] = []
    organisation = _organisation_for(user, draft.answers)
    if request.method == "POST":
        if not draft_answers.keeps_identity(draft.answers):
            evidence_rename_for_duty_to_notify(user=user, draft=draft)
        body = journey.to_submission(draft.answers)
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
    body = journey.to_submission(draft.answers)
    shown = {**body, "organisation": organisation.name if organisation else ""}
    files = list(draft.evidence.all())
    sections = [
        {
            "section": section,
            "rows": [(row, _change_url(draft, row)) for row in section.rows],
        }
        for section in referral_sections(shown, files)
    ]
    return render(
        request,
        "referrals/check.html",
        {
            "draft": draft,
            "sections": sections,
            "home_office_references": (body.get("immigration") or {}).get(
                "home_office_references", []
            ),
            "identity": draft_answers.keeps_identity(draft.answers),
            "problems": problems,
            "page_has_errors": bool(problems),
            "complete": journey.is_complete(draft.answers),
            "kind": "dtn" if draft_answers.duty_to_notify(draft.answers) else "nrm",
        },
    )


def _link(draft: ReferralDraft, loc: tuple[Any, ...]) -> str:
    return _change_url(draft, Row("", "", tuple(loc)))


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
    if not evaluate.holds_somewhere(user, Permission.REFERRAL_VIEW):
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
    referral = selectors.referral_get_for(user=user, reference=reference)
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
            "can_answer": evaluate.may(user, Permission.REFERRAL_ANSWER_INFORMATION, referral),
            "answer_form": InformationAnswerForm(),
            "childrens_services_notices": notices_for(referral),
        },
    )


@login_required
@require_http_methods(["POST"])
def answer_information(request: HttpRequest, reference: str, request_id: int) -> HttpResponse:
    """A first responder answers a decision maker's question."""
    user = _user(request)
    referral = selectors.referral_get_for(
        user=user, reference=reference, permission=Permission.REFERRAL_ANSWER_INFORMATION
    )
    case = getattr(referral, "case", None)
    item = case.information_requests.filter(pk=request_id).first() if case is not None else None
    if item is None:
        raise Http404
    form = InformationAnswerForm(request.POST)
    if form.is_valid():
        try:
            information_request_answer(
                user=user, referral=referral, request=item, answer=form.cleaned_data["answer"]
            )
        except ApplicationError as error:
            form.add_error("answer", error.message)
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
    """Serve a document only to those who may see it, always as a download. The download
    is recorded in the audit trail."""
    item = selectors.evidence_get(user=_user(request), evidence_id=str(evidence_id))
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
