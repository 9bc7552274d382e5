"""The statistics pages: the latest release and its tables, downloads, the national
dashboard, fairness monitoring, open data, each area's local picture, and how first
responders are named in the statistics.

Views are thin: the access policy says who may count what (an area a person may not see
answers 404), selectors count, and every view, search and download is recorded in the
audit trail by ``services.statistics_access_record``.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import Organisation, User
from opennrm.accounts.services import organisation_publish_as
from opennrm.core.exceptions import ApplicationError
from opennrm.core.form_fields import add_problems
from opennrm.statistics import dashboards, exports, selectors, services
from opennrm.statistics.disclosure import Protection
from opennrm.statistics.exports import Format
from opennrm.statistics.forms import (
    AreaFilterForm,
    FairnessForm,
    FirstResponderSearchForm,
    OpenDataForm,
    PublishedNameForm,
    StatisticsFilterForm,
    TableFilterForm,
)
from opennrm.statistics.headlines import headline_figures, latest_complete_quarter
from opennrm.statistics.monitoring import fairness_report
from opennrm.statistics.open_data import COLUMNS as OPEN_DATA_COLUMNS
from opennrm.statistics.open_data import open_data as build_open_data
from opennrm.statistics.periods import Period, parse_period
from opennrm.statistics.queries import Scope
from opennrm.statistics.release import TABLES, UnknownTable, table_spec
from opennrm.statistics.selectors import Publication

TABLE_ROWS_PER_PAGE = 100
ORGANISATIONS_PER_PAGE = 50
OPEN_DATA_PREVIEW = 20
HEADINGS = dict(OPEN_DATA_COLUMNS)


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _require(user: User, permission: Permission) -> None:
    if not evaluate.holds_somewhere(user, permission):
        raise PermissionDenied


def _default_period() -> Period:
    return latest_complete_quarter(timezone.localdate())


def _period(form: Any) -> Period:
    code = form.cleaned_data.get("period") if form.is_valid() else ""
    return parse_period(code) if code else _default_period()


def _area_choices(user: User) -> list[tuple[int, str]]:
    return list(selectors.areas_for_user(user=user).values_list("id", "name"))


def _query(request: HttpRequest, **changes: Any) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query.urlencode()


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The latest release's headline figures and where to go from here."""
    user = _user(request)
    _require(user, Permission.STATISTICS_VIEW)
    form = StatisticsFilterForm(request.GET or None)
    form.fields.pop("area")
    form.fields.pop("threshold")
    period = _period(form) if not (form.is_bound and form.errors) else _default_period()
    scope = Scope(period)
    services.statistics_access_record(
        actor=user, action="statistics.viewed", subject="release", scope=scope
    )
    return render(
        request,
        "statistics/index.html",
        {
            "form": form,
            "page_has_errors": bool(form.is_bound and form.errors),
            "period": period,
            "headline": headline_figures(scope),
            "tables": list(TABLES.values()),
            "can_export": evaluate.holds_somewhere(user, Permission.STATISTICS_EXPORT),
            "can_edit_labels": evaluate.holds_somewhere(user, Permission.STATISTICS_EDIT_LABELS),
            "formats": list(Format),
        },
    )


def _table_scope(
    request: HttpRequest, user: User
) -> tuple[TableFilterForm, Scope | None, Publication | None, int | None]:
    form = TableFilterForm(request.GET or None, areas=_area_choices(user))
    if form.is_bound and not form.is_valid():
        return form, None, None, None
    data = form.cleaned_data if form.is_bound else {}
    period = parse_period(data["period"]) if data.get("period") else _default_period()
    area_id = data.get("area")
    scope = selectors.scope_for(user=user, period=period, area_id=area_id)
    threshold = data.get("threshold") or selectors.default_threshold()
    publication = Publication(Protection(threshold=threshold), bool(data.get("protect_all")))
    return form, scope, publication, area_id


@login_required
@require_GET
def table(request: HttpRequest, table: str) -> HttpResponse:
    """One official table for a period (and area), a page of rows at a time."""
    user = _user(request)
    _require(user, Permission.STATISTICS_VIEW)
    try:
        spec = table_spec(table)
    except UnknownTable:
        return render(request, "errors/404.html", status=404)
    form, scope, publication, area_id = _table_scope(request, user)
    context: dict[str, Any] = {"form": form, "spec": spec, "page_has_errors": scope is None}
    if scope is not None and publication is not None:
        published = selectors.published_tables(scope=scope, slugs=[table], publication=publication)[
            0
        ]
        services.statistics_access_record(
            actor=user, action="statistics.viewed", subject=table, scope=scope, area_id=area_id
        )
        context.update(
            published=published,
            page=Paginator(published.rows, TABLE_ROWS_PER_PAGE).get_page(request.GET.get("page")),
            extra_query=_query(request),
            scope=scope,
            can_export=evaluate.holds_somewhere(user, Permission.STATISTICS_EXPORT),
            formats=list(Format),
            download_query=_query(request),
        )
    return render(request, "statistics/table.html", context)


