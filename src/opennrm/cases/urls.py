from django.urls import path

from opennrm.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("assign-selected/", views.assign_selected, name="assign-selected"),
    path("<str:reference>/", views.case_page, name="case"),
    path("<str:reference>/assign-to-me/", views.assign_to_me, name="assign-to-me"),
    path("<str:reference>/assign/", views.assign, name="assign"),
    path("<str:reference>/decide/<slug:stage>/", views.decide, name="decide"),
    path("<str:reference>/action/<slug:action>/", views.case_action, name="action"),
    path("<str:reference>/decisions/<int:decision_id>/letter/", views.letter, name="letter"),
    path(
        "<str:reference>/decisions/<int:decision_id>/letter.pdf",
        views.letter_pdf,
        name="letter-pdf",
    ),
    path(
        "<str:reference>/request-information/",
        views.request_information,
        name="request-information",
    ),
]
