"""The referral journey as data: its pages, when each applies, and how a draft's answers
become a ``ReferralSubmission``.

Answers are stored flat in ``ReferralDraft.answers`` under each form's field names; the
exploitation situations are a list under ``situations`` (one dict of ``SituationForm``
answers each); the slugs of the pages saved so far are kept under ``_done``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opennrm.referrals import forms as f
from opennrm.referrals.domain import is_child
from opennrm.referrals.draft_answers import (
    Answers,
    adult,
    adult_nrm_referral,
    always,
    child,
    duty_to_notify,
    keeps_identity,
    nrm_referral,
)
from opennrm.referrals.schema import ExploitationBehaviour, ExploitationType, published_types

# The add-another page for exploitation situations; its questions are SituationForm's.
SITUATIONS = "situations"
SITUATION_KEYS = (*f.SituationForm.base_fields, "overseas_countries")

# Answers that identify the person, removed from a draft as soon as it becomes a Duty to
# Notify report without cooperation (MSA 2015 s52(3)).
IDENTITY_KEYS = (
    "given_name",
    "family_name",
    "aliases",
    "date_of_birth",
    "estimated_age",
    "person_email",
    "person_phone",
    "alternative_phone",
    "alternative_phone_holder",
    "contact_address",
    "safe_to_contact",
    "contact_route",
    "place_of_birth",
    "family",
    "home_office_references",
    "decision_recipient",
    "recipient_name",
    "recipient_relationship",
    "recipient_email",
    "recipient_address",
    "recipient_permission",
)


@dataclass(frozen=True)
class Page:
    slug: str
    section: str
    form_class: type[f.JourneyForm]
    applies: Callable[[Answers], bool] = always
    # Where its questions live in the submission, to send a problem back to this page.
    owns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    slug: str
    title: str | Promise
    pages: list[Page] = field(default_factory=list)


PAGES: list[Page] = [
    Page("organisation", "setup", f.OrganisationForm, owns=("organisation", "nation")),
    Page("age", "setup", f.AgeForm, owns=("person.under_18", "kind")),
    Page(
        "age-at-exploitation",
        "setup",
        f.AgeAtExploitationForm,
        adult,
        owns=("person.under_18_at_exploitation",),
    ),
    Page(
        "consent",
        "setup",
        f.ConsentForm,
        adult,
        owns=("person.consent", "person.consent_statement_shown"),
    ),
    Page(
        "duty-to-notify",
        "setup",
        f.RefusalForm,
        duty_to_notify,
        owns=("person.dtn_refusal_reason",),
    ),
    Page(
        "childrens-services",
        "setup",
        f.ChildContactForm,
        child,
        owns=("local_authority", "child_contact"),
    ),
    Page(
        "name",
        "person",
        f.NameForm,
        keeps_identity,
        owns=("person.given_name", "person.family_name", "person.aliases"),
    ),
    Page(
        "date-of-birth",
        "person",
        f.DateOfBirthForm,
        keeps_identity,
        owns=("person.date_of_birth", "person.estimated_age", "person.age_disputed"),
    ),
    Page("gender", "person", f.GenderForm, owns=("person.gender",)),
    Page("nationality", "person", f.NationalityForm, owns=("person.nationalities",)),
    Page("background", "person", f.BackgroundForm, owns=("background",)),
    Page(
        "children",
        "person",
        f.ChildrenForm,
        owns=("person.has_children", "person.number_of_children"),
    ),
    Page(
        "language",
        "person",
        f.LanguageForm,
        owns=("person.languages", "person.interpreter_needed", "person.communication_needs"),
    ),
    Page(
        "home-office-references",
        "person",
        f.HomeOfficeReferenceForm,
        keeps_identity,
        owns=("immigration",),
    ),
    Page("exploitation", "account", f.ExploitationForm, owns=("exploitation",)),
    Page("account", "account", f.AccountForm, owns=("account",)),
    # Answered through the add-another pages (views.situations), not a single form.
    Page(SITUATIONS, "account", f.SituationForm, owns=("situations",)),
    Page("last-contact", "account", f.LastContactForm, owns=("last_contact",)),
    Page("exploiters", "account", f.ExploitersForm, owns=("exploiters", "exploiters_whereabouts")),
    Page("reporting", "account", f.ReportingForm, owns=("reporting",)),
    Page("current-location", "account", f.CurrentLocationForm, owns=("current_location",)),
    Page("assessment", "assessment", f.AssessmentForm, owns=("assessment",)),
    Page("professionals", "assessment", f.ProfessionalsForm, owns=("professionals",)),
    Page("risk", "assessment", f.RiskForm, owns=("risk",)),
    Page(
        "police",
        "assessment",
        f.PoliceForm,
        owns=(
            "crime_reference",
            "police_force",
            "person.cooperates_with_authorities",
            "person.cooperation_details",
        ),
    ),
    Page("support", "support", f.SupportForm, nrm_referral, owns=("support_wanted",)),
    Page(
        "contact",
        "support",
        f.ContactForm,
        keeps_identity,
        owns=(
            "contact_route",
            "person.contact_email",
            "person.contact_phone",
            "person.contact_address",
            "person.safe_to_contact",
            "person.alternative_phone",
        ),
    ),
    Page(
        "decision-recipient",
        "support",
        f.DecisionRecipientForm,
        adult_nrm_referral,
        owns=("decision_recipient",),
    ),
    Page("your-details", "you", f.FirstResponderForm, owns=("first_responder",)),
]
PAGES_BY_SLUG = {page.slug: page for page in PAGES}

SECTIONS: list[Section] = [
    Section("setup", _("Before you start")),
    Section("person", _("About the person")),
    Section("account", _("What happened")),
    Section("assessment", _("Your assessment and risk")),
    Section("support", _("Support and contact")),
    Section("evidence", _("Evidence")),
    Section("you", _("Your details")),
]
for _section in SECTIONS:
    _section.pages.extend(p for p in PAGES if p.section == _section.slug)


def applicable_pages(answers: Answers) -> list[Page]:
    return [page for page in PAGES if page.applies(answers)]


def next_page(answers: Answers, after: str) -> Page | None:
    """The first applicable page after ``after`` that has not been answered yet; else the
    next applicable page in order."""
    pages = applicable_pages(answers)
    slugs = [page.slug for page in pages]
    start = slugs.index(after) + 1 if after in slugs else 0
    done = set(answers.get("_done", []))
    for page in pages[start:]:
        if page.slug not in done:
            return page
    return None


def section_status(section: Section, answers: Answers) -> str:
    """ "completed", "in_progress" or "not_started" for the task list."""
    if section.slug == "evidence":
        return "completed" if "evidence" in answers.get("_done", []) else "not_started"
    pages = [page for page in section.pages if page.applies(answers)]
    done = set(answers.get("_done", []))
    finished = [page for page in pages if page.slug in done]
    if pages and len(finished) == len(pages):
        return "completed"
    return "in_progress" if finished else "not_started"


def is_complete(answers: Answers) -> bool:
    done = set(answers.get("_done", []))
    return all(page.slug in done for page in applicable_pages(answers))


def page_for_problem(loc: tuple[str | int, ...]) -> Page | None:
    """The page that asks the question a submission problem is about."""
    path = ".".join(str(part) for part in loc if not isinstance(part, int))
    best: Page | None = None
    best_length = -1
    for page in PAGES:
        for owned in page.owns:
            if (path == owned or path.startswith(owned + ".")) and len(owned) > best_length:
                best, best_length = page, len(owned)
    return best


def situations(answers: Answers) -> list[dict[str, Any]]:
    """The draft's situations. A draft saved before several were possible kept the one
    situation's answers at the top level: it is read as the first."""
    stored = answers.get(SITUATIONS)
    if isinstance(stored, list):
        return [item for item in stored if isinstance(item, dict)]
    legacy = {key: answers.get(key) for key in SITUATION_KEYS if answers.get(key)}
    return [legacy] if legacy else []