def _download(request: HttpRequest, slugs: list[str] | None, name: str) -> HttpResponse:
    user = _user(request)
    _require(user, Permission.STATISTICS_EXPORT)
    try:
        file_format = Format(request.GET.get("format", "ods"))
    except ValueError:
        file_format = None
    form, scope, publication, area_id = _table_scope(request, user)
    if file_format is None or scope is None or publication is None:
        messages_text = [_("Choose a format: ODS, XLSX or CSV")] if file_format is None else []
        return render(
            request,
            "statistics/download_error.html",
            {"form": form, "problems": messages_text, "page_has_errors": True},
            status=400,
        )
    area_name = Organisation.objects.get(pk=area_id).name if area_id else ""
    release = services.release_make(
        scope=scope, slugs=slugs, publication=publication, area_name=area_name
    )
    content = exports.render(release, file_format)
    services.statistics_access_record(
        actor=user,
        action="statistics.exported",
        subject=name,
        scope=scope,
        area_id=area_id,
        details={"format": file_format.value, "threshold": publication.protection.threshold},
    )
    extension = exports.file_extension(release, file_format)
    response = HttpResponse(content, content_type=exports.content_type(release, file_format))
    filename = f"nrm-statistics-{name}-{scope.period.code}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def table_download(request: HttpRequest, table: str) -> HttpResponse:
    try:
        table_spec(table)
    except UnknownTable:
        return render(request, "errors/404.html", status=404)
    return _download(request, [table], table)


@login_required
@require_GET
def release_download(request: HttpRequest) -> HttpResponse:
    return _download(request, None, "release")


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Trends, the age and exploitation mix, the backlog and timeliness, for the UK or an
    area, for a period."""
    user = _user(request)
    _require(user, Permission.STATISTICS_VIEW)
    form = StatisticsFilterForm(request.GET or None, areas=_area_choices(user))
    context: dict[str, Any] = {"form": form, "page_has_errors": False}
    if form.is_bound and not form.is_valid():
        context["page_has_errors"] = True
        return render(request, "statistics/dashboard.html", context)
    data = form.cleaned_data if form.is_bound else {}
    period = parse_period(data["period"]) if data.get("period") else _default_period()
    area_id = data.get("area")
    scope = selectors.scope_for(user=user, period=period, area_id=area_id)
    protection = (
        Protection(threshold=data.get("threshold") or selectors.default_threshold())
        if area_id
        else Protection(threshold=None)
    )
    services.statistics_access_record(
        actor=user, action="statistics.viewed", subject="dashboard", scope=scope, area_id=area_id
    )
    context.update(
        period=period,
        area=Organisation.objects.get(pk=area_id) if area_id else None,
        protection=protection,
        sections=dashboards.build(dashboards.NATIONAL_SECTIONS, scope, protection),
    )
    return render(request, "statistics/dashboard.html", context)


@login_required
@require_GET
def fairness(request: HttpRequest) -> HttpResponse:
    """Decision rates and waiting times by group, each beside everyone else."""
    user = _user(request)
    _require(user, Permission.STATISTICS_VIEW)
    form = FairnessForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "page_has_errors": False}
    if form.is_bound and not form.is_valid():
        context["page_has_errors"] = True
        return render(request, "statistics/fairness.html", context)
    data = form.cleaned_data if form.is_bound else {}
    period = parse_period(data["period"]) if data.get("period") else _default_period()
    stage = data.get("stage") or "reasonable_grounds"
    scope = Scope(period)
    services.statistics_access_record(
        actor=user,
        action="statistics.viewed",
        subject="fairness",
        scope=scope,
        details={"stage": stage},
    )
    context.update(period=period, stage=stage, report=fairness_report(scope, stage))
    return render(request, "statistics/fairness.html", context)


def _open_data_request(request: HttpRequest) -> tuple[OpenDataForm, Scope | None, int]:
    form = OpenDataForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None, 0
    data = form.cleaned_data if form.is_bound else {}
    period = parse_period(data["period"]) if data.get("period") else _default_period()
    return form, Scope(period), int(data.get("k") or selectors.default_k())


@login_required
@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    """What a record-level release for the period holds, after k-anonymity."""
    user = _user(request)
    _require(user, Permission.STATISTICS_EXPORT)
    form, scope, k = _open_data_request(request)
    context: dict[str, Any] = {"form": form, "page_has_errors": scope is None}
    if scope is not None:
        data = build_open_data(scope, k)
        services.statistics_access_record(
            actor=user,
            action="statistics.viewed",
            subject="open-data",
            scope=scope,
            details={"k": k},
        )
        context.update(
            scope=scope,
            data=data,
            preview=data.rows()[:OPEN_DATA_PREVIEW],
            generalised_fields=[
                (HEADINGS.get(field, field), count)
                for field, count in sorted(data.release.steps_used.items())
            ],
            download_query=urlencode({"period": scope.period.code, "k": str(k)}),
        )
    return render(request, "statistics/open_data.html", context)


@login_required
@require_GET
def open_data_download(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require(user, Permission.STATISTICS_EXPORT)
    form, scope, k = _open_data_request(request)
    if scope is None:
        return render(
            request,
            "statistics/download_error.html",
            {"form": form, "problems": [], "page_has_errors": True},
            status=400,
        )
    data = build_open_data(scope, k)
    services.statistics_access_record(
        actor=user,
        action="statistics.exported",
        subject="open-data",
        scope=scope,
        details={
            "k": k,
            "format": "csv",
            "records": len(data.release.records),
            "generalised": data.release.generalised,
            "withheld": data.release.withheld,
        },
    )
    content = exports.rows_csv([data.headings, *data.rows()])
    response = HttpResponse(content, content_type="text/csv")
    response["Content-Disposition"] = (
        f'attachment; filename="nrm-open-data-{scope.period.code}.csv"'
    )
    return response


@login_required
@require_GET
def areas(request: HttpRequest) -> HttpResponse:
    """The areas whose local picture the person may see."""
    user = _user(request)
    _require(user, Permission.AREA_VIEW_STATISTICS)
    found = selectors.areas_for_user(user=user)
    page = Paginator(found, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "statistics/areas.html", {"page": page})


@login_required
@require_GET
def local_picture(request: HttpRequest, area_id: int) -> HttpResponse:
    """One area's children: who was referred, for what, the decisions and their timeliness
    beside the competent authority's; small numbers protected."""
    user = _user(request)
    area = selectors.area_get_for(user=user, area_id=area_id)
    form = AreaFilterForm(request.GET or None)
    context: dict[str, Any] = {
        "form": form,
        "area": area,
        "authorities": sorted(area.authorities),
        "page_has_errors": False,
    }
    if form.is_bound and not form.is_valid():
        context["page_has_errors"] = True
        return render(request, "statistics/local_picture.html", context)
    data = form.cleaned_data if form.is_bound else {}
    period = parse_period(data["period"]) if data.get("period") else _default_period()
    protection = Protection(threshold=data.get("threshold") or selectors.default_threshold())
    scope = Scope(period, authorities=area.authorities, children_only=True)
    services.statistics_access_record(
        actor=user,
        action="statistics.viewed",
        subject="local-picture",
        scope=scope,
        area_id=area.organisation_id,
        details={"threshold": protection.threshold},
    )
    context.update(
        period=period,
        protection=protection,
        sections=dashboards.build(dashboards.LOCAL_PICTURE_SECTIONS, scope, protection),
    )
    return render(request, "statistics/local_picture.html", context)


