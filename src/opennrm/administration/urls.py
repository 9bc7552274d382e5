from django.urls import path

from opennrm.administration import views

app_name = "administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/new/", views.organisation_new, name="organisation-new"),
    path("organisations/<int:organisation_id>/", views.organisation, name="organisation"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_new, name="person-new"),
    path("people/<int:user_id>/", views.person, name="person"),
    path("people/<int:user_id>/roles/", views.role_grant, name="role-grant"),
    path(
        "people/<int:user_id>/roles/<int:membership_id>/revoke/",
        views.role_revoke,
        name="role-revoke",
    ),
    path("people/<int:user_id>/deactivate/", views.person_deactivate, name="person-deactivate"),
    path("people/<int:user_id>/reactivate/", views.person_reactivate, name="person-reactivate"),
    path(
        "people/<int:user_id>/reset-two-factor/",
        views.person_reset_two_factor,
        name="person-reset-two-factor",
    ),
]
