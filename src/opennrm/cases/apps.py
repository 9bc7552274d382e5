from django.apps import AppConfig


class CasesConfig(AppConfig):
    """The case a referral becomes: its state, its decision maker and its deadlines."""

    name = "opennrm.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from opennrm.cases import access, checks  # noqa: F401 - registers the system check

        access.register_relations()
