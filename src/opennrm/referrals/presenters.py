"""How a referral is described: to the API and importer (``referral_summary``) and, in full,
to people (``referral_sections``: check your answers, the referral page, the case page)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from opennrm.cases.presenters import case_brief
from opennrm.core import approximate_dates as dates
from opennrm.referrals import choices

if TYPE_CHECKING:
    from opennrm.referrals.models import Referral

Path = tuple[str | int, ...]


def referral_summary(referral: "Referral") -> dict[str, Any]:
    """The referral's reference, kind and — for NRM referrals — its case and deadlines."""
    case = getattr(referral, "case", None)
    return {
        "reference": referral.reference,
        "kind": referral.kind,
        "received_at": referral.received_at.isoformat(),
        "organisation": referral.organisation.name,
        "case": case_brief(case) if case is not None else None,
    }


class EvidenceItem(Protocol):
    """What ``referral_sections`` needs of an evidence file (an ``EvidenceFile`` will do)."""

    @property
    def pk(self) -> Any: ...

    @property
    def original_name(self) -> str: ...

    @property
    def description(self) -> str: ...


@dataclass(frozen=True)
class Row:
    """One answer: the question as words, the answer as words, and where it lives in the
    submission (``path``), so a page can link to where it is changed."""

    label: str
    value: str
    path: Path = ()
    evidence_id: str | None = None

    @property
    def answered(self) -> bool:
        return bool(self.value)


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    rows: list[Row] = field(default_factory=list)

    @property
    def answered_rows(self) -> list[Row]:
        return [row for row in self.rows if row.answered]


def format_date(value: object) -> str:
    """A date as people write it: "14 June 2011", "March 2025" or "2025"."""
    if value in (None, ""):
        return ""
    try:
        parsed = dates.parse(value if isinstance(value, date) else str(value))
    except ValueError:
        return str(value)
    if parsed.precision is dates.Precision.DAY:
        return date_format(parsed.earliest, "j F Y")
    if parsed.precision is dates.Precision.MONTH:
        return date_format(parsed.earliest, "F Y")
    return str(parsed.year)


def yes_no(value: object) -> str:
    if value is True or value == "yes":
        return _("Yes")
    if value is False or value == "no":
        return _("No")
    if value == "not_sure":
        return _("Not sure")
    return ""


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(str(item) for item in value if item not in (None, ""))
    return str(value).strip()


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def referral_sections(
    answers: dict[str, Any], evidence: Iterable[EvidenceItem] = ()
) -> list[Section]:
    """The whole referral as ordered sections of (question, answer) rows, in words.

    Pure: reads only ``answers`` (a ``ReferralSubmission`` as JSON, as stored on a referral
    or built from a draft) and the ``evidence`` files given, so showing it makes no query.
    Immigration details are never shown: they are not part of a referral's content.
    """
    a = answers
    person = _dict(a.get("person"))
    dtn = a.get("kind") == "dtn"
    child = person.get("under_18") in ("yes", "not_sure")
    identity = not dtn or person.get("cooperates_with_authorities") is True
    sections = [
        _referral(a),
        _age_and_consent(person, child=child, dtn=dtn),
    ]
    if child:
        sections.append(_childrens_services(a))
    sections += [
        _person(person, _dict(a.get("background")), identity=identity),
        _background(_dict(a.get("background"))),
        _exploitation(_dict(a.get("exploitation"))),
        Section(
            "account",
            _("The person's account"),
            [Row(_("What happened"), text(a.get("account")), ("account",))],
        ),
    ]
    situations = a.get("situations") or []
    for index, situation in enumerate(situations):
        sections.append(_situation(index, _dict(situation), several=len(situations) > 1))
    sections += [
        _exploiters(a),
        _reporting(_dict(a.get("reporting")), _dict(a.get("current_location"))),
        _assessment(_dict(a.get("assessment"))),
        _professionals(_dict(a.get("professionals"))),
        _risk(a),
    ]
    if not dtn:
        sections.append(
            Section(
                "support",
                _("Support"),
                [
                    Row(
                        _("Support they want"),
                        text(choices.labels(choices.SUPPORT, a.get("support_wanted"))),
                        ("support_wanted",),
                    )
                ],
            )
        )
    if identity:
        sections.append(_contact(a, person))
    if not dtn and not child:
        sections.append(_decision_recipient(_dict(a.get("decision_recipient"))))
    sections += [
        _evidence(a, list(evidence)),
        _first_responder(_dict(a.get("first_responder"))),
    ]
    return sections


