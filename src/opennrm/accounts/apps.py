from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Organisations, the people in them, and the roles they hold."""

    name = "opennrm.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models import Q

        from opennrm.accounts.receivers import account_locked_out, forget_session, record_session

        user_logged_in.connect(record_session, dispatch_uid="opennrm-record-session")
        user_logged_out.connect(forget_session, dispatch_uid="opennrm-forget-session")
        user_locked_out.connect(account_locked_out, dispatch_uid="opennrm-audit-locked-out")

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
