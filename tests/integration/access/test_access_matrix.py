"""Every page and API operation, as every role and anonymously, against objects each
person owns, shares an organisation with, and does not: the answer must be what the
access policy says.

Routes are discovered from the URL resolver and the OpenAPI schema, so a new route
without an entry in ``access.policy.ROUTES`` fails here. What each person may do is worked
out below from the grants and from how the test world was built (which organisation
decides, refers, imported…) — independently of the resolvers the service uses — so a wrong
resolver, a view that forgets to ask, or a policy entry that does not match its view all
show up as mismatches.
"""

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from opennrm.access.policy import (
    EXCLUSIONS,
    GRANTS,
    ROUTES,
    VIEW_PERMISSION,
    Permission,
    Relation,
    Route,
    object_kind,
)
from opennrm.access.roles import Role
from opennrm.accounts.models import Organisation, OrganisationType, RoleMembership, User
from opennrm.api.urls import api
from opennrm.audit.models import AuditEvent
from opennrm.cases.domain import REVIEW_STATES
from opennrm.cases.information import information_request_create
from opennrm.cases.models import Case
from opennrm.notifications.models import OutboundEmail
from opennrm.panels import services as panel_services
from opennrm.panels.models import AgendaItem, GuardianReferral, Panel, PanelMeeting, PanelMember
from opennrm.people.models import MissingEpisode, Person, PossibleRetrafficking
from opennrm.protection.models import SupportAllocation
from opennrm.referrals import services as referral_services
from opennrm.referrals.evidence import evidence_upload
from opennrm.referrals.models import EvidenceFile, Referral, ReferralDraft
from opennrm.referrals.schema import ReferralSubmission
from opennrm.reviews.models import IndependentReview
from tests import documents, states
from tests.factories import UserFactory
from tests.integration.referrals.bodies import adult_body, child_body, dtn_body

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
# Routes served by frameworks, not by the service's own views.
FRAMEWORK_ROUTES = {"api:openapi-json", "api:openapi-view"}


@dataclass
class World:
    people: dict[str, User]
    objects: dict[str, list[Any]]
    # A unique string in every case, person and note, which no refused answer, log line,
    # audit payload or e-mail may ever contain.
    canaries: list[str]


class Canaries:
    """Unique, letters-only strings (names accept only letters) planted in the test data."""

    def __init__(self) -> None:
        self.planted: list[str] = []

    def __call__(self, what: str) -> str:
        index = len(self.planted)
        value = f"Zqx{what}{chr(97 + index // 26)}{chr(97 + index % 26)}Qz"
        self.planted.append(value)
        return value

    def person(self, base: dict[str, Any]) -> dict[str, Any]:
        return {**base, "given_name": self("given"), "family_name": self("family")}


def _plant(canary: Canaries, case: Case) -> None:
    """Canaries in a case made by a shared state helper: its person and its account."""
    person = case.person
    person.given_name, person.family_name = canary("given"), canary("family")
    person.save(update_fields=["given_name", "family_name"])
    referral = case.referral
    referral.answers = {**referral.answers, "account": canary("account")}
    referral.save(update_fields=["answers"])


