from django.urls import path

from opennrm.core import views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("healthz", views.healthz, name="healthz"),
]
