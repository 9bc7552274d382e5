from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Organisations, the people in them, and the roles they hold."""

    name = "opennrm.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.db.models import Q

        from opennrm.access.evaluate import Resolver, register
        from opennrm.access.policy import Relation
        from opennrm.accounts.models import Organisation

        # A person acts for an organisation (refers for it, say) where they hold the role.
        register(
            "organisation",
            Organisation,
            {
                Relation.OWN_ORGANISATION: Resolver(
                    scope=lambda user, orgs: Q(pk__in=orgs),
                    holds=lambda user, orgs, organisation: organisation.pk in orgs,
                )
            },
        )
