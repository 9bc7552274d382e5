"""Administrators' pages: organisations, people, roles, second-factor resets.

Thin: the access policy decides who may use them (404 for someone who may not see an
account, 403 for a page they may not use), services make and audit every change.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts import services, sessions, two_factor
from opennrm.accounts.models import User
from opennrm.administration import selectors
from opennrm.administration.forms import OrganisationForm, PeopleSearchForm, PersonForm, RoleForm
from opennrm.administration.sections import sections_for

PAGE_SIZE = 50


def _admin(request: HttpRequest, permission: Permission) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not evaluate.holds_somewhere(user, permission):
        raise PermissionDenied
    return user


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The administration sections the person may use."""
    user = _admin(request, Permission.ACCOUNT_ADMINISTER)
    return render(request, "administration/home.html", {"sections": sections_for(user)})


# Organisations ------------------------------------------------------------------------


@login_required
@require_GET
def organisations(request: HttpRequest) -> HttpResponse:
    user = _admin(request, Permission.ORGANISATION_ADMINISTER)
    page = Paginator(selectors.organisations_for_admin(user=user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "administration/organisations.html", {"page": page})


def _details(form: OrganisationForm) -> services.OrganisationDetails:
    data = form.cleaned_data
    return services.OrganisationDetails(
        name=data["name"],
        organisation_type=data["organisation_type"],
        nation=data.get("nation", ""),
        is_designated_first_responder=bool(data.get("is_designated_first_responder")),
        panel_site=data.get("panel_site", ""),
        is_active=bool(data.get("is_active")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_new(request: HttpRequest) -> HttpResponse:
    user = _admin(request, Permission.ORGANISATION_ADMINISTER)
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(actor=user, details=_details(form))
        messages.success(request, _("%(name)s has been added.") % {"name": organisation.name})
        return redirect("administration:organisation", organisation_id=organisation.pk)
    return render(
        request,
        "administration/organisation_form.html",
        {"form": form, "organisation": None, "page_has_errors": bool(form.errors)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation(request: HttpRequest, organisation_id: int) -> HttpResponse:
    user = _admin(request, Permission.ORGANISATION_ADMINISTER)
    found = selectors.organisation_for_admin(user=user, organisation_id=organisation_id)
    form = OrganisationForm(request.POST if request.method == "POST" else None, instance=found)
    if request.method == "POST" and form.is_valid():
        changed = services.organisation_update(
            actor=user, organisation=found, details=_details(form)
        )
        messages.success(
            request,
            _("%(name)s has been updated.") % {"name": form.cleaned_data["name"]}
            if changed
            else _("Nothing was changed."),
        )
        return redirect("administration:organisation", organisation_id=found.pk)
    return render(
        request,
        "administration/organisation_form.html",
        {
            "form": form,
            "organisation": found,
            "members": selectors.members_of(organisation=found)[:200],
            "page_has_errors": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


# People -------------------------------------------------------------------------------


@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    user = _admin(request, Permission.ACCOUNT_ADMINISTER)
    form = PeopleSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "").strip() if form.is_valid() else ""
    page = Paginator(selectors.people_for_admin(user=user, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "administration/people.html",
        {
            "page": page,
            "form": form,
            "query": query,
            "extra_query": urlencode({"q": query}) if query else "",
        },
    )


def _set_password_url(request: HttpRequest, person: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    return request.build_absolute_uri(
        reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    user = _admin(request, Permission.ACCOUNT_ADMINISTER)
    form = PersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The link is made for the new account once it exists (its token depends on it).
        person = services.user_invite(
            actor=user,
            email=data["email"],
            full_name=data["full_name"],
            organisation=data["organisation"],
            role=data["role"],
            set_password_url_for=lambda created: _set_password_url(request, created),
        )
        messages.success(
            request,
            _("%(name)s has been added and sent an email to choose a password.")
            % {"name": person.full_name},
        )
        return redirect("administration:person", user_id=person.pk)
    return render(
        request,
        "administration/person_new.html",
        {"form": form, "page_has_errors": bool(form.errors)},
        status=400 if form.errors else 200,
    )


def _person_page(
    request: HttpRequest, person: User, role_form: RoleForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "administration/person.html",
        {
            "person": person,
            "memberships": selectors.memberships_of(person=person),
            "role_form": role_form,
            "has_app": two_factor.has_second_factor(person),
            "backup_codes_left": two_factor.backup_codes_left(person),
            "sessions": len(sessions.active_sessions(user=person)),
            "is_self": person.pk == request.user.pk,
            "page_has_errors": bool(role_form.errors),
        },
        status=status,
    )


@login_required
@require_GET
def person(request: HttpRequest, user_id: int) -> HttpResponse:
    found = selectors.person_for_admin(user=request.user, user_id=user_id)  # type: ignore[arg-type]
    return _person_page(request, found, RoleForm())


@login_required
@require_POST
def role_grant(request: HttpRequest, user_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = selectors.person_for_admin(user=user, user_id=user_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _person_page(request, found, form, status=400)
    services.membership_grant(
        actor=user,
        user=found,
        organisation=form.cleaned_data["organisation"],
        role=form.cleaned_data["role"],
    )
    messages.success(request, _("The role has been given."))
    return redirect("administration:person", user_id=found.pk)


@login_required
@require_POST
def role_revoke(request: HttpRequest, user_id: int, membership_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = selectors.person_for_admin(user=user, user_id=user_id)
    membership = selectors.membership_for_admin(
        user=user, person=found, membership_id=membership_id
    )
    services.membership_revoke(actor=user, membership=membership)
    messages.success(request, _("The role has been taken away."))
    return redirect("administration:person", user_id=found.pk)


@login_required
@require_POST
def person_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = selectors.person_for_admin(user=user, user_id=user_id)
    if found.pk == user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
    elif found.is_active:
        services.user_deactivate(actor=user, user=found)
        messages.success(
            request,
            _(
                "%(name)s's account is closed: they have been signed out everywhere and their "
                "API tokens no longer work."
            )
            % {"name": found.full_name},
        )
    return redirect("administration:person", user_id=found.pk)


@login_required
@require_POST
def person_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = selectors.person_for_admin(user=user, user_id=user_id)
    if not found.is_active:
        services.user_reactivate(actor=user, user=found)
        messages.success(
            request, _("%(name)s's account is open again.") % {"name": found.full_name}
        )
    return redirect("administration:person", user_id=found.pk)


@login_required
@require_POST
def person_reset_two_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    found = selectors.person_for_admin(user=user, user_id=user_id)
    two_factor.second_factor_reset(actor=user, user=found)
    messages.success(
        request,
        _(
            "%(name)s's authenticator app and backup codes have been removed and they have been "
            "signed out. They will set up a new app when they next sign in."
        )
        % {"name": found.full_name},
    )
    return redirect("administration:person", user_id=found.pk)
