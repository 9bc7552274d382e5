"""How systems and browsers prove who they are to the API."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from opennrm.accounts.models import User
from opennrm.accounts.services import api_token_check
from opennrm.audit.services import audit_record
from opennrm.core.ratelimit import bad_token_record, client_address


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`, issued by `manage.py api_token EMAIL`.

    An expired token is refused with 401 and says so; every wrong or expired token counts
    towards locking its address out (``core/ratelimit.py``).
    """

    openapi_description = (
        "A token issued to a person by `manage.py api_token EMAIL`. Tokens expire "
        "(90 days by default); an expired token is refused with 401."
    )

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        check = api_token_check(token=token)
        if check.user is not None:
            request.user = check.user
            return check.user
        address = client_address(request)
        if bad_token_record(address):
            with transaction.atomic():
                audit_record(
                    actor=None,
                    action="api.address_locked_out",
                    object_type="address",
                    object_id=address,
                    payload={"reason": "repeated wrong API tokens"},
                )
        if check.expired_at is not None:
            raise HttpError(
                401,
                _("Your API token expired on %(date)s. Ask for a new token.")
                % {"date": formats.date_format(check.expired_at, "j F Y")},
            )
        return None


class BrowserSession(SessionAuth):
    """The signed-in browser session, with Django's CSRF check on unsafe methods. Only a
    session that has given the second factor counts (ADR 60)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        is_verified = getattr(user, "is_verified", None)
        return user if is_verified is not None and is_verified() else None


API_AUTH = [BearerToken(), BrowserSession()]