def build_world(demo: dict[str, User]) -> World:
    people = dict(demo)
    canary = Canaries()
    salvation_army = Organisation.objects.get(name="The Salvation Army")
    colleague = UserFactory(email="colleague.fr@demo.opennrm.test")
    RoleMembership.objects.create(
        user=colleague, organisation=salvation_army, role="first_responder"
    )
    people["colleague.fr"] = colleague

    # A referral with evidence, through a draft, as the journey makes it.
    draft = referral_services.draft_create(user=demo["ngo.fr"], organisation=salvation_army)
    evidence_upload(
        user=demo["ngo.fr"],
        draft=draft,
        upload=SimpleUploadedFile("statement.pdf", documents.pdf(), content_type="application/pdf"),
    )
    own = referral_services.referral_submit(
        user=demo["ngo.fr"],
        organisation=salvation_army,
        submission=ReferralSubmission.model_validate(
            adult_body(person=canary.person(adult_body()["person"]), account=canary("account"))
        ),
        draft=draft,
    ).referral.case
    states.decide(
        demo["caseworker"],
        own,
        states.services.DecisionInput("reasonable_grounds", "positive", canary("rationale")),
    )
    colleagues = states.refer_adult(
        people,
        by="colleague.fr",
        person=canary.person(adult_body()["person"]),
        account=canary("account"),
    )
    child = states.refer_child(
        demo, person=canary.person(child_body()["person"]), account=canary("account")
    )
    states.panel_decide(
        demo,
        child,
        states.panel_meeting(demo, cases=(child,)),
        rationale=canary("rationale"),
        child_wishes_and_feelings=canary("wishes"),
    )
    # After the decision: the own case's person is supported by the support provider; a
    # confirmed victim, for leave consideration; a negative RG, to reconsider.
    from opennrm.protection.support import support_allocate

    support_allocate(
        user=demo["caseworker"],
        case=own,
        provider_id=Organisation.objects.get(name="Victim Care Contract support provider").pk,
    )
    confirmed = states.case_positive_cg(demo, person=canary.person(adult_body()["person"]))
    refused = states.case_negative_rg(demo)
    _plant(canary, refused)
    imported = states.case_imported(demo)
    under_review = states.case_negative_cg_under_review(demo)
    awaiting_check = states.case_negative_rg_awaiting_check(demo)
    for case in (imported, under_review, awaiting_check):
        _plant(canary, case)
    for case, asker in ((own, "caseworker"), (colleagues, "caseworker"), (child, "panel.chair")):
        information_request_create(user=demo[asker], case=case, question=canary("question"))
    referral_services.referral_submit(
        user=demo["police.fr"],
        organisation=Organisation.objects.get(name="Metropolitan Police Service"),
        submission=ReferralSubmission.model_validate(
            dtn_body(
                person={**canary.person(dtn_body()["person"]), "contact_phone": "07700 900123"},
                account=canary("account"),
                contact_route=canary("contact"),
            )
        ),
    )
    police_draft = referral_services.draft_create(
        user=demo["police.fr"],
        organisation=Organisation.objects.get(name="Metropolitan Police Service"),
    )
    evidence_upload(
        user=demo["police.fr"],
        draft=police_draft,
        upload=SimpleUploadedFile("notes.pdf", documents.pdf(), content_type="application/pdf"),
    )
    colleague_draft = referral_services.draft_create(user=colleague, organisation=salvation_army)
    referral_services.draft_save(
        user=colleague,
        draft=colleague_draft,
        answers={"situations": [{"how_it_started": canary("situation")}]},
    )
    # The child has a guardian; the colleague's adult went missing.
    panel_services.guardian_assign(
        actor=demo["panel.chair"], case=child, kind="direct", guardian_email=demo["guardian"].email
    )
    panel_services.missing_episode_record(
        actor=demo["caseworker"],
        person=colleagues.person,
        went_missing_at=timezone.now() - timedelta(hours=3),
    )
    assert PossibleRetrafficking.objects.exists()  # the same adult, referred twice
    # Areas with a local picture: a panel's, a local authority whose first responder is in
    # the world, and one nobody in it belongs to.
    areas = list(
        Organisation.objects.filter(
            name__in=[
                "Cardiff child decision-making panel",
                "City of Cardiff Council",
                "Hull City Council",
            ]
        ).order_by("name")
    )
    assert len(areas) == 3
    cases = list(Case.objects.select_related("referral").order_by("id"))
    assert {own.pk, colleagues.pk, child.pk, imported.pk, under_review.pk, confirmed.pk} <= {
        c.pk for c in cases
    }

    # What administrators look after: an organisation, an account with a role, a hold.
    from opennrm.accounts.services import OrganisationDetails, membership_grant, organisation_create
    from opennrm.retention.services import legal_hold_place

    organisation = organisation_create(
        actor=demo["admin"],
        details=OrganisationDetails(
            name="Matrix Test Council", organisation_type="local_authority"
        ),
    )
    account = UserFactory(email="matrix.account@example.test", full_name="Matrix Account")
    membership_grant(
        actor=demo["admin"], user=account, organisation=organisation, role="first_responder"
    )
    hold = legal_hold_place(
        actor=demo["admin"], case_reference=under_review.reference, reason=canary("hold")
    )
    return World(
        people=people,
        objects={
            "case": cases,
            "referral": list(Referral.objects.order_by("id")),
            "draft": list(ReferralDraft.objects.order_by("created_at")),
            "evidence": list(EvidenceFile.objects.select_related("referral").all()),
            "notification": list(OutboundEmail.objects.order_by("id")[:1]),
            "person": list(Person.objects.filter(cases__isnull=False).distinct().order_by("id")),
            "panel": list(
                Panel.objects.filter(
                    name__in=[states.CARDIFF_PANEL, "Glasgow child decision-making panel"]
                )
            ),
            "meeting": list(PanelMeeting.objects.order_by("id")),
            "account": [account],
            "hold": [hold],
            "area": areas,
        },
        canaries=canary.planted,
    )


