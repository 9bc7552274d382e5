from django.urls import path

from opennrm.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.events, name="events"),
    path("viewers/", views.viewers, name="viewers"),
]
