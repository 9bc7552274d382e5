from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The signed-in home page and the service navigation: each person's work, by role."""

    name = "opennrm.home"
    label = "home"
    verbose_name = "Home"
