"""How systems and browsers prove who they are to the API."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from opennrm.accounts.models import User
from opennrm.accounts.services import api_token_authenticate


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`, issued by `manage.py api_token EMAIL`."""

    openapi_description = "A token issued to a person by `manage.py api_token EMAIL`."

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(token=token)
        if user is not None:
            request.user = user
        return user


class BrowserSession(SessionAuth):
    """The signed-in browser session, with Django's CSRF check on unsafe methods."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


API_AUTH = [BearerToken(), BrowserSession()]
