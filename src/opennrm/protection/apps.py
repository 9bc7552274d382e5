from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    """After the decision: reconsideration, judicial review, support providers, move-on,
    leave to remain and public-order disqualification."""

    name = "opennrm.protection"
    label = "protection"
    verbose_name = "Protection after the decision"

    def ready(self) -> None:
        from opennrm.protection import access, measures, retention, sections

        access.register_relations()
        sections.register()
        retention.register()
        measures.register()
