from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "opennrm.people"
    label = "people"
    verbose_name = "People"