def _referral(a: dict[str, Any]) -> Section:
    rows = [Row(_("Type"), choices.label(choices.KINDS, a.get("kind")), ("kind",))]
    if a.get("organisation"):
        rows.append(Row(_("Organisation"), text(a.get("organisation")), ("organisation",)))
    rows.append(
        Row(_("UK nation you are in"), choices.label(choices.NATIONS, a.get("nation")), ("nation",))
    )
    return Section("referral", _("The referral"), rows)


def _age_and_consent(person: dict[str, Any], *, child: bool, dtn: bool) -> Section:
    rows = [Row(_("Under 18"), yes_no(person.get("under_18")), ("person", "under_18"))]
    if not child:
        rows += [
            Row(
                _("Under 18 at the time of the exploitation"),
                yes_no(person.get("under_18_at_exploitation")),
                ("person", "under_18_at_exploitation"),
            ),
            Row(
                _("Consents to be referred"),
                yes_no(person.get("consent")),
                ("person", "consent"),
            ),
        ]
        if person.get("consent_statement_shown"):
            rows.append(
                Row(
                    _("Consent statement shown"),
                    text(person.get("consent_statement_shown")),
                    ("person", "consent_statement_shown"),
                )
            )
    if dtn:
        rows.append(
            Row(
                _("Why they did not consent"),
                text(person.get("dtn_refusal_reason")),
                ("person", "dtn_refusal_reason"),
            )
        )
    rows += [
        Row(
            _("Willing to help investigations"),
            yes_no(person.get("cooperates_with_authorities")),
            ("person", "cooperates_with_authorities"),
        ),
        Row(
            _("How they are helping"),
            text(person.get("cooperation_details")),
            ("person", "cooperation_details"),
        ),
    ]
    return Section("age-and-consent", _("Age and consent"), rows)


def _childrens_services(a: dict[str, Any]) -> Section:
    contact = _dict(a.get("child_contact"))
    path: Path = ("child_contact",)
    return Section(
        "childrens-services",
        _("Local authority children's services"),
        [
            Row(_("Local authority"), text(a.get("local_authority")), ("local_authority",)),
            Row(_("Contact name"), text(contact.get("name")), (*path, "name")),
            Row(_("Email address"), text(contact.get("email")), (*path, "email")),
            Row(_("Phone number"), text(contact.get("phone")), (*path, "phone")),
            Row(
                _("Children's services told about this child"),
                yes_no(contact.get("childrens_services_informed")),
                (*path, "childrens_services_informed"),
            ),
            Row(
                _("Police told about this child"),
                yes_no(contact.get("police_informed")),
                (*path, "police_informed"),
            ),
        ],
    )