def _split(text: str | list[str] | None, separator: str = ",") -> list[str]:
    if isinstance(text, list):
        return [str(part).strip() for part in text if str(part).strip()]
    return [part.strip() for part in (text or "").split(separator) if part.strip()]


def _yes(value: Any) -> bool | None:
    return None if value in (None, "") else value == "yes"


def _behaviours(a: Answers) -> list[str]:
    known = {b.value for b in ExploitationBehaviour}
    return [b for b in a.get("behaviours") or [] if b in known]


def _types(a: Answers) -> list[str]:
    """The published types: any chosen directly (drafts from before the behaviours were
    asked) plus those the behaviours map to."""
    known = {t.value for t in ExploitationType}
    chosen = [ExploitationType(t) for t in a.get("types") or [] if t in known]
    behaviours = [ExploitationBehaviour(b) for b in _behaviours(a)]
    return [t.value for t in published_types(chosen, behaviours)]


def to_submission(answers: Answers) -> dict[str, Any]:
    """The draft's answers in the shape of the API's ``ReferralSubmission``."""
    a = answers
    under_18 = a.get("under_18") or "not_sure"
    child_route = is_child(under_18)
    dtn = not child_route and a.get("consent") == "no"
    identity = keeps_identity(a)
    person: dict[str, Any] = {
        "under_18": under_18,
        "gender": a.get("gender") or "other",
        "nationalities": [n for n in (a.get("nationality_1"), a.get("nationality_2")) if n],
        "languages": _split(a.get("languages"))[:5],
        "interpreter_needed": _yes(a.get("interpreter_needed")),
        "communication_needs": a.get("communication_needs") or None,
        "has_children": _yes(a.get("has_children")),
        "number_of_children": a.get("number_of_children")
        if a.get("has_children") == "yes"
        else None,
        "cooperates_with_authorities": _yes(a.get("cooperates")),
        "cooperation_details": a.get("cooperation_details") or None,
    }
    if not child_route:
        person["under_18_at_exploitation"] = a.get("under_18_at_exploitation") or None
        person["consent"] = _yes(a.get("consent"))
        person["consent_statement_shown"] = a.get("consent_statement_shown") or None
    if dtn:
        person["dtn_refusal_reason"] = a.get("dtn_refusal_reason") or None
    background: dict[str, Any] = {
        "education": a.get("education") or None,
        "employment_history": a.get("employment_history") or None,
    }
    if identity:
        person.update(
            {
                "given_name": a.get("given_name") or None,
                "family_name": a.get("family_name") or None,
                "aliases": _split(a.get("aliases"), "\n")[:10],
                "date_of_birth": a.get("date_of_birth") or None,
                "estimated_age": a.get("estimated_age"),
                "age_disputed": a.get("age_disputed") == "yes",
                "contact_email": a.get("person_email") or None,
                "contact_phone": a.get("person_phone") or None,
                "contact_address": a.get("contact_address") or None,
                "safe_to_contact": _yes(a.get("safe_to_contact")),
            }
        )
        if a.get("alternative_phone"):
            person["alternative_phone"] = {
                "number": a["alternative_phone"],
                "holder": a.get("alternative_phone_holder") or "",
            }
        background["place_of_birth"] = a.get("place_of_birth") or None
        background["family"] = a.get("family") or None
    body: dict[str, Any] = {
        "kind": "dtn" if dtn else "nrm",
        "nation": a.get("nation") or "england",
        "person": person,
        "background": background,
        "exploitation": {
            "types": _types(a),
            "behaviours": _behaviours(a),
            "county_lines": bool(a.get("county_lines")),
            "other_details": a.get("other_details") or None,
            "location": a.get("location") or "unknown",
        },
        "account": a.get("account") or "",
        "situations": [_situation(s) for s in situations(a)][: f.MAX_SITUATIONS],
        "assessment": {
            "indicators": a.get("indicators") or [],
            "indicators_details": a.get("indicators_details") or None,
            "reason_for_referral": a.get("reason_for_referral") or None,
            "interview": a.get("interview") or "",
            "professional_insight": a.get("professional_insight") or "",
            "credibility_concerns": a.get("credibility_concerns") == "yes",
            "credibility_reasons": a.get("credibility_reasons") or None,
        },
        "exploiters": a.get("exploiters") or None,
        "reporting": {
            "first_chance": a.get("first_chance") or None,
            "why_now": a.get("why_now") or None,
        },
        "professionals": {
            "involved": a.get("professionals") or [],
            "details": a.get("professionals_details") or None,
        },
        "risk": {
            "other_victims": a.get("other_victims") or "not_sure",
            "other_victims_details": a.get("other_victims_details") or None,
            "future_exploitation_concerns": a.get("future_exploitation_concerns") or None,
        },
        "crime_reference": a.get("crime_reference") or None,
        "police_force": a.get("police_force") or None,
        "support_wanted": [] if dtn else a.get("support_wanted") or [],
        "contact_route": (a.get("contact_route") or None) if identity else None,
        "evidence_to_follow": a.get("evidence_to_follow") or None,
    }
    if a.get("whereabouts_known"):
        body["exploiters_whereabouts"] = {
            "known": a["whereabouts_known"] == "yes",
            "in_uk": (a.get("exploiters_in_uk") or None)
            if a["whereabouts_known"] == "yes"
            else None,
            "details": a.get("whereabouts_details") or None,
        }
    if a.get("last_contact_band"):
        body["last_contact"] = {
            "band": a["last_contact_band"],
            "details": a.get("last_contact_details") or None,
        }
    if a.get("current_town") or a.get("current_region"):
        body["current_location"] = {
            "town": a.get("current_town") or None,
            "region": a.get("current_region") or None,
        }
    if adult_nrm_referral(a) and a.get("decision_recipient"):
        someone_else = a["decision_recipient"] == "someone_else"
        body["decision_recipient"] = {
            "who": a["decision_recipient"],
            "name": (a.get("recipient_name") or None) if someone_else else None,
            "relationship": (a.get("recipient_relationship") or None) if someone_else else None,
            "email": (a.get("recipient_email") or None) if someone_else else None,
            "address": (a.get("recipient_address") or None) if someone_else else None,
            "permission": bool(a.get("recipient_permission")) if someone_else else False,
        }
    references = _split(a.get("home_office_references"), "\n")
    if identity and references:
        body["immigration"] = {"home_office_references": references}
    if child_route:
        body["local_authority"] = a.get("local_authority") or None
        if a.get("contact_name"):
            body["child_contact"] = {
                "name": a["contact_name"],
                "email": a.get("contact_email") or None,
                "phone": a.get("contact_phone") or None,
                "childrens_services_informed": a.get("childrens_services_informed") == "yes",
                "police_informed": a.get("police_informed") == "yes",
            }
    if a.get("responder_name") and a.get("responder_email"):
        body["first_responder"] = {
            "name": a["responder_name"],
            "job_title": a.get("responder_job_title") or "",
            "email": a["responder_email"],
            "phone": a.get("responder_phone") or None,
            "reference": a.get("responder_reference") or None,
            "alternative_contact": a.get("responder_alternative_contact") or None,
        }
    return body


def _situation(s: dict[str, Any]) -> dict[str, Any]:
    return {
        "started_on": s.get("started_on") or None,
        "ended_on": s.get("ended_on") or None,
        "uk_places": _split(s.get("uk_places"))[:20],
        "overseas_countries": _split(s.get("overseas_countries"))[:20],
        "places_details": s.get("places_details") or None,
        "how_it_started": s.get("how_it_started") or "",
        "moved": _yes(s.get("moved")),
        "journey": s.get("journey") or None,
        "what_they_were_made_to_do": s.get("what_they_were_made_to_do") or "",
        "how_they_were_treated": s.get("how_they_were_treated") or "",
        "living_conditions": s.get("living_conditions") or "",
        "why_they_stayed": s.get("why_they_stayed") or "",
        "how_they_left": s.get("how_they_left") or "",
        "still_in_situation": s.get("still_in_situation") or "not_sure",
        "last_contact_on": s.get("last_contact_on") or None,
    }
