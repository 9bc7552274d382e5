"""Support providers: allocating one to a person after a positive reasonable grounds
decision, and a provider's request for more recovery time."""

from django.db import transaction
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import Organisation, OrganisationType, User
from opennrm.audit.services import audit_record
from opennrm.cases.domain import State
from opennrm.cases.models import Case, Decision, DecisionOutcome, DecisionStage
from opennrm.core.exceptions import ApplicationError, Forbidden
from opennrm.protection.models import ExtensionRequest, SupportAllocation
from opennrm.protection.notices import decision_maker_tell
from opennrm.protection.selectors import current_support

MAX_EXTRA_DAYS = 365


def support_providers() -> list[Organisation]:
    """The organisations a person can be allocated to for support."""
    return list(
        Organisation.objects.filter(
            organisation_type=OrganisationType.SUPPORT_PROVIDER, is_active=True
        ).order_by("name")
    )


def support_allocate(*, user: User, case: Case, provider_id: int) -> SupportAllocation:
    """Allocate the person to a support provider (ending any earlier allocation). Only
    after a positive reasonable grounds decision, which starts the recovery period."""
    if not evaluate.may(user, Permission.CASE_ALLOCATE_SUPPORT, case):
        raise Forbidden("Your role does not allow this", field="role")
    provider = next((p for p in support_providers() if p.pk == provider_id), None)
    if provider is None:
        raise ApplicationError("Select a support provider", field="provider")
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        positive_rg = Decision.objects.filter(
            case=locked,
            stage=DecisionStage.REASONABLE_GROUNDS,
            outcome=DecisionOutcome.POSITIVE,
        ).exists()
        if not positive_rg or locked.state == State.WITHDRAWN:
            raise ApplicationError(
                "A support provider is allocated after a positive reasonable grounds decision",
                field="provider",
            )
        current = SupportAllocation.objects.filter(case=locked, ended_at__isnull=True).first()
        if current is not None and current.provider_id == provider.pk:
            raise ApplicationError(
                f"{provider.name} already supports this person", field="provider"
            )
        if current is not None:
            current.ended_at = timezone.now()
            current.save(update_fields=["ended_at"])
        allocation = SupportAllocation.objects.create(
            case=locked, provider=provider, allocated_by=user
        )
        audit_record(
            actor=user,
            action="case.support_allocated",
            obj=allocation,
            case_reference=locked.reference,
            payload={"provider": provider.pk, "ended": current.pk if current else None},
        )
    return allocation


def extension_request(*, user: User, case: Case, days: int | None, reason: str) -> ExtensionRequest:
    """A support provider asks the decision maker to extend the recovery period."""
    if not evaluate.may(user, Permission.CASE_REQUEST_EXTENSION, case):
        raise Forbidden("Your role does not allow this", field="role")
    if case.state != State.RECOVERY_PERIOD:
        raise ApplicationError("The recovery period is not running now", field="days")
    if days is None or not 1 <= days <= MAX_EXTRA_DAYS:
        raise ApplicationError(f"Enter a number of days from 1 to {MAX_EXTRA_DAYS}", field="days")
    if not reason.strip():
        raise ApplicationError("Enter why the person needs more time", field="reason")
    with transaction.atomic():
        request = ExtensionRequest.objects.create(
            case=case, days=days, reason=reason.strip(), requested_by=user
        )
        audit_record(
            actor=user,
            action="case.recovery_extension_requested",
            obj=request,
            case_reference=case.reference,
            payload={"days": days},
        )
        # The policy let them ask as the provider the person is allocated to now.
        current = current_support(case=case)
        assert current is not None
        decision_maker_tell(
            actor=user, case=case, kind="extension", organisation=current.provider.name, days=days
        )
    return request