def _person(person: dict[str, Any], background: dict[str, Any], *, identity: bool) -> Section:
    p: Path = ("person",)
    rows: list[Row] = []
    if identity:
        name = " ".join(text(person.get(key)) for key in ("given_name", "family_name")).strip()
        age = person.get("estimated_age")
        rows += [
            Row(_("Name"), name, (*p, "given_name")),
            Row(_("Other names"), text(person.get("aliases")), (*p, "aliases")),
            Row(
                _("Date of birth"), format_date(person.get("date_of_birth")), (*p, "date_of_birth")
            ),
            Row(_("Estimated age"), "" if age is None else str(age), (*p, "estimated_age")),
            Row(_("Age disputed"), yes_no(person.get("age_disputed")), (*p, "age_disputed")),
            Row(
                _("Place of birth"),
                text(background.get("place_of_birth")),
                ("background", "place_of_birth"),
            ),
        ]
    children = yes_no(person.get("has_children"))
    if person.get("has_children") and person.get("number_of_children") is not None:
        children = _("Yes, %(number)s") % {"number": person["number_of_children"]}
    rows += [
        Row(
            _("Gender"),
            choices.label(choices.GENDERS, person.get("gender")),
            (*p, "gender"),
        ),
        Row(_("Nationality"), text(person.get("nationalities")), (*p, "nationalities")),
        Row(_("Children"), children, (*p, "has_children")),
        Row(_("Languages"), ", ".join(person.get("languages") or []), (*p, "languages")),
        Row(
            _("Needs an interpreter"),
            yes_no(person.get("interpreter_needed")),
            (*p, "interpreter_needed"),
        ),
        Row(
            _("Other communication needs"),
            text(person.get("communication_needs")),
            (*p, "communication_needs"),
        ),
    ]
    return Section("person", _("About the person"), rows)


def _background(background: dict[str, Any]) -> Section:
    b: Path = ("background",)
    return Section(
        "background",
        _("Their background"),
        [
            Row(_("Family"), text(background.get("family")), (*b, "family")),
            Row(_("Education"), text(background.get("education")), (*b, "education")),
            Row(
                _("Employment history"),
                text(background.get("employment_history")),
                (*b, "employment_history"),
            ),
        ],
    )


def _exploitation(exploitation: dict[str, Any]) -> Section:
    e: Path = ("exploitation",)
    types = choices.labels(choices.EXPLOITATION_TYPES, exploitation.get("types"))
    return Section(
        "exploitation",
        _("Exploitation"),
        [
            Row(_("Types of exploitation"), ", ".join(types), (*e, "types")),
            Row(
                _("County lines"),
                _("Yes") if exploitation.get("county_lines") else "",
                (*e, "county_lines"),
            ),
            Row(
                _("What they were made to do or suffered"),
                text(choices.labels(choices.BEHAVIOURS, exploitation.get("behaviours"))),
                (*e, "behaviours"),
            ),
            Row(
                _("Other exploitation"),
                text(exploitation.get("other_details")),
                (*e, "other_details"),
            ),
            Row(
                _("Where it happened"),
                choices.label(choices.LOCATIONS, exploitation.get("location")),
                (*e, "location"),
            ),
        ],
    )


def _situation(index: int, s: dict[str, Any], *, several: bool) -> Section:
    w: Path = ("situations", index)
    moved = yes_no(s.get("moved"))
    title = _("Situation %(number)s") % {"number": index + 1} if several else _("The situation")
    return Section(
        f"situation-{index + 1}",
        title,
        [
            Row(_("When it started"), format_date(s.get("started_on")), (*w, "started_on")),
            Row(_("When it ended"), format_date(s.get("ended_on")), (*w, "ended_on")),
            Row(
                _("Still in this situation"),
                yes_no(s.get("still_in_situation")),
                (*w, "still_in_situation"),
            ),
            Row(_("Places in the UK"), ", ".join(s.get("uk_places") or []), (*w, "uk_places")),
            Row(
                _("Countries overseas"),
                ", ".join(s.get("overseas_countries") or []),
                (*w, "overseas_countries"),
            ),
            Row(
                _("Addresses or other details of where"),
                text(s.get("places_details")),
                (*w, "places_details"),
            ),
            Row(_("How it started"), text(s.get("how_it_started")), (*w, "how_it_started")),
            Row(_("Taken somewhere by the exploiters"), moved, (*w, "moved")),
            Row(_("How they were moved"), text(s.get("journey")), (*w, "journey")),
            Row(
                _("What they were made to do"),
                text(s.get("what_they_were_made_to_do")),
                (*w, "what_they_were_made_to_do"),
            ),
            Row(
                _("How they were treated"),
                text(s.get("how_they_were_treated")),
                (*w, "how_they_were_treated"),
            ),
            Row(
                _("Living conditions"),
                text(s.get("living_conditions")),
                (*w, "living_conditions"),
            ),
            Row(
                _("What kept them there"),
                text(s.get("why_they_stayed")),
                (*w, "why_they_stayed"),
            ),
            Row(_("How they left"), text(s.get("how_they_left")), (*w, "how_they_left")),
            Row(
                _("Last in contact with the exploiters"),
                format_date(s.get("last_contact_on")),
                (*w, "last_contact_on"),
            ),
        ],
    )


