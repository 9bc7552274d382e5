"""The service's URL map."""

from django.urls import include, path

from opennrm.api.urls import api

urlpatterns = [
    path("", include("opennrm.core.urls")),
    path("home/", include("opennrm.home.urls")),
    path("account/", include("opennrm.accounts.urls")),
    path("audit/", include("opennrm.audit.urls")),
    path("referrals/", include("opennrm.referrals.urls")),
    path("cases/", include("opennrm.cases.urls")),
    path("panels/", include("opennrm.panels.urls")),
    path("reviews/", include("opennrm.reviews.urls")),
    path("protection/", include("opennrm.protection.urls")),
    path("emails/", include("opennrm.notifications.urls")),
    path("administration/legal-holds/", include("opennrm.retention.urls")),
    path("administration/", include("opennrm.administration.urls")),
    path("statistics/", include("opennrm.statistics.urls")),
    path("api/v1/", api.urls),
]

handler400 = "opennrm.core.views.bad_request"
handler403 = "opennrm.core.views.permission_denied"
handler404 = "opennrm.core.views.page_not_found"
handler500 = "opennrm.core.views.server_error"
