"""The retention job and legal holds. Every disposal and every hold is audited, with ids,
codes and dates only."""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from opennrm.accounts.models import User
from opennrm.audit.services import audit_record
from opennrm.core.exceptions import Conflict
from opennrm.retention.models import Disposal, LegalHold
from opennrm.retention.registry import record_types

logger = logging.getLogger(__name__)


@dataclass
class RetentionReport:
    """What one run of the job did, by kind of record."""

    disposed: Counter[str] = field(default_factory=Counter)
    held: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.disposed.values())


def held_references() -> frozenset[str]:
    """Case references under an active legal hold."""
    return frozenset(
        LegalHold.objects.filter(lifted_at__isnull=True).values_list("case_reference", flat=True)
    )


def retention_apply(*, now: datetime | None = None) -> RetentionReport:
    """Delete or anonymise every record whose retention period is over, except those under
    a legal hold. Safe to run any number of times: a record is disposed of once."""
    moment = now or timezone.now()
    report = RetentionReport()
    held = held_references()
    for kind in record_types():
        done = set(
            Disposal.objects.filter(record_type=kind.key).values_list("object_id", flat=True)
        )
        for item in kind.expired(moment):
            if item.object_id in done:
                continue
            if item.case_reference and item.case_reference in held:
                report.held[kind.key] += 1
                continue
            try:
                with transaction.atomic():
                    how = kind.dispose(item.record)
                    Disposal.objects.create(
                        record_type=kind.key,
                        object_id=item.object_id,
                        case_reference=item.case_reference,
                        how=how,
                        disposed_at=moment,
                    )
                    audit_record(
                        actor=None,
                        action=f"retention.{how}",
                        object_type=kind.key,
                        object_id=item.object_id,
                        case_reference=item.case_reference,
                        payload={"record_type": kind.key},
                    )
            except IntegrityError:
                continue  # another run got there first
            report.disposed[kind.key] += 1
    with transaction.atomic():
        audit_record(
            actor=None,
            action="retention.run",
            object_type="retention",
            payload={
                "disposed": dict(sorted(report.disposed.items())),
                "held": dict(sorted(report.held.items())),
                "as_of": moment,
            },
        )
    logger.info("Retention run: %s disposed, %s held back", report.total, sum(report.held.values()))
    return report


def legal_hold_place(*, actor: User, case_reference: str, reason: str) -> LegalHold:
    """Stop the retention job acting on a case (and its referral and person)."""
    reference = case_reference.strip().upper()
    with transaction.atomic():
        if LegalHold.objects.filter(case_reference=reference, lifted_at__isnull=True).exists():
            raise Conflict("This case is already under a legal hold", field="case_reference")
        hold = LegalHold.objects.create(
            case_reference=reference, reason=reason.strip(), placed_by=actor
        )
        # The reason is free text: it stays on the hold, never in the audit trail.
        audit_record(
            actor=actor, action="retention.hold_placed", obj=hold, case_reference=reference
        )
    return hold


def legal_hold_lift(*, actor: User, hold: LegalHold) -> LegalHold:
    """End a legal hold; the retention job may act on the case at its next run."""
    with transaction.atomic():
        locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if locked.lifted_at is not None:
            raise Conflict("This legal hold has already been lifted")
        locked.lifted_at = timezone.now()
        locked.lifted_by = actor
        locked.save(update_fields=["lifted_at", "lifted_by"])
        audit_record(
            actor=actor,
            action="retention.hold_lifted",
            obj=locked,
            case_reference=locked.case_reference,
        )
    return locked
