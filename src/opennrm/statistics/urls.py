from django.urls import path

from opennrm.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.index, name="index"),
    path("release/download/", views.release_download, name="release-download"),
    path("tables/<slug:table>/", views.table, name="table"),
    path("tables/<slug:table>/download/", views.table_download, name="table-download"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("fairness/", views.fairness, name="fairness"),
    path("open-data/", views.open_data, name="open-data"),
    path("open-data/download/", views.open_data_download, name="open-data-download"),
    path("areas/", views.areas, name="areas"),
    path("areas/<int:area_id>/", views.local_picture, name="local-picture"),
    path("first-responders/", views.first_responders, name="first-responders"),
    path(
        "first-responders/<int:organisation_id>/",
        views.first_responder,
        name="first-responder",
    ),
]
