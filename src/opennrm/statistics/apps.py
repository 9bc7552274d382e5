from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    """The official NRM statistics: tables, disclosure control, exports, dashboards,
    fairness monitoring, open data and the synthetic national dataset."""

    name = "opennrm.statistics"
    label = "statistics"
    verbose_name = "Statistics"

    def ready(self) -> None:
        from opennrm.statistics.access import register_relations

        register_relations()
