from django.apps import AppConfig


class PanelsConfig(AppConfig):
    """Children first: local multi-agency child panels and their meetings, guardians, age
    assessments and missing episodes, alongside the NRM."""

    name = "opennrm.panels"
    label = "panels"
    verbose_name = "Child panels and safeguarding"

    def ready(self) -> None:
        from opennrm.panels import access, retention, sections, sittings

        access.register_relations()
        sittings.register()
        sections.register()
        retention.register()
