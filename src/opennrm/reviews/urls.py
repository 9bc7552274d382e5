from django.urls import path

from opennrm.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("quality-checks/", views.quality_checks, name="quality-checks"),
    path("measures/", views.measures, name="measures"),
    path("quality-checks/<str:reference>/", views.quality_check, name="quality-check"),
    path("<str:reference>/", views.review, name="review"),
    path("<str:reference>/conclude/", views.conclude, name="conclude"),
    path("<str:reference>/respond/", views.respond, name="respond"),
]
