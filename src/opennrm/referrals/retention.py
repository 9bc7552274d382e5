"""How long referrals, their drafts and the cases they became are kept (ADR 62).

Registered with the retention job (``opennrm.retention``); periods come from settings, so
an operator can follow their own records policy. Disposal goes through each app's
services: drafts are deleted; Duty to Notify reports and closed cases are anonymised,
keeping the facts the official statistics count.
"""

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from opennrm.cases.domain import FINAL_STATES
from opennrm.cases.models import Case
from opennrm.cases.services import case_anonymise
from opennrm.people.services import person_anonymise
from opennrm.referrals.models import Referral, ReferralDraft, ReferralKind
from opennrm.referrals.services import (
    ANONYMISED_ANSWERS,
    draft_delete,
    draft_expiry_days,
    referral_anonymise,
)
from opennrm.retention.registry import Expired, RecordType, register


def _days(name: str) -> int:
    return int(getattr(settings, name))


# Drafts ----------------------------------------------------------------------------


def _expired_drafts(now: datetime) -> Iterator[Expired]:
    cutoff = now - timedelta(days=draft_expiry_days())
    for draft in ReferralDraft.objects.filter(updated_at__lt=cutoff).order_by("updated_at"):
        yield Expired(str(draft.pk), "", draft)


def _delete_draft(draft: ReferralDraft) -> str:
    draft_delete(user=None, draft=draft)
    return "deleted"


# Anonymising a referral and its person ------------------------------------------------


def _anonymise_person_if_done(referral: Referral) -> None:
    """The person is anonymised once none of their referrals still needs them."""
    others = Referral.objects.filter(person_id=referral.person_id).exclude(pk=referral.pk)
    if not others.exclude(answers=ANONYMISED_ANSWERS).exists():
        person_anonymise(person=referral.person)


def _anonymise_referral(referral: Referral) -> str:
    referral_anonymise(referral=referral)
    _anonymise_person_if_done(referral)
    return "anonymised"


def _anonymise_case(case: Case) -> str:
    case_anonymise(case=case)
    referral_anonymise(referral=case.referral)
    _anonymise_person_if_done(case.referral)
    return "anonymised"


# Duty to Notify reports ----------------------------------------------------------------


def _expired_dtn_reports(now: datetime) -> Iterator[Expired]:
    cutoff = now - timedelta(days=_days("OPENNRM_RETENTION_DTN_REPORT_DAYS"))
    reports = Referral.objects.filter(kind=ReferralKind.DTN, received_at__lt=cutoff).select_related(
        "person"
    )
    for report in reports.order_by("received_at", "id"):
        yield Expired(str(report.pk), report.reference, report)


# Closed adult cases ----------------------------------------------------------------------


def _expired_adult_cases(now: datetime) -> Iterator[Expired]:
    cutoff = now - timedelta(days=_days("OPENNRM_RETENTION_CLOSED_ADULT_CASE_DAYS"))
    cases = Case.objects.filter(
        is_child=False, state__in=sorted(FINAL_STATES), updated_at__lt=cutoff
    ).select_related("referral__person")
    for case in cases.order_by("updated_at", "id"):
        yield Expired(str(case.pk), case.reference, case)


# Children's records: kept until the 75th birthday -----------------------------------------


def _birthday(born: date, age: int) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on 29 February
        return born.replace(year=born.year + age, day=28)


def seventy_fifth_birthday(case: Case) -> date:
    """When a child's records may go: their 75th birthday, from the date of birth, else
    from the age given at referral, else as if they had been born the day they were
    referred (the latest it could be)."""
    age = _days("OPENNRM_RETENTION_CHILD_RECORD_UNTIL_AGE")
    person = case.referral.person
    received = case.received_at.date()
    if person.date_of_birth is not None:
        return _birthday(person.date_of_birth, age)
    if person.estimated_age is not None:
        return _birthday(_birthday(received, -person.estimated_age), age)
    return _birthday(received, age)


def _expired_child_records(now: datetime) -> Iterator[Expired]:
    age = _days("OPENNRM_RETENTION_CHILD_RECORD_UNTIL_AGE")
    # Someone referred as a child was under 18, so no 75th birthday comes sooner than
    # this: only older cases need looking at.
    earliest = now - timedelta(days=365 * (age - 18))
    cases = Case.objects.filter(
        is_child=True, state__in=sorted(FINAL_STATES), received_at__lt=earliest
    ).select_related("referral__person")
    for case in cases.order_by("received_at", "id"):
        if seventy_fifth_birthday(case) <= now.date():
            yield Expired(str(case.pk), case.reference, case)


register(
    RecordType(
        key="draft",
        label=_("Draft referrals"),
        period=lambda: str(_("%(days)s days after last saved") % {"days": draft_expiry_days()}),
        source=_("Service policy: unsubmitted answers are not kept (UK GDPR Art. 5(1)(e))"),
        expired=_expired_drafts,
        dispose=_delete_draft,
        order=10,
    )
)
register(
    RecordType(
        key="dtn_report",
        label=_("Duty to Notify reports"),
        period=lambda: str(
            _("%(days)s days after received, then anonymised")
            % {"days": _days("OPENNRM_RETENTION_DTN_REPORT_DAYS")}
        ),
        source=_(
            "Counted for the statistics (MSA 2015 s52); details kept no longer than needed "
            "(UK GDPR Art. 5(1)(e))"
        ),
        expired=_expired_dtn_reports,
        dispose=_anonymise_referral,
        order=20,
    )
)
register(
    RecordType(
        key="closed_adult_case",
        label=_("Closed adult cases"),
        period=lambda: str(
            _("%(days)s days after the case closed, then anonymised")
            % {"days": _days("OPENNRM_RETENTION_CLOSED_ADULT_CASE_DAYS")}
        ),
        source=_("Six years, the time for most claims (Limitation Act 1980 ss2, 5)"),
        expired=_expired_adult_cases,
        dispose=_anonymise_case,
        order=30,
    )
)
register(
    RecordType(
        key="child_record",
        label=_("Children's cases"),
        period=lambda: str(
            _("Until the %(age)sth birthday, then anonymised")
            % {"age": _days("OPENNRM_RETENTION_CHILD_RECORD_UNTIL_AGE")}
        ),
        source=_(
            "As for looked-after children's case records (Care Planning, Placement and Case "
            "Review (England) Regulations 2010, reg. 50)"
        ),
        expired=_expired_child_records,
        dispose=_anonymise_case,
        order=40,
    )
)
