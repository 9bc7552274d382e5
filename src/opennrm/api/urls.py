"""The OpenNRM API, version 1 (OpenAPI 3.1 at /api/v1/openapi.json)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from opennrm.accounts.selectors import memberships_for_user
from opennrm.api.auth import API_AUTH
from opennrm.api.schemas import MembershipOut, MeOut
from opennrm.cases.api import router as cases_router
from opennrm.core.api_schemas import Message, error_body
from opennrm.core.exceptions import ApplicationError
from opennrm.panels.api import router as panels_router
from opennrm.protection.api import router as protection_router
from opennrm.referrals.api import router as referrals_router
from opennrm.reviews.api import router as reviews_router
from opennrm.statistics.api import router as statistics_router

# Answers any operation can give before its own code runs: a malformed address (400,
# core/security_middleware.py), too many requests (429, core/ratelimit.py) and the
# database being unavailable (503, core/middleware.py).
COMMON_RESPONSES = {
    "400": "The address contains characters that are not allowed",
    "429": "Too many requests: wait for the number of seconds in Retry-After",
    "503": "The service is unavailable: try again later",
}


class OpenNRMApi(NinjaAPI):
    """The API, whose schema also documents the answers every operation can give."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        message = {"$ref": "#/components/schemas/Message"}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in COMMON_RESPONSES.items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": message}},
                        },
                    )
        return schema


api = OpenNRMApi(
    title="OpenNRM API",
    version="1",
    description=(
        "Refer potential victims of modern slavery into the National Referral Mechanism and "
        "follow their cases. Authenticate with `Authorization: Bearer <token>`."
    ),
    auth=API_AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


api.add_router("/", referrals_router)
api.add_router("/", cases_router)
api.add_router("/", panels_router)
api.add_router("/", protection_router)
api.add_router("/", statistics_router)
api.add_router("/", reviews_router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 with a path into the body and a message for every problem."""
    details: list[dict[str, Any]] = []
    for error in exc.errors:
        loc = [part for part in error.get("loc", []) if part not in ("body", "payload")]
        details.append(
            {"loc": loc, "msg": str(error.get("msg", "")), "type": str(error.get("type", ""))}
        )
    return api.create_response(request, {"detail": details}, status=422)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    """A broken rule (422 with paths), or 403/404/409 with one sentence."""
    return api.create_response(request, error_body(exc), status=exc.status)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "Authentication required: send a valid bearer token."},
        status=401,
    )


@api.get("/me", response={200: MeOut, 401: Message}, tags=["accounts"])
def me(request: HttpRequest) -> dict[str, Any]:
    """Who the token or session belongs to, and the roles they hold."""
    user = request.user
    return {
        "email": user.email,  # type: ignore[union-attr]
        "full_name": user.full_name,  # type: ignore[union-attr]
        "roles": [
            MembershipOut(role=m.role, organisation=m.organisation.name)
            for m in memberships_for_user(user=user)  # type: ignore[arg-type]
        ],
    }