@login_required
@require_GET
def first_responders(request: HttpRequest) -> HttpResponse:
    """Every designated first responder and the name and type it is published under."""
    user = _user(request)
    _require(user, Permission.STATISTICS_EDIT_LABELS)
    form = FirstResponderSearchForm(request.GET or None)
    organisations = Organisation.objects.filter(is_designated_first_responder=True).order_by(
        "name", "id"
    )
    search = form.cleaned_data.get("q", "") if form.is_valid() else ""
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(published_label__icontains=search)
        )
        services.statistics_access_record(
            actor=user, action="statistics.searched", subject="first-responders"
        )
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "statistics/first_responders.html",
        {
            "form": form,
            "page": page,
            "search": search,
            "extra_query": _query(request),
            "page_has_errors": bool(form.is_bound and form.errors),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def first_responder(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Change the name and type one first responder is published under."""
    user = _user(request)
    _require(user, Permission.STATISTICS_EDIT_LABELS)
    organisation = Organisation.objects.filter(
        pk=organisation_id, is_designated_first_responder=True
    ).first()
    if organisation is None:
        return render(request, "errors/404.html", status=404)
    initial = {
        "published_label": organisation.published_label or organisation.name,
        "published_type": organisation.published_type,
    }
    form = PublishedNameForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_publish_as(
                actor=user,
                organisation=organisation,
                label=form.cleaned_data["published_label"],
                published_type=form.cleaned_data["published_type"],
            )
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now published as %(label)s")
                % {"name": organisation.name, "label": form.cleaned_data["published_label"]},
            )
            return redirect(reverse("statistics:first-responders"))
    return render(
        request,
        "statistics/first_responder.html",
        {
            "organisation": organisation,
            "form": form,
            "page_has_errors": bool(form.errors),
        },
    )
