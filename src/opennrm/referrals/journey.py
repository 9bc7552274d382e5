"""The referral journey as data: its pages, when each applies, and how a draft's answers
become a ``ReferralSubmission``.

Answers are stored flat in ``ReferralDraft.answers`` under each form's field names; the
slugs of the pages saved so far are kept under ``_done``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opennrm.referrals import forms as f
from opennrm.referrals.domain import is_child

Answers = dict[str, Any]


def child(answers: Answers) -> bool:
    return answers.get("under_18") in ("yes", "not_sure")


def adult(answers: Answers) -> bool:
    return answers.get("under_18") == "no"


def duty_to_notify(answers: Answers) -> bool:
    return adult(answers) and answers.get("consent") == "no"


def keeps_identity(answers: Answers) -> bool:
    """# MSA 2015 s52(3): no identifying questions for a DtN unless they cooperate."""
    return not duty_to_notify(answers) or answers.get("cooperates") == "yes"


def always(answers: Answers) -> bool:
    return True


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
    Page("consent", "setup", f.ConsentForm, adult, owns=("person.consent",)),
    Page(
        "duty-to-notify",
        "setup",
        f.RefusalForm,
        duty_to_notify,
        owns=("person.dtn_refusal_reason", "person.cooperates_with_authorities"),
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
    Page(
        "language",
        "person",
        f.LanguageForm,
        owns=("person.languages", "person.interpreter_needed", "person.communication_needs"),
    ),
    Page("exploitation", "account", f.ExploitationForm, owns=("exploitation",)),
    Page("account", "account", f.AccountForm, owns=("account",)),
    Page("situation", "account", f.SituationForm, owns=("situations",)),
    Page("exploiters", "account", f.ExploitersForm, owns=("exploiters",)),
    Page("assessment", "assessment", f.AssessmentForm, owns=("assessment",)),
    Page("risk", "assessment", f.RiskForm, owns=("risk", "crime_reference")),
    Page("support", "support", f.SupportForm, owns=("support_wanted",)),
    Page(
        "contact",
        "support",
        f.ContactForm,
        keeps_identity,
        owns=("contact_route", "person.contact_email", "person.contact_phone"),
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


def _split(text: str | None, separator: str = ",") -> list[str]:
    return [part.strip() for part in (text or "").split(separator) if part.strip()]


def _yes(value: Any) -> bool | None:
    return None if value in (None, "") else value == "yes"


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
    }
    if not child_route:
        person["under_18_at_exploitation"] = a.get("under_18_at_exploitation") or None
        person["consent"] = _yes(a.get("consent"))
        person["consent_statement_shown"] = a.get("consent_statement_shown") or None
    if dtn:
        person["dtn_refusal_reason"] = a.get("dtn_refusal_reason") or None
        person["cooperates_with_authorities"] = _yes(a.get("cooperates"))
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
            }
        )
    body: dict[str, Any] = {
        "kind": "dtn" if dtn else "nrm",
        "nation": a.get("nation") or "england",
        "person": person,
        "exploitation": {
            "types": a.get("types") or [],
            "county_lines": bool(a.get("county_lines")),
            "other_details": a.get("other_details") or None,
            "location": a.get("location") or "unknown",
        },
        "account": a.get("account") or "",
        "situations": list(_situations(a)),
        "assessment": {
            "indicators": a.get("indicators") or [],
            "interview": a.get("interview") or "",
            "professional_insight": a.get("professional_insight") or "",
            "credibility_concerns": a.get("credibility_concerns") == "yes",
            "credibility_reasons": a.get("credibility_reasons") or None,
        },
        "exploiters": a.get("exploiters") or None,
        "risk": {
            "other_victims": a.get("other_victims") or "not_sure",
            "other_victims_details": a.get("other_victims_details") or None,
            "future_exploitation_concerns": a.get("future_exploitation_concerns") or None,
        },
        "crime_reference": a.get("crime_reference") or None,
        "support_wanted": a.get("support_wanted") or [],
        "contact_route": (a.get("contact_route") or None) if identity else None,
    }
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
        }
    return body


def _situations(a: Answers) -> list[dict[str, Any]]:
    keys = (
        "started_on",
        "ended_on",
        "uk_places",
        "overseas_countries",
        "how_it_started",
        "what_they_were_made_to_do",
        "how_they_were_treated",
        "last_contact_on",
    )
    if not any(a.get(key) for key in keys):
        return []
    return [
        {
            "started_on": a.get("started_on") or None,
            "ended_on": a.get("ended_on") or None,
            "uk_places": _split(a.get("uk_places"))[:20],
            "overseas_countries": _split(a.get("overseas_countries"))[:20],
            "how_it_started": a.get("how_it_started") or "",
            "what_they_were_made_to_do": a.get("what_they_were_made_to_do") or "",
            "how_they_were_treated": a.get("how_they_were_treated") or "",
            "still_in_situation": a.get("still_in_situation") or "not_sure",
            "last_contact_on": a.get("last_contact_on") or None,
        }
    ]
