from django.urls import path

from opennrm.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.start, name="start"),
    path("drafts/", views.drafts, name="drafts"),
    path("drafts/<uuid:draft_id>/", views.task_list, name="task-list"),
    path("drafts/<uuid:draft_id>/evidence/", views.evidence, name="evidence"),
    path("drafts/<uuid:draft_id>/check/", views.check, name="check"),
    path("drafts/<uuid:draft_id>/delete/", views.delete_draft, name="delete-draft"),
    path("drafts/<uuid:draft_id>/situations/", views.situations, name="situations"),
    path("drafts/<uuid:draft_id>/situations/new/", views.situation, name="situation-new"),
    path("drafts/<uuid:draft_id>/situations/<int:index>/", views.situation, name="situation"),
    path(
        "drafts/<uuid:draft_id>/situations/<int:index>/remove/",
        views.situation_remove,
        name="situation-remove",
    ),
    path("drafts/<uuid:draft_id>/<slug:slug>/", views.question, name="question"),
    path("evidence/<uuid:evidence_id>/", views.evidence_download, name="evidence-download"),
    path("<str:reference>/", views.referral_detail, name="detail"),
    path("<str:reference>/confirmation/", views.confirmation, name="confirmation"),
    path(
        "<str:reference>/information/<int:request_id>/",
        views.answer_information,
        name="answer-information",
    ),
]
