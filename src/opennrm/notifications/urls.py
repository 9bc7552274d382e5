from django.urls import path

from opennrm.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:email_id>/retry/", views.retry, name="retry"),
]
