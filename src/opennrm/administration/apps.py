from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    """The administrators' pages: organisations, people, their roles and second factor."""

    name = "opennrm.administration"
    label = "administration"
    verbose_name = "Administration"