# The oracle: which relations hold, from how the world was built -------------------------


def _organisations(user: User, role: Role) -> set[int]:
    return set(
        RoleMembership.objects.filter(
            user=user, role=role, is_active=True, organisation__is_active=True
        ).values_list("organisation_id", flat=True)
    )


def _case_of(obj: Any) -> Case | None:
    if isinstance(obj, Case):
        return obj
    referral = obj if isinstance(obj, Referral) else getattr(obj, "referral", None)
    return Case.objects.filter(referral=referral).first() if referral is not None else None


def relations(user: User, role: Role, obj: Any) -> set[Relation]:
    organisations = _organisations(user, role)
    if not organisations:
        return set()
    found = {Relation.ANYWHERE}
    if isinstance(obj, PanelMeeting):
        return found | ({Relation.OWN_ORGANISATION} if obj.panel_id in organisations else set())
    if isinstance(obj, Organisation):
        if obj.pk in organisations:
            found.add(Relation.OWN_ORGANISATION)
            if obj.organisation_type == OrganisationType.LOCAL_AUTHORITY:
                found.add(Relation.LOCAL_AUTHORITY_AREA)
        return found
    if isinstance(obj, Person):
        for case in Case.objects.filter(person=obj).select_related("referral"):
            found |= relations(user, role, case)
        return found
    case = _case_of(obj)
    if isinstance(obj, ReferralDraft | EvidenceFile) and obj.organisation_id in organisations:
        found.add(Relation.OWN_ORGANISATION)
    if isinstance(obj, Referral) and obj.organisation_id in organisations:
        found.add(Relation.REFERRING_ORGANISATION)
    if isinstance(obj, Referral) and obj.imported_by_id == user.pk:
        found.add(Relation.IMPORTED)
    if case is not None and not isinstance(obj, Referral):
        if case.decision_maker_id in organisations:
            found.add(Relation.DECIDING_BODY)
        # A case the panel reviewed stays related to it; evidence only while under review.
        reviewed = isinstance(obj, Case) and IndependentReview.objects.filter(case=case).exists()
        if (
            case.state in REVIEW_STATES or reviewed
        ) and case.decision_maker_id not in organisations:
            found.add(Relation.REVIEW_PANEL)
        if SupportAllocation.objects.filter(
            case=case, provider_id__in=organisations, ended_at__isnull=True
        ).exists():
            found.add(Relation.SUPPORTING_ORGANISATION)
        if case.state == "positive_cg":
            found.add(Relation.LEAVE_CONSIDERATION)
    if isinstance(obj, Case):
        if obj.referral.organisation_id in organisations:
            found.add(Relation.REFERRING_ORGANISATION)
        if obj.imported_by_id == user.pk:
            found.add(Relation.IMPORTED)
        authorities = Organisation.objects.filter(
            pk__in=organisations, organisation_type=OrganisationType.LOCAL_AUTHORITY
        ).values_list("name", flat=True)
        if obj.is_child and obj.local_authority in set(authorities):
            found.add(Relation.LOCAL_AUTHORITY_AREA)
        referral = GuardianReferral.objects.filter(case=obj).first()
        if referral is not None and referral.guardian_id == user.pk:
            found.add(Relation.ASSIGNED_GUARDIAN)
        if referral is not None and referral.service_id in organisations:
            found.add(Relation.GUARDIAN_SERVICE)
    return found


