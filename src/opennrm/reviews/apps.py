from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Safeguards on decisions: a senior caseworker's quality check and the independent
    review panel, before a negative decision is issued, and how both are going."""

    name = "opennrm.reviews"
    label = "reviews"
    verbose_name = "Independent review and quality checks"

    def ready(self) -> None:
        from opennrm.reviews import access, retention, safeguards, sections

        access.register_relations()
        safeguards.register()
        sections.register()
        retention.register()
