"""THE access policy, as data: which role, in which relation to an object, may do what.

A *grant* is (role, relation, permission): "a caseworker (role) of the body that decides the
case (relation) may decide it (permission)". A person holds a role in an organisation; the
relation says how that organisation (or the person) stands to the object. A person may do
something if any role they hold grants it in a relation that holds for the object, and no
exclusion forbids it.

Pure: no Django, no database. ``evaluate`` applies it; ``docs/access.md`` is generated from
it (``manage.py access_matrix``); the access-matrix test checks every route against it.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from opennrm.access.roles import IMMIGRATION_BLIND, Role


class Relation(StrEnum):
    """How a person (through the organisations where they hold a role) stands to an object."""

    # The role alone is enough, wherever it is held (auditors read everything).
    ANYWHERE = "anywhere"
    # The object belongs to an organisation where the person holds the role (a draft, an
    # organisation itself).
    OWN_ORGANISATION = "own_organisation"
    # The referral (or its case) was made by an organisation where the person holds the role.
    REFERRING_ORGANISATION = "referring_organisation"
    # The case is decided by an organisation where the person holds the role: the competent
    # authority, or the case's local child decision-making panel.
    DECIDING_BODY = "deciding_body"
    # The case's negative decision is (or was) under independent review by the person's
    # review panel, which is never the deciding body.
    REVIEW_PANEL = "review_panel"
    # The person is the child's assigned independent child trafficking guardian.
    ASSIGNED_GUARDIAN = "assigned_guardian"
    # The child was referred to the guardian service where the person holds the role.
    GUARDIAN_SERVICE = "guardian_service"
    # The person's organisation supports the potential victim (allocated after a positive RG).
    SUPPORTING_ORGANISATION = "supporting_organisation"
    # The person is confirmed a victim (positive conclusive grounds): the Home Office
    # considers whether they should be granted leave to remain (NRM.md §3.8).
    LEAVE_CONSIDERATION = "leave_consideration"
    # The person's organisation is the local authority of the child's area.
    LOCAL_AUTHORITY_AREA = "local_authority_area"
    # The person loaded the record from an older system (data migration).
    IMPORTED = "imported"


RELATION_LABELS: dict[Relation, str] = {
    Relation.ANYWHERE: "any",
    Relation.OWN_ORGANISATION: "own organisation's",
    Relation.REFERRING_ORGANISATION: "referred by own organisation",
    Relation.DECIDING_BODY: "decided by own body",
    Relation.REVIEW_PANEL: "under review (or reviewed) by own panel",
    Relation.ASSIGNED_GUARDIAN: "assigned guardian's",
    Relation.GUARDIAN_SERVICE: "referred to own guardian service",
    Relation.SUPPORTING_ORGANISATION: "supported by own organisation",
    Relation.LEAVE_CONSIDERATION: "confirmed a victim (positive conclusive grounds)",
    Relation.LOCAL_AUTHORITY_AREA: "in own local authority's area",
    Relation.IMPORTED: "imported by them",
}


class Permission(StrEnum):
    """Something a person may do. The part before the dot is the kind of object it is about."""

    QUEUE_VIEW = "queue.view"
    CASE_VIEW = "case.view"
    CASE_VIEW_IMMIGRATION = "case.view_immigration"
    CASE_DECIDE = "case.decide"
    CASE_BACKDATE = "case.backdate"
    CASE_MANAGE = "case.manage"
    CASE_WITHDRAW = "case.withdraw"
    CASE_WITHDRAW_IN_ERROR = "case.withdraw_in_error"
    CASE_ASSIGN = "case.assign"
    CASE_REQUEST_INFORMATION = "case.request_information"
    CASE_REVIEW = "case.review"
    CASE_QUALITY_CHECK = "case.quality_check"
    CASE_GUARDIAN = "case.guardian"
    CASE_ADD_NOTE = "case.add_note"
    CASE_CONFIRM_RETRAFFICKING = "case.confirm_retrafficking"
    CASE_REQUEST_RECONSIDERATION = "case.request_reconsideration"
    CASE_ANSWER_RECONSIDERATION = "case.answer_reconsideration"
    CASE_RECORD_JUDICIAL_REVIEW = "case.record_judicial_review"
    CASE_ALLOCATE_SUPPORT = "case.allocate_support"
    CASE_REQUEST_EXTENSION = "case.request_extension"
    CASE_CONSIDER_LEAVE = "case.consider_leave"
    CASE_PUBLIC_ORDER = "case.public_order"
    CHILDREN_VIEW = "children.view"
    PERSON_VIEW = "person.view"
    PERSON_ASSESS_AGE = "person.record_age_assessment"
    PERSON_RECORD_MISSING = "person.record_missing"
    PANEL_VIEW = "panel.view"
    PANEL_MANAGE_MEMBERS = "panel.manage_members"
    PANEL_SCHEDULE = "panel.schedule_meeting"
    PANEL_CHAIR_MEETINGS = "panel.chair_meetings"
    MEETING_VIEW = "meeting.view"
    MEETING_MANAGE = "meeting.manage"
    ORGANISATION_REFER = "organisation.refer"
    REFERRAL_IMPORT = "referral.import"
    REFERRAL_VIEW = "referral.view"
    REFERRAL_ANSWER_INFORMATION = "referral.answer_information"
    DRAFT_EDIT = "draft.edit"
    EVIDENCE_DOWNLOAD = "evidence.download"
    AUDIT_VIEW = "audit.view"
    NOTIFICATION_VIEW = "notification.view"
    NOTIFICATION_RETRY = "notification.retry"
    ORGANISATION_ADMINISTER = "organisation.administer"
    ACCOUNT_ADMINISTER = "account.administer"
    HOLD_MANAGE = "hold.manage"
    STATISTICS_VIEW = "statistics.view"
    STATISTICS_EXPORT = "statistics.export"
    STATISTICS_EDIT_LABELS = "statistics.edit_labels"
    AREA_VIEW_STATISTICS = "area.view_statistics"
    MEASURES_VIEW = "measures.view"


PERMISSION_LABELS: dict[Permission, str] = {
    Permission.QUEUE_VIEW: "Use a work queue of cases",
    Permission.CASE_VIEW: "See a case, its referral and its timeline",
    Permission.CASE_VIEW_IMMIGRATION: "See a case's immigration details",
    Permission.CASE_DECIDE: "Record reasonable and conclusive grounds decisions",
    Permission.CASE_BACKDATE: "Say when a historic decision was made",
    Permission.CASE_MANAGE: "Suspend, reinstate, extend or end the recovery period",
    Permission.CASE_WITHDRAW: "Withdraw an adult's case at their written request",
    Permission.CASE_WITHDRAW_IN_ERROR: "Withdraw a referral made in error or a duplicate",
    Permission.CASE_ASSIGN: "Assign a case to a colleague",
    Permission.CASE_REQUEST_INFORMATION: "Ask the first responder for more information",
    Permission.CASE_REVIEW: "Review a negative decision independently",
    Permission.CASE_QUALITY_CHECK: "Quality-check a proposed negative decision",
    Permission.CASE_GUARDIAN: "Refer a child to the guardian service and assign their guardian",
    Permission.CASE_ADD_NOTE: "Add a note to a child's timeline",
    Permission.CASE_CONFIRM_RETRAFFICKING: "Confirm or reject a possible re-trafficking",
    Permission.CASE_REQUEST_RECONSIDERATION: (
        "Ask for a negative decision to be reconsidered, with the evidence"
    ),
    Permission.CASE_ANSWER_RECONSIDERATION: "Accept or decline a request for reconsideration",
    Permission.CASE_RECORD_JUDICIAL_REVIEW: (
        "Record a judicial review of a decision, the solicitor referral and the outcome"
    ),
    Permission.CASE_ALLOCATE_SUPPORT: "Allocate a support provider after a positive RG",
    Permission.CASE_REQUEST_EXTENSION: "Ask for the recovery period to be extended",
    Permission.CASE_CONSIDER_LEAVE: "Record that leave to remain was considered",
    Permission.CASE_PUBLIC_ORDER: "Record a public-order disqualification decision (adults)",
    Permission.CHILDREN_VIEW: "See a list of the children one works with",
    Permission.PERSON_VIEW: "See a person's age assessments and missing episodes",
    Permission.PERSON_ASSESS_AGE: "Record an age assessment",
    Permission.PERSON_RECORD_MISSING: "Record that a child went missing or came back",
    Permission.PANEL_VIEW: "See a child panel, its members and its meetings",
    Permission.PANEL_MANAGE_MEMBERS: "Add and remove a child panel's members",
    Permission.PANEL_SCHEDULE: "Schedule a panel meeting",
    Permission.PANEL_CHAIR_MEETINGS: "Chair a panel meeting",
    Permission.MEETING_VIEW: "See a panel meeting, its agenda and minutes",
    Permission.MEETING_MANAGE: "Put cases on a meeting's agenda and record attendance",
    Permission.ORGANISATION_REFER: "Refer for an organisation",
    Permission.REFERRAL_IMPORT: "Import historic referrals with their received date",
    Permission.REFERRAL_VIEW: "See a submitted referral",
    Permission.REFERRAL_ANSWER_INFORMATION: "Answer a decision maker's question",
    Permission.DRAFT_EDIT: "Start, continue and delete draft referrals",
    Permission.EVIDENCE_DOWNLOAD: "Download an evidence file",
    Permission.AUDIT_VIEW: "Read the audit trail",
    Permission.NOTIFICATION_VIEW: "See e-mails waiting, sent and failed",
    Permission.NOTIFICATION_RETRY: "Send a failed e-mail again",
    Permission.ORGANISATION_ADMINISTER: "Add and change organisations",
    Permission.ACCOUNT_ADMINISTER: (
        "Add people, give and take away roles, reset second factors, deactivate accounts"
    ),
    Permission.HOLD_MANAGE: "Place and lift legal holds on a case's records",
    Permission.STATISTICS_VIEW: "See the national statistics, dashboards and fairness monitoring",
    Permission.STATISTICS_EXPORT: "Download official tables and open data for release",
    Permission.STATISTICS_EDIT_LABELS: "Change how first responders are named in the statistics",
    Permission.AREA_VIEW_STATISTICS: "See the local picture of an area",
    Permission.MEASURES_VIEW: "See how reviews and quality checks of decisions are going",
}


@dataclass(frozen=True)
class Grant:
    """A person holding ``role`` may do ``permission`` to an object in ``relation`` to them."""

    role: Role
    relation: Relation
    permission: Permission


def _grants(role: Role, relation: Relation, *permissions: Permission) -> list[Grant]:
    return [Grant(role, relation, permission) for permission in permissions]


P = Permission
R = Relation

# What deciding bodies' staff do on the cases their body decides.
_DECIDING = (
    P.CASE_VIEW,
    P.CASE_DECIDE,
    P.CASE_MANAGE,
    P.CASE_WITHDRAW,
    P.CASE_ASSIGN,
    P.CASE_REQUEST_INFORMATION,
    P.EVIDENCE_DOWNLOAD,
)

# What every decision maker does for the people whose cases their body decides.
_SAFEGUARDING = (P.PERSON_VIEW, P.PERSON_ASSESS_AGE, P.PERSON_RECORD_MISSING)
# What a child panel's members and chair do with their own panel and its meetings.
_PANEL_WORK = (P.PANEL_VIEW, P.PANEL_SCHEDULE)
_MEETING_WORK = (P.MEETING_VIEW, P.MEETING_MANAGE)

GRANTS: frozenset[Grant] = frozenset(
    [
        # First responders refer for their own organisation and follow its referrals.
        *_grants(Role.FIRST_RESPONDER, R.OWN_ORGANISATION, P.ORGANISATION_REFER, P.DRAFT_EDIT),
        *_grants(Role.FIRST_RESPONDER, R.OWN_ORGANISATION, P.EVIDENCE_DOWNLOAD),
        *_grants(
            Role.FIRST_RESPONDER,
            R.REFERRING_ORGANISATION,
            P.REFERRAL_VIEW,
            P.REFERRAL_ANSWER_INFORMATION,
        ),
        # A local authority's first responders follow the children of their area: children's
        # services run child protection alongside the NRM (NRM.md §2), and record age
        # assessments and missing episodes.
        *_grants(Role.FIRST_RESPONDER, R.ANYWHERE, P.CHILDREN_VIEW),
        *_grants(Role.FIRST_RESPONDER, R.LOCAL_AUTHORITY_AREA, P.CASE_VIEW, *_SAFEGUARDING),
        # The competent authority's caseworkers decide the cases it decides.
        *_grants(Role.CASEWORKER, R.ANYWHERE, P.QUEUE_VIEW),
        *_grants(Role.CASEWORKER, R.DECIDING_BODY, *_DECIDING, *_SAFEGUARDING),
        *_grants(Role.CASEWORKER, R.DECIDING_BODY, P.CASE_GUARDIAN, P.CASE_CONFIRM_RETRAFFICKING),
        # Senior caseworkers also close referrals made in error or duplicated.
        *_grants(Role.SENIOR_CASEWORKER, R.ANYWHERE, P.QUEUE_VIEW),
        *_grants(Role.SENIOR_CASEWORKER, R.DECIDING_BODY, *_DECIDING, P.CASE_WITHDRAW_IN_ERROR),
        # A second pair of eyes: senior caseworkers check negative decisions before they go
        # to review or are issued, and follow how often reviews agree.
        *_grants(Role.SENIOR_CASEWORKER, R.DECIDING_BODY, P.CASE_QUALITY_CHECK),
        *_grants(Role.SENIOR_CASEWORKER, R.ANYWHERE, P.MEASURES_VIEW),
        *_grants(
            Role.SENIOR_CASEWORKER,
            R.DECIDING_BODY,
            *_SAFEGUARDING,
            P.CASE_GUARDIAN,
            P.CASE_CONFIRM_RETRAFFICKING,
        ),
        # A local child panel's members and chair work on their panel's children, at its
        # meetings; the chair also assigns a child's guardian and chairs meetings.
        *_grants(Role.PANEL_MEMBER, R.ANYWHERE, P.QUEUE_VIEW),
        *_grants(Role.PANEL_MEMBER, R.DECIDING_BODY, *_DECIDING, *_SAFEGUARDING),
        *_grants(Role.PANEL_MEMBER, R.DECIDING_BODY, P.CASE_CONFIRM_RETRAFFICKING),
        *_grants(Role.PANEL_MEMBER, R.OWN_ORGANISATION, *_PANEL_WORK, *_MEETING_WORK),
        *_grants(Role.PANEL_CHAIR, R.ANYWHERE, P.QUEUE_VIEW),
        *_grants(Role.PANEL_CHAIR, R.DECIDING_BODY, *_DECIDING, *_SAFEGUARDING),
        *_grants(Role.PANEL_CHAIR, R.DECIDING_BODY, P.CASE_GUARDIAN, P.CASE_CONFIRM_RETRAFFICKING),
        *_grants(Role.PANEL_CHAIR, R.OWN_ORGANISATION, *_PANEL_WORK, *_MEETING_WORK),
        *_grants(Role.PANEL_CHAIR, R.OWN_ORGANISATION, P.PANEL_CHAIR_MEETINGS),
        # A child's guardian sees their case read-only and adds notes to its timeline;
        # another guardian does not know the case exists.
        *_grants(Role.GUARDIAN, R.ANYWHERE, P.QUEUE_VIEW, P.CHILDREN_VIEW),
        *_grants(Role.GUARDIAN, R.ASSIGNED_GUARDIAN, P.CASE_VIEW, P.CASE_ADD_NOTE, P.PERSON_VIEW),
        # The guardian service's co-ordinators see the children referred to it and assign
        # each a named guardian.
        *_grants(Role.GUARDIAN_COORDINATOR, R.ANYWHERE, P.QUEUE_VIEW, P.CHILDREN_VIEW),
        *_grants(
            Role.GUARDIAN_COORDINATOR,
            R.GUARDIAN_SERVICE,
            P.CASE_VIEW,
            P.CASE_GUARDIAN,
            P.PERSON_VIEW,
        ),
        # After the decision (the protection app): the deciding body answers reconsideration
        # requests, allocates support, records judicial reviews and, for adults, public-order
        # disqualification (NABA 2022 s63).
        *(
            grant
            for role in (
                Role.CASEWORKER,
                Role.SENIOR_CASEWORKER,
                Role.PANEL_MEMBER,
                Role.PANEL_CHAIR,
            )
            for grant in _grants(
                role,
                R.DECIDING_BODY,
                P.CASE_ANSWER_RECONSIDERATION,
                P.CASE_RECORD_JUDICIAL_REVIEW,
                P.CASE_ALLOCATE_SUPPORT,
            )
        ),
        *_grants(Role.CASEWORKER, R.DECIDING_BODY, P.CASE_PUBLIC_ORDER),
        *_grants(Role.SENIOR_CASEWORKER, R.DECIDING_BODY, P.CASE_PUBLIC_ORDER),
        # The first responder who referred the person may ask for a negative decision to be
        # reconsidered (statutory guidance §14), without seeing the decision maker's case
        # page: the request page is reached through their referral.
        *_grants(Role.FIRST_RESPONDER, R.REFERRING_ORGANISATION, P.CASE_REQUEST_RECONSIDERATION),
        # A support provider sees the people allocated to it after a positive RG: their
        # dates and decisions; it asks for reconsideration and for more recovery time.
        *_grants(Role.SUPPORT_PROVIDER, R.ANYWHERE, P.QUEUE_VIEW),
        *_grants(
            Role.SUPPORT_PROVIDER,
            R.SUPPORTING_ORGANISATION,
            P.CASE_VIEW,
            P.CASE_REQUEST_RECONSIDERATION,
            P.CASE_REQUEST_EXTENSION,
        ),
        # Home Office immigration staff consider leave to remain for confirmed victims. They
        # are not decision makers: they see immigration details, and decide nothing about
        # identification.
        *_grants(Role.LEAVE_CASEWORKER, R.ANYWHERE, P.QUEUE_VIEW),
        *_grants(
            Role.LEAVE_CASEWORKER,
            R.LEAVE_CONSIDERATION,
            P.CASE_VIEW,
            P.CASE_VIEW_IMMIGRATION,
            P.CASE_CONSIDER_LEAVE,
        ),
        # The independent review panel sees and reviews the negative decisions sent to it.
        *_grants(Role.REVIEW_PANEL_MEMBER, R.ANYWHERE, P.QUEUE_VIEW),
        *_grants(
            Role.REVIEW_PANEL_MEMBER,
            R.REVIEW_PANEL,
            P.CASE_VIEW,
            P.CASE_REVIEW,
            P.EVIDENCE_DOWNLOAD,
        ),
        # Auditors read everything and change nothing.
        *_grants(
            Role.AUDITOR,
            R.ANYWHERE,
            P.QUEUE_VIEW,
            P.CASE_VIEW,
            P.CASE_VIEW_IMMIGRATION,
            P.REFERRAL_VIEW,
            P.EVIDENCE_DOWNLOAD,
            P.AUDIT_VIEW,
            P.PERSON_VIEW,
            P.PANEL_VIEW,
            P.MEETING_VIEW,
        ),
        *_grants(Role.ADMIN, R.ANYWHERE, P.AUDIT_VIEW, P.NOTIFICATION_VIEW, P.NOTIFICATION_RETRY),
        # Administrators manage who sits on each child panel.
        *_grants(Role.ADMIN, R.ANYWHERE, P.PANEL_VIEW, P.PANEL_MANAGE_MEMBERS),
        # Administrators run the service: organisations, people and their roles, legal holds.
        # They see no case data.
        *_grants(
            Role.ADMIN,
            R.ANYWHERE,
            P.ORGANISATION_ADMINISTER,
            P.ACCOUNT_ADMINISTER,
            P.HOLD_MANAGE,
        ),
        # Statisticians produce the official statistics; senior caseworkers follow them.
        *_grants(
            Role.STATISTICIAN,
            R.ANYWHERE,
            P.STATISTICS_VIEW,
            P.STATISTICS_EXPORT,
            P.STATISTICS_EDIT_LABELS,
            P.AREA_VIEW_STATISTICS,
            P.MEASURES_VIEW,
        ),
        *_grants(Role.SENIOR_CASEWORKER, R.ANYWHERE, P.STATISTICS_VIEW, P.AREA_VIEW_STATISTICS),
        # A panel sees the local picture of its own area, a local authority of its own.
        *_grants(Role.PANEL_MEMBER, R.OWN_ORGANISATION, P.AREA_VIEW_STATISTICS),
        *_grants(Role.PANEL_CHAIR, R.OWN_ORGANISATION, P.AREA_VIEW_STATISTICS),
        *_grants(Role.FIRST_RESPONDER, R.LOCAL_AUTHORITY_AREA, P.AREA_VIEW_STATISTICS),
        # Data migration loads historic records, and acts only on the records it loaded:
        # never on live cases.
        *_grants(Role.DATA_MIGRATION, R.ANYWHERE, P.REFERRAL_IMPORT, P.QUEUE_VIEW),
        *_grants(
            Role.DATA_MIGRATION,
            R.IMPORTED,
            P.REFERRAL_VIEW,
            P.CASE_VIEW,
            P.CASE_DECIDE,
            P.CASE_BACKDATE,
            P.CASE_MANAGE,
            P.CASE_WITHDRAW,
        ),
    ]
)

# Permissions that holding one of these roles anywhere rules out, whatever else is granted.
EXCLUSIONS: dict[Permission, frozenset[Role]] = {
    # Identification is not an immigration decision (NRM.md §4).
    P.CASE_VIEW_IMMIGRATION: frozenset(IMMIGRATION_BLIND),
    # Leave is considered by someone who may see immigration details, never by a decision
    # maker (NRM.md §4).
    P.CASE_CONSIDER_LEAVE: frozenset(IMMIGRATION_BLIND),
}

# The permission that lets a person know an object of each kind exists at all. Without it
# the object answers 404; with it, a refused action answers 403.
VIEW_PERMISSION: dict[str, Permission] = {
    "case": P.CASE_VIEW,
    "referral": P.REFERRAL_VIEW,
    "draft": P.DRAFT_EDIT,
    "evidence": P.EVIDENCE_DOWNLOAD,
    "notification": P.NOTIFICATION_VIEW,
    "person": P.PERSON_VIEW,
    "panel": P.PANEL_VIEW,
    "meeting": P.MEETING_VIEW,
    "account": P.ACCOUNT_ADMINISTER,
    "hold": P.HOLD_MANAGE,
    "area": P.AREA_VIEW_STATISTICS,
}


def object_kind(permission: Permission) -> str:
    """The kind of object a permission is about ("case" for ``case.decide``)."""
    return permission.value.split(".", 1)[0]


def grants_for(permission: Permission) -> list[Grant]:
    """The grants of one permission, in a stable order."""
    return sorted(
        (g for g in GRANTS if g.permission is permission),
        key=lambda g: (g.role.value, g.relation.value),
    )


# Routes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """What a page or API operation needs.

    ``obj`` names the kind of object its URL points at (``None``: no object). The route asks
    ``permission``, or, where a URL argument chooses what is done (``cases:action``),
    ``by_argument`` maps each value of that argument to its permission.
    """

    permission: Permission | None
    obj: str | None = None
    by_argument: tuple[str, dict[str, Permission]] | None = None
    # Another permission that also opens the route (data migration imports where a first
    # responder submits).
    alternative: Permission | None = None
    # Holding ``permission`` on the object is enough to know it exists, without its kind's
    # view permission (a first responder asks for their referral's case to be reconsidered
    # without seeing the decision maker's case page).
    acting_reveals: bool = False
    # Public pages need no sign-in at all.
    public: bool = False
    # Signed in, but open to every role (the home page, signing out).
    any_signed_in: bool = False
    # Open to someone who has given their password but not yet their second factor (the
    # pages that ask for it). Every other non-public route needs both.
    second_factor: bool = False
    methods: tuple[str, ...] = field(default=("GET",))

    def permission_for(self, argument: str | None) -> Permission | None:
        if self.by_argument is not None and argument is not None:
            return self.by_argument[1].get(argument)
        return self.permission


PUBLIC = Route(None, public=True)
SIGNED_IN = Route(None, any_signed_in=True)
SECOND_FACTOR = Route(None, any_signed_in=True, second_factor=True, methods=("GET", "POST"))

# Every page, by URL name, and every API operation, by "METHOD /path". A route missing here
# fails the access-matrix test.
ROUTES: dict[str, Route] = {
    "core:start": PUBLIC,
    "core:healthz": PUBLIC,
    "home:home": SIGNED_IN,
    "accounts:sign-in": PUBLIC,
    # Signing out needs nobody to be signed in: it is harmless either way.
    "accounts:sign-out": Route(None, public=True, methods=("POST",)),
    "accounts:password-reset": PUBLIC,
    "accounts:password-reset-sent": PUBLIC,
    "accounts:password-reset-confirm": PUBLIC,
    "accounts:password-reset-complete": PUBLIC,
    "accounts:two-factor": SECOND_FACTOR,
    "accounts:two-factor-backup": SECOND_FACTOR,
    "accounts:two-factor-set-up": SECOND_FACTOR,
    "accounts:backup-codes": Route(None, any_signed_in=True, methods=("GET", "POST")),
    "accounts:account": Route(None, any_signed_in=True, methods=("GET", "POST")),
    "accounts:session-timeout": Route(None, any_signed_in=True, methods=("GET", "POST")),
    "audit:events": Route(P.AUDIT_VIEW),
    "audit:viewers": Route(P.AUDIT_VIEW),
    "administration:home": Route(P.ACCOUNT_ADMINISTER),
    "administration:organisations": Route(P.ORGANISATION_ADMINISTER),
    "administration:organisation-new": Route(P.ORGANISATION_ADMINISTER, methods=("GET", "POST")),
    # Organisations are not secret (the designated first responders are a public list), so
    # the page of one needs the permission, not a relation to it.
    "administration:organisation": Route(P.ORGANISATION_ADMINISTER, methods=("GET", "POST")),
    "administration:people": Route(P.ACCOUNT_ADMINISTER),
    "administration:person-new": Route(P.ACCOUNT_ADMINISTER, methods=("GET", "POST")),
    "administration:person": Route(P.ACCOUNT_ADMINISTER, obj="account"),
    "administration:role-grant": Route(P.ACCOUNT_ADMINISTER, obj="account", methods=("POST",)),
    "administration:role-revoke": Route(P.ACCOUNT_ADMINISTER, obj="account", methods=("POST",)),
    "administration:person-deactivate": Route(
        P.ACCOUNT_ADMINISTER, obj="account", methods=("POST",)
    ),
    "administration:person-reactivate": Route(
        P.ACCOUNT_ADMINISTER, obj="account", methods=("POST",)
    ),
    "administration:person-reset-two-factor": Route(
        P.ACCOUNT_ADMINISTER, obj="account", methods=("POST",)
    ),
    "retention:holds": Route(P.HOLD_MANAGE),
    "retention:hold-new": Route(P.HOLD_MANAGE, methods=("GET", "POST")),
    "retention:hold-lift": Route(P.HOLD_MANAGE, obj="hold", methods=("GET", "POST")),
    "notifications:outbox": Route(P.NOTIFICATION_VIEW),
    "notifications:retry": Route(P.NOTIFICATION_RETRY, obj="notification", methods=("POST",)),
    "referrals:list": Route(P.REFERRAL_VIEW),
    "referrals:start": Route(P.ORGANISATION_REFER, methods=("GET", "POST")),
    "referrals:drafts": Route(P.DRAFT_EDIT),
    "referrals:task-list": Route(P.DRAFT_EDIT, obj="draft"),
    "referrals:evidence": Route(P.DRAFT_EDIT, obj="draft", methods=("GET", "POST")),
    "referrals:check": Route(P.DRAFT_EDIT, obj="draft", methods=("GET", "POST")),
    "referrals:delete-draft": Route(P.DRAFT_EDIT, obj="draft", methods=("GET", "POST")),
    "referrals:question": Route(P.DRAFT_EDIT, obj="draft", methods=("GET", "POST")),
    "referrals:situations": Route(P.DRAFT_EDIT, obj="draft", methods=("GET", "POST")),
    "referrals:situation-new": Route(P.DRAFT_EDIT, obj="draft", methods=("GET", "POST")),
    "referrals:situation": Route(P.DRAFT_EDIT, obj="draft", methods=("GET", "POST")),
    "referrals:situation-remove": Route(P.DRAFT_EDIT, obj="draft", methods=("GET", "POST")),
    "referrals:evidence-download": Route(P.EVIDENCE_DOWNLOAD, obj="evidence"),
    "referrals:detail": Route(P.REFERRAL_VIEW, obj="referral"),
    "referrals:confirmation": Route(P.REFERRAL_VIEW, obj="referral"),
    "referrals:answer-information": Route(
        P.REFERRAL_ANSWER_INFORMATION, obj="referral", methods=("POST",)
    ),
    "cases:queue": Route(P.QUEUE_VIEW),
    "cases:case": Route(P.CASE_VIEW, obj="case"),
    "cases:assign-to-me": Route(P.CASE_ASSIGN, obj="case", methods=("POST",)),
    # Each case ticked is checked on its own; the page itself needs the permission somewhere.
    "cases:assign-selected": Route(P.CASE_ASSIGN, methods=("POST",)),
    "cases:assign": Route(P.CASE_ASSIGN, obj="case", methods=("POST",)),
    "cases:decide": Route(P.CASE_DECIDE, obj="case", methods=("GET", "POST")),
    "cases:action": Route(
        None,
        obj="case",
        by_argument=(
            "action",
            {
                "suspend": P.CASE_MANAGE,
                "reinstate": P.CASE_MANAGE,
                "extend_recovery_period": P.CASE_MANAGE,
                "recovery_period_ended": P.CASE_MANAGE,
                "withdraw": P.CASE_WITHDRAW,
                "withdraw_in_error": P.CASE_WITHDRAW_IN_ERROR,
            },
        ),
        methods=("GET", "POST"),
    ),
    "cases:letter": Route(P.CASE_VIEW, obj="case"),
    "cases:letter-pdf": Route(P.CASE_VIEW, obj="case"),
    "cases:request-information": Route(
        P.CASE_REQUEST_INFORMATION, obj="case", methods=("GET", "POST")
    ),
    "statistics:index": Route(P.STATISTICS_VIEW),
    "statistics:table": Route(P.STATISTICS_VIEW),
    "statistics:table-download": Route(P.STATISTICS_EXPORT),
    "statistics:release-download": Route(P.STATISTICS_EXPORT),
    "statistics:dashboard": Route(P.STATISTICS_VIEW),
    "statistics:fairness": Route(P.STATISTICS_VIEW),
    "statistics:open-data": Route(P.STATISTICS_EXPORT),
    "statistics:open-data-download": Route(P.STATISTICS_EXPORT),
    # The list shows only the areas the person may see; each area is checked on its own.
    "statistics:areas": Route(P.AREA_VIEW_STATISTICS),
    "statistics:local-picture": Route(P.AREA_VIEW_STATISTICS, obj="area"),
    "statistics:first-responders": Route(P.STATISTICS_EDIT_LABELS),
    "statistics:first-responder": Route(P.STATISTICS_EDIT_LABELS, methods=("GET", "POST")),
    "GET /api/v1/statistics/tables": Route(P.STATISTICS_VIEW),
    "GET /api/v1/statistics/tables/{table}": Route(P.STATISTICS_VIEW),
    "GET /api/v1/statistics/fairness": Route(P.STATISTICS_VIEW),
    "GET /api/v1/statistics/areas": Route(P.AREA_VIEW_STATISTICS),
    "GET /api/v1/statistics/areas/{area_id}/local-picture": Route(
        P.AREA_VIEW_STATISTICS, obj="area"
    ),
    # Independent review, quality checks and their measures (the reviews app).
    "reviews:queue": Route(P.CASE_REVIEW),
    "reviews:review": Route(P.CASE_REVIEW, obj="case", methods=("GET", "POST")),
    "reviews:conclude": Route(P.CASE_REVIEW, obj="case", methods=("POST",)),
    "reviews:quality-checks": Route(P.CASE_QUALITY_CHECK),
    "reviews:quality-check": Route(P.CASE_QUALITY_CHECK, obj="case", methods=("GET", "POST")),
    "reviews:respond": Route(P.CASE_DECIDE, obj="case", methods=("GET", "POST")),
    "reviews:measures": Route(P.MEASURES_VIEW),
    "GET /api/v1/reviews": Route(P.CASE_REVIEW),
    "POST /api/v1/cases/{reference}/review": Route(P.CASE_REVIEW, obj="case", methods=("POST",)),
    "POST /api/v1/cases/{reference}/quality-check": Route(
        P.CASE_QUALITY_CHECK, obj="case", methods=("POST",)
    ),
    "GET /api/v1/statistics/reviews": Route(P.MEASURES_VIEW),
    "GET /api/v1/me": SIGNED_IN,
    "POST /api/v1/referrals": Route(
        P.ORGANISATION_REFER, alternative=P.REFERRAL_IMPORT, methods=("POST",)
    ),
    "GET /api/v1/referrals/{reference}": Route(P.REFERRAL_VIEW, obj="referral"),
    "GET /api/v1/cases": Route(P.QUEUE_VIEW),
    "GET /api/v1/cases/{reference}": Route(P.CASE_VIEW, obj="case"),
    "POST /api/v1/cases/{reference}/decisions": Route(P.CASE_DECIDE, obj="case", methods=("POST",)),
    # Child panels, meetings, guardians, and the safeguarding record of the person.
    "panels:list": Route(P.PANEL_VIEW),
    "panels:panel": Route(P.PANEL_VIEW, obj="panel"),
    "panels:members": Route(P.PANEL_MANAGE_MEMBERS, obj="panel", methods=("GET", "POST")),
    "panels:member-end": Route(P.PANEL_MANAGE_MEMBERS, obj="panel", methods=("GET", "POST")),
    "panels:meeting-new": Route(P.PANEL_SCHEDULE, obj="panel", methods=("GET", "POST")),
    "panels:meeting": Route(P.MEETING_VIEW, obj="meeting"),
    "panels:agenda-add": Route(P.MEETING_MANAGE, obj="meeting", methods=("POST",)),
    "panels:attendance": Route(P.MEETING_MANAGE, obj="meeting", methods=("GET", "POST")),
    "panels:minutes": Route(P.MEETING_VIEW, obj="meeting"),
    "panels:minutes-pdf": Route(P.MEETING_VIEW, obj="meeting"),
    "panels:decide": Route(P.CASE_DECIDE, obj="case", methods=("GET", "POST")),
    "panels:guardian": Route(P.CASE_GUARDIAN, obj="case", methods=("GET", "POST")),
    "panels:note": Route(P.CASE_ADD_NOTE, obj="case", methods=("GET", "POST")),
    "panels:retrafficking": Route(
        P.CASE_CONFIRM_RETRAFFICKING, obj="case", methods=("GET", "POST")
    ),
    "panels:consent": Route(P.CASE_MANAGE, obj="case", methods=("GET", "POST")),
    "panels:children": Route(P.CHILDREN_VIEW),
    "panels:age-assessment": Route(P.PERSON_ASSESS_AGE, obj="person", methods=("GET", "POST")),
    "panels:missing-new": Route(P.PERSON_RECORD_MISSING, obj="person", methods=("GET", "POST")),
    "panels:missing-end": Route(P.PERSON_RECORD_MISSING, obj="person", methods=("GET", "POST")),
    # After the decision: reconsideration, judicial review, support, leave, public order.
    "protection:reconsideration-new": Route(
        P.CASE_REQUEST_RECONSIDERATION, obj="case", acting_reveals=True, methods=("GET", "POST")
    ),
    "protection:reconsideration-answer": Route(
        P.CASE_ANSWER_RECONSIDERATION, obj="case", methods=("GET", "POST")
    ),
    "protection:support": Route(P.CASE_ALLOCATE_SUPPORT, obj="case", methods=("GET", "POST")),
    "protection:extension": Route(P.CASE_REQUEST_EXTENSION, obj="case", methods=("GET", "POST")),
    "protection:judicial-review": Route(
        P.CASE_RECORD_JUDICIAL_REVIEW, obj="case", methods=("GET", "POST")
    ),
    "protection:judicial-review-outcome": Route(
        P.CASE_RECORD_JUDICIAL_REVIEW, obj="case", methods=("GET", "POST")
    ),
    "protection:leave": Route(P.CASE_CONSIDER_LEAVE, obj="case", methods=("GET", "POST")),
    "protection:public-order": Route(P.CASE_PUBLIC_ORDER, obj="case", methods=("GET", "POST")),
    "POST /api/v1/cases/{reference}/reconsiderations": Route(
        P.CASE_REQUEST_RECONSIDERATION, obj="case", acting_reveals=True, methods=("POST",)
    ),
    "POST /api/v1/cases/{reference}/reconsiderations/answer": Route(
        P.CASE_ANSWER_RECONSIDERATION, obj="case", methods=("POST",)
    ),
    "POST /api/v1/cases/{reference}/leave-consideration": Route(
        P.CASE_CONSIDER_LEAVE, obj="case", methods=("POST",)
    ),
    "GET /api/v1/panels": Route(P.PANEL_VIEW),
    "POST /api/v1/panels/{id}/meetings": Route(P.PANEL_SCHEDULE, obj="panel", methods=("POST",)),
    "PUT /api/v1/cases/{reference}/guardian": Route(P.CASE_GUARDIAN, obj="case", methods=("PUT",)),
    "GET /api/v1/people/{id}": Route(P.PERSON_VIEW, obj="person"),
    "POST /api/v1/people/{id}/age-assessments": Route(
        P.PERSON_ASSESS_AGE, obj="person", methods=("POST",)
    ),
    "POST /api/v1/people/{id}/missing-episodes": Route(
        P.PERSON_RECORD_MISSING, obj="person", methods=("POST",)
    ),
    "PATCH /api/v1/people/{id}/missing-episodes/{episode_id}": Route(
        P.PERSON_RECORD_MISSING, obj="person", methods=("PATCH",)
    ),
}