def roles_of(user: User) -> set[Role]:
    return {Role(r) for r in user.memberships.filter(is_active=True).values_list("role", flat=True)}


def expected_may(user: User | None, permission: Permission, obj: Any = None) -> bool:
    if user is None:
        return False
    held = roles_of(user)
    if held & EXCLUSIONS.get(permission, frozenset()):
        return False
    for grant in GRANTS:
        if grant.permission is not permission or grant.role not in held:
            continue
        if obj is None or grant.relation in relations(user, grant.role, obj):
            return True
    return False


def expected_somewhere(user: User | None, permission: Permission) -> bool:
    if user is None:
        return False
    held = roles_of(user)
    if held & EXCLUSIONS.get(permission, frozenset()):
        return False
    return any(g.permission is permission and g.role in held for g in GRANTS)


# Routes -------------------------------------------------------------------------------


def page_routes() -> dict[str, URLPattern]:
    found: dict[str, URLPattern] = {}

    def walk(patterns: list[Any], namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                found[f"{namespace}{pattern.name}"] = pattern

    walk(get_resolver().url_patterns)
    return {name: p for name, p in found.items() if not name.startswith("api:")}


def api_operations() -> list[str]:
    schema = api.get_openapi_schema()
    return sorted(
        f"{method.upper()} /api/v1{path.removeprefix('/api/v1')}"
        for path, operations in schema["paths"].items()
        for method in operations
    )


def test_every_route_and_operation_has_a_policy_entry() -> None:
    missing = [name for name in [*page_routes(), *api_operations()] if name not in ROUTES]
    assert not missing, f"Routes with no entry in access.policy.ROUTES: {missing}"
    stale = set(ROUTES) - set(page_routes()) - set(api_operations())
    assert not stale, f"Policy entries for routes that no longer exist: {stale}"


def _kwargs(pattern: URLPattern, obj: Any, argument: str | None) -> dict[str, Any] | None:
    """The URL arguments pointing at ``obj``; None when the route is about something
    ``obj`` does not have (a letter for a case with no decision yet)."""
    names = set(pattern.pattern.converters) if hasattr(pattern.pattern, "converters") else set()
    values: dict[str, Any] = {}
    case = _case_of(obj)
    for name in names:
        if name == "reference":
            values[name] = obj.reference
        elif name == "stage":
            values[name] = "reasonable_grounds"
        elif name == "action":
            values[name] = argument
        elif name == "decision_id":
            decision = case.decisions.first() if case is not None else None
            if decision is None:
                return None
            values[name] = decision.pk
        elif name == "request_id":
            item = case.information_requests.first() if case is not None else None
            if item is None:
                return None
            values[name] = item.pk
        elif name == "draft_id":
            values[name] = obj.pk
        elif name == "slug":
            values[name] = "age"
        elif name == "index":
            # A draft with no situation has none to change or remove.
            from opennrm.referrals import journey

            if not journey.situations(obj.answers):
                return None
            values[name] = 0
        elif name in (
            "evidence_id",
            "email_id",
            "panel_id",
            "person_id",
            "user_id",
            "hold_id",
            "area_id",
        ):
            values[name] = obj.pk
        elif name == "meeting_id":
            if isinstance(obj, PanelMeeting):
                values[name] = obj.pk
            else:
                item = AgendaItem.objects.filter(case=case).first() if case is not None else None
                if item is None:
                    return None
                values[name] = item.meeting_id
        elif name == "member_id":
            seat = PanelMember.objects.filter(panel_id=obj.pk).first()
            if seat is None:
                return None
            values[name] = seat.pk
        elif name == "episode_id":
            episode = MissingEpisode.objects.filter(person=obj).first()
            if episode is None:
                return None
            values[name] = episode.pk
        elif name == "flag_id":
            flag = PossibleRetrafficking.objects.filter(person_id=obj.person_id).first()
            if flag is None:
                return None
            values[name] = flag.pk
        elif name == "table":
            values[name] = "referrals-over-time"
        elif name == "organisation_id" and pattern.name == "first-responder":
            # The label a first responder organisation is published under.
            values[name] = (
                Organisation.objects.filter(is_designated_first_responder=True)
                .order_by("name")
                .first()
                .pk
            )
        elif name == "organisation_id":
            # The statistics name first responders; administrators change any organisation.
            named = (
                "The Salvation Army" if pattern.name == "first-responder" else "Matrix Test Council"
            )
            values[name] = Organisation.objects.get(name=named).pk
        elif name == "membership_id":
            values[name] = obj.memberships.order_by("id").first().pk
        elif name in ("uidb64", "token"):
            values[name] = "x"
    return values


def api_url(path: str, obj: Any) -> str | None:
    """An API operation's path pointed at ``obj``; None when the operation is about
    something ``obj`` does not have (a missing episode of a person who never went missing)."""
    url = path.replace("{reference}", getattr(obj, "reference", ""))
    url = url.replace("{id}", str(obj.pk) if obj is not None else "")
    url = url.replace("{area_id}", str(getattr(obj, "pk", "")))
    url = url.replace("{table}", "referrals-over-time")
    if "{episode_id}" in url:
        episode = MissingEpisode.objects.filter(person=obj).first()
        if episode is None:
            return None
        url = url.replace("{episode_id}", str(episode.pk))
    return url


def _classify(status: int) -> str:
    if status >= 500:
        return "error"
    if status in (401, 403, 404):
        return str(status)
    return "allowed"


def _expected(
    route: Route, user: User | None, obj: Any, argument: str | None, api_call: bool
) -> str:
    if route.public:
        return "allowed"
    if user is None:
        return "401" if api_call else "login"
    if route.any_signed_in:
        return "allowed"
    permission = route.permission_for(argument)
    assert permission is not None
    if route.obj is None:
        allowed = expected_somewhere(user, permission) or (
            route.alternative is not None and expected_somewhere(user, route.alternative)
        )
        return "allowed" if allowed else "403"
    view = VIEW_PERMISSION[object_kind(permission)]
    if route.acting_reveals and expected_may(user, permission, obj):
        return "allowed"
    if not expected_may(user, view, obj):
        return "404"
    return "allowed" if expected_may(user, permission, obj) else "403"


API_BODIES = {
    "POST /api/v1/panels/{id}/meetings": lambda: {
        "held_on": timezone.localdate().isoformat(),
        "chair": "panel.chair@demo.opennrm.test",
        "attendees": [],
    },
    "PUT /api/v1/cases/{reference}/guardian": lambda: {"guardian": "", "kind": "direct"},
    # Refused by the rules once the policy has let the caller in: nothing changes.
    "POST /api/v1/people/{id}/age-assessments": lambda: {
        "assessing_authority": "City of Cardiff Council",
        "outcome": "adult",
        "significant_doubt_documented": True,
    },
    "POST /api/v1/people/{id}/missing-episodes": lambda: {"went_missing_at": None},
    "PATCH /api/v1/people/{id}/missing-episodes/{episode_id}": lambda: {"returned_at": None},
    "POST /api/v1/referrals": adult_body,
    # A stale version: refused (409) once the policy has let the caller in.
    "POST /api/v1/cases/{reference}/review": lambda: {
        "outcome": "agree",
        "reasons": "Checked by the access matrix.",
        "version": 0,
    },
    "POST /api/v1/cases/{reference}/quality-check": lambda: {
        "outcome": "passed",
        "reasons": "",
        "version": 0,
    },
    "POST /api/v1/cases/{reference}/reconsiderations": lambda: {
        "grounds": ["new_evidence"],
        "details": "Checked by the access matrix.",
    },
    "POST /api/v1/cases/{reference}/reconsiderations/answer": lambda: {
        "accept": False,
        "reasons": "Checked by the access matrix.",
        "version": 0,
    },
    "POST /api/v1/cases/{reference}/leave-consideration": lambda: {
        "kind": "temporary_permission_to_stay",
        "outcome": "granted",
        "considered_on": timezone.localdate().isoformat(),
        "reasons": "Checked by the access matrix.",
    },
    "POST /api/v1/cases/{reference}/decisions": lambda: {
        "stage": "reasonable_grounds",
        "outcome": "positive",
        "rationale": "Checked by the access matrix.",
        "version": 0,
    },
}


def test_every_route_answers_every_role_as_the_policy_says(demo, caplog, mailoutbox) -> None:
    # What production writes (LOG_LEVEL defaults to INFO).
    caplog.set_level(logging.INFO)
    world = build_world(demo)
    leaks: list[str] = []
    people: dict[str, User | None] = {ANONYMOUS: None, **world.people}
    patterns = page_routes()
    mismatches: list[str] = []
    checked = 0
    for name, route in sorted(ROUTES.items()):
        api_call = name.split(" ", 1)[0] in ("GET", "POST", "PUT", "PATCH", "DELETE")
        if name in FRAMEWORK_ROUTES:
            continue
        arguments: list[str | None] = (
            list(route.by_argument[1]) if route.by_argument is not None else [None]
        )
        objects = world.objects[route.obj] if route.obj else [None]
        for label, user in people.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            for obj in objects:
                for argument in arguments:
                    if api_call:
                        method, path = name.split(" ", 1)
                        url = api_url(path, obj)
                        if url is None:
                            continue
                        body = API_BODIES.get(name)
                        send = {
                            "GET": client.get,
                            "POST": client.post,
                            "PUT": client.put,
                            "PATCH": client.patch,
                        }[method]
                        response = (
                            send(url)
                            if method == "GET"
                            else send(url, body(), content_type="application/json")
                        )
                    else:
                        kwargs = _kwargs(patterns[name], obj, argument)
                        if kwargs is None:
                            continue
                        url = reverse(name, kwargs=kwargs)
                        method = "GET" if "GET" in route.methods else "POST"
                        response = client.get(url) if method == "GET" else client.post(url, {})
                    got = _classify(response.status_code)
                    if got == "allowed" and user is None and not route.public and not api_call:
                        got = (
                            "login" if "/account/sign-in/" in response.get("Location", "") else got
                        )
                    want = _expected(route, user, obj, argument, api_call)
                    checked += 1
                    if got in ("401", "403", "404"):
                        body = response.content.decode(errors="replace")
                        leaks += [
                            f"{method} {url} as {label} ({got}): {c}"
                            for c in world.canaries
                            if c in body
                        ]
                    if got != want:
                        mismatches.append(
                            f"{method} {url} as {label}: got {response.status_code} ({got}), "
                            f"policy says {want}"
                        )
    assert checked > 1000
    assert not mismatches, f"{len(mismatches)} of {checked} answers differ:\n" + "\n".join(
        mismatches[:60]
    )
    assert len(world.canaries) >= 20
    assert not leaks, "Canaries in refused answers:\n" + "\n".join(leaks[:40])
    # Nor in anything the service wrote on the side: logs, the audit trail, e-mails.
    logged = caplog.text
    assert caplog.records, "the logs were not captured"
    payloads = json.dumps(list(AuditEvent.objects.values_list("payload", flat=True)))
    emails = "\n".join(
        [m.subject + m.body for m in mailoutbox]
        + [e.subject + e.body for e in OutboundEmail.objects.all()]
    )
    for where, text in (("logs", logged), ("audit payloads", payloads), ("e-mails", emails)):
        found = [c for c in world.canaries if c in text]
        assert not found, f"Canaries in {where}: {found}"


def test_docs_access_md_is_the_policy(settings) -> None:
    from pathlib import Path

    from opennrm.access.docs import render_matrix

    written = (Path(settings.BASE_DIR) / "docs" / "access.md").read_text(encoding="utf-8")
    assert written == render_matrix(), "Run `python manage.py access_matrix` and commit it."


def test_every_granted_relation_is_worked_out_by_some_app() -> None:
    from opennrm.access.evaluate import missing_resolvers

    assert missing_resolvers() == []
