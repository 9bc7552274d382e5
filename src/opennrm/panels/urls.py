from django.urls import path

from opennrm.panels import views

app_name = "panels"

urlpatterns = [
    path("", views.panel_list, name="list"),
    path("children/", views.children, name="children"),
    path("<int:panel_id>/", views.panel_page, name="panel"),
    path("<int:panel_id>/members/", views.members, name="members"),
    path("<int:panel_id>/members/<int:member_id>/leave/", views.member_end, name="member-end"),
    path("<int:panel_id>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:meeting_id>/", views.meeting_page, name="meeting"),
    path("meetings/<int:meeting_id>/agenda/", views.agenda_add, name="agenda-add"),
    path("meetings/<int:meeting_id>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:meeting_id>/minutes/", views.minutes_page, name="minutes"),
    path("meetings/<int:meeting_id>/minutes.pdf", views.minutes_pdf, name="minutes-pdf"),
    path(
        "meetings/<int:meeting_id>/cases/<str:reference>/decide/<slug:stage>/",
        views.decide,
        name="decide",
    ),
    path("cases/<str:reference>/guardian/", views.guardian, name="guardian"),
    path("cases/<str:reference>/notes/new/", views.note, name="note"),
    path("cases/<str:reference>/consent/", views.consent, name="consent"),
    path(
        "cases/<str:reference>/re-trafficking/<int:flag_id>/",
        views.retrafficking,
        name="retrafficking",
    ),
    path("people/<int:person_id>/age-assessment/", views.age_assessment, name="age-assessment"),
    path("people/<int:person_id>/missing/", views.missing_new, name="missing-new"),
    path(
        "people/<int:person_id>/missing/<int:episode_id>/came-back/",
        views.missing_end,
        name="missing-end",
    ),
]
