from django.urls import path

from opennrm.retention import views

app_name = "retention"

urlpatterns = [
    path("", views.holds, name="holds"),
    path("new/", views.hold_new, name="hold-new"),
    path("<int:hold_id>/lift/", views.hold_lift, name="hold-lift"),
]
