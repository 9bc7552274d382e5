from django.urls import path

from opennrm.protection import views

app_name = "protection"

urlpatterns = [
    path(
        "<str:reference>/reconsideration/",
        views.reconsideration_new,
        name="reconsideration-new",
    ),
    path(
        "<str:reference>/reconsideration/answer/",
        views.reconsideration_answer,
        name="reconsideration-answer",
    ),
    path("<str:reference>/support/", views.support_allocate, name="support"),
    path("<str:reference>/recovery-extension/", views.extension_new, name="extension"),
    path("<str:reference>/judicial-review/", views.judicial_review_new, name="judicial-review"),
    path(
        "<str:reference>/judicial-review/outcome/",
        views.judicial_review_outcome,
        name="judicial-review-outcome",
    ),
    path("<str:reference>/leave/", views.leave_consider, name="leave"),
    path("<str:reference>/public-order/", views.public_order, name="public-order"),
]
