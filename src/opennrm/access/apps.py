from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "opennrm.access"
    label = "access"
    verbose_name = "Access policy"