def _exploiters(a: dict[str, Any]) -> Section:
    whereabouts = _dict(a.get("exploiters_whereabouts"))
    last = _dict(a.get("last_contact"))
    where = ""
    if whereabouts:
        where = yes_no(whereabouts.get("known"))
        if whereabouts.get("known") and whereabouts.get("in_uk"):
            where = _("Known; in the UK: %(answer)s") % {"answer": yes_no(whereabouts["in_uk"])}
    return Section(
        "exploiters",
        _("The exploiters"),
        [
            Row(_("What is known about them"), text(a.get("exploiters")), ("exploiters",)),
            Row(
                _("Where they are is known"),
                where,
                ("exploiters_whereabouts", "known"),
            ),
            Row(
                _("Where they are"),
                text(whereabouts.get("details")),
                ("exploiters_whereabouts", "details"),
            ),
            Row(
                _("Last in contact with the person"),
                choices.label(choices.LAST_CONTACT_BANDS, last.get("band")),
                ("last_contact", "band"),
            ),
            Row(
                _("Details of the last contact"),
                text(last.get("details")),
                ("last_contact", "details"),
            ),
        ],
    )


def _reporting(reporting: dict[str, Any], location: dict[str, Any]) -> Section:
    return Section(
        "reporting",
        _("Reporting and where they are now"),
        [
            Row(
                _("First chance to report it"),
                yes_no(reporting.get("first_chance")),
                ("reporting", "first_chance"),
            ),
            Row(_("Why report now"), text(reporting.get("why_now")), ("reporting", "why_now")),
            Row(
                _("Town where they are staying"),
                text(location.get("town")),
                ("current_location", "town"),
            ),
            Row(
                _("County or region where they are staying"),
                text(location.get("region")),
                ("current_location", "region"),
            ),
        ],
    )


def _assessment(assessment: dict[str, Any]) -> Section:
    s: Path = ("assessment",)
    concerns = yes_no(assessment.get("credibility_concerns"))
    return Section(
        "assessment",
        _("Your assessment"),
        [
            Row(
                _("Indicators of modern slavery"),
                text(choices.labels(choices.INDICATORS, assessment.get("indicators"))),
                (*s, "indicators"),
            ),
            Row(
                _("About the indicators"),
                text(assessment.get("indicators_details")),
                (*s, "indicators_details"),
            ),
            Row(
                _("Why you are making the referral"),
                text(assessment.get("reason_for_referral")),
                (*s, "reason_for_referral"),
            ),
            Row(
                _("Where and how they were interviewed"),
                text(assessment.get("interview")),
                (*s, "interview"),
            ),
            Row(
                _("Your professional insight"),
                text(assessment.get("professional_insight")),
                (*s, "professional_insight"),
            ),
            Row(_("Concerns about credibility"), concerns, (*s, "credibility_concerns")),
            Row(
                _("Why you have concerns"),
                text(assessment.get("credibility_reasons")),
                (*s, "credibility_reasons"),
            ),
        ],
    )


def _professionals(professionals: dict[str, Any]) -> Section:
    return Section(
        "professionals",
        _("Other professionals involved"),
        [
            Row(
                _("Professionals involved"),
                text(choices.labels(choices.PROFESSIONALS, professionals.get("involved"))),
                ("professionals", "involved"),
            ),
            Row(
                _("Who they are and what they have done"),
                text(professionals.get("details")),
                ("professionals", "details"),
            ),
        ],
    )


def _risk(a: dict[str, Any]) -> Section:
    risk = _dict(a.get("risk"))
    return Section(
        "risk",
        _("Risk and the police"),
        [
            Row(
                _("Other potential victims"),
                yes_no(risk.get("other_victims")),
                ("risk", "other_victims"),
            ),
            Row(
                _("About the other potential victims"),
                text(risk.get("other_victims_details")),
                ("risk", "other_victims_details"),
            ),
            Row(
                _("Concerns they may be exploited again"),
                text(risk.get("future_exploitation_concerns")),
                ("risk", "future_exploitation_concerns"),
            ),
            Row(_("Crime reference number"), text(a.get("crime_reference")), ("crime_reference",)),
            Row(_("Police force"), text(a.get("police_force")), ("police_force",)),
        ],
    )


def _contact(a: dict[str, Any], person: dict[str, Any]) -> Section:
    p: Path = ("person",)
    alternative = _dict(person.get("alternative_phone"))
    other_phone = ""
    if alternative.get("number"):
        other_phone = _("%(number)s (%(holder)s)") % {
            "number": alternative["number"],
            "holder": alternative.get("holder", ""),
        }
    return Section(
        "contact",
        _("Contacting the person"),
        [
            Row(_("How to contact them safely"), text(a.get("contact_route")), ("contact_route",)),
            Row(_("Phone number"), text(person.get("contact_phone")), (*p, "contact_phone")),
            Row(
                _("Another number that reaches them"),
                other_phone,
                (*p, "alternative_phone"),
            ),
            Row(_("Email address"), text(person.get("contact_email")), (*p, "contact_email")),
            Row(
                _("Postal address"),
                text(person.get("contact_address")),
                (*p, "contact_address"),
            ),
            Row(
                _("Safe to write to them"),
                yes_no(person.get("safe_to_contact")),
                (*p, "safe_to_contact"),
            ),
        ],
    )


def _decision_recipient(recipient: dict[str, Any]) -> Section:
    d: Path = ("decision_recipient",)
    rows = [
        Row(
            _("Who receives the decision"),
            choices.label(choices.DECISION_RECIPIENTS, recipient.get("who")),
            (*d, "who"),
        )
    ]
    if recipient.get("who") == "someone_else":
        rows += [
            Row(_("Their name"), text(recipient.get("name")), (*d, "name")),
            Row(
                _("How they know the person"),
                text(recipient.get("relationship")),
                (*d, "relationship"),
            ),
            Row(_("Their email address"), text(recipient.get("email")), (*d, "email")),
            Row(_("Their postal address"), text(recipient.get("address")), (*d, "address")),
            Row(
                _("The person agreed"),
                yes_no(recipient.get("permission")),
                (*d, "permission"),
            ),
        ]
    return Section("decision-recipient", _("Who receives the decision"), rows)


def _evidence(a: dict[str, Any], files: Sequence[EvidenceItem]) -> Section:
    rows = [
        Row(
            str(item.original_name),
            str(getattr(item, "description", "") or "") or _("No description"),
            ("evidence",),
            evidence_id=str(item.pk),
        )
        for item in files
    ]
    if not files:
        rows.append(Row(_("Files"), "", ("evidence",)))
    rows.append(
        Row(
            _("Evidence to follow"),
            text(a.get("evidence_to_follow")),
            ("evidence_to_follow",),
        )
    )
    return Section("evidence", _("Evidence"), rows)


def _first_responder(responder: dict[str, Any]) -> Section:
    f: Path = ("first_responder",)
    return Section(
        "first-responder",
        _("First responder"),
        [
            Row(_("Name"), text(responder.get("name")), (*f, "name")),
            Row(_("Job title"), text(responder.get("job_title")), (*f, "job_title")),
            Row(_("Email address"), text(responder.get("email")), (*f, "email")),
            Row(_("Phone number"), text(responder.get("phone")), (*f, "phone")),
            Row(_("Their reference"), text(responder.get("reference")), (*f, "reference")),
            Row(
                _("Colleague to contact in their absence"),
                text(responder.get("alternative_contact")),
                (*f, "alternative_contact"),
            ),
        ],
    )
