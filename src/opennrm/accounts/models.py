"""Organisations, the people who work in them, and the roles they hold there."""

import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opennrm.access.roles import ROLE_LABELS, Role
from opennrm.accounts.published import PUBLISHED_TYPE_LABELS, PublishedResponderType
from opennrm.policy.calendar import Nation as NationValue


class Nation(models.TextChoices):
    """A UK nation: each has its own bank holidays and, in places, its own law."""

    ENGLAND = NationValue.ENGLAND, _("England")
    WALES = NationValue.WALES, _("Wales")
    SCOTLAND = NationValue.SCOTLAND, _("Scotland")
    NORTHERN_IRELAND = NationValue.NORTHERN_IRELAND, _("Northern Ireland")


class OrganisationType(models.TextChoices):
    """What kind of body an organisation is; the statistics group first responders by it."""

    POLICE_FORCE = "police_force", _("Police force")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    HOME_OFFICE_UNIT = "home_office_unit", _("Home Office unit")
    GOVERNMENT_AGENCY = "government_agency", _("Other government agency")
    NGO = "ngo", _("Non-governmental organisation")
    HEALTH_BODY = "health_body", _("Health body")
    COMPETENT_AUTHORITY = "competent_authority", _("Competent authority")
    PANEL_HOST = "panel_host", _("Child decision-making panel host")
    GUARDIAN_SERVICE = "guardian_service", _("Guardian service")
    SUPPORT_PROVIDER = "support_provider", _("Support provider")
    STATISTICS = "statistics", _("Statistics")


class PublishedFirstResponderType(models.TextChoices):
    """A first responder type as the official statistics publish it (values from
    ``published.PublishedResponderType``)."""

    GOVERNMENT_AGENCY = (
        PublishedResponderType.GOVERNMENT_AGENCY,
        PUBLISHED_TYPE_LABELS[PublishedResponderType.GOVERNMENT_AGENCY],
    )
    LOCAL_AUTHORITY = (
        PublishedResponderType.LOCAL_AUTHORITY,
        PUBLISHED_TYPE_LABELS[PublishedResponderType.LOCAL_AUTHORITY],
    )
    NGO = PublishedResponderType.NGO, PUBLISHED_TYPE_LABELS[PublishedResponderType.NGO]
    POLICE = PublishedResponderType.POLICE, PUBLISHED_TYPE_LABELS[PublishedResponderType.POLICE]
    OTHER = PublishedResponderType.OTHER, PUBLISHED_TYPE_LABELS[PublishedResponderType.OTHER]


class Organisation(models.Model):
    """A body whose staff use the service.

    Only a *designated first responder organisation* may refer a potential victim into the
    NRM (MSA 2015 s52 and the statutory guidance list). A panel host runs a local
    multi-agency child decision-making panel for the site named in ``panel_site``.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    organisation_type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    nation = models.CharField(_("UK nation"), max_length=32, choices=Nation.choices, blank=True)
    is_designated_first_responder = models.BooleanField(
        _("designated first responder organisation"), default=False
    )
    panel_site = models.CharField(
        _("child decision-making panel site"),
        max_length=200,
        blank=True,
        help_text=_("For a panel host: the devolved decision-making site it serves."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # How the official statistics publish the organisation's referrals: Home Office units
    # under their command, local authorities together (``accounts.published``). Empty means
    # the default for its name and type.
    published_label = models.CharField(
        _("published first responder name"),
        max_length=200,
        blank=True,
        help_text=_("The name the official statistics publish this first responder under."),
    )
    published_type = models.CharField(
        _("published first responder type"),
        max_length=32,
        choices=PublishedFirstResponderType.choices,
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation_type"])]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    """Creates people who sign in with their e-mail address."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in to the service with their work e-mail address.

    What they may do and see comes from their role memberships, never from flags on the
    user: a first responder in one organisation sees only that organisation's referrals.
    """

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def _role_pairs(self) -> list[tuple[str, int]]:
        # Cached on the instance: a page asks about roles many times, the database once.
        cached: list[tuple[str, int]] | None = getattr(self, "_role_pairs_cache", None)
        if cached is None:
            cached = list(
                self.memberships.filter(is_active=True, organisation__is_active=True).values_list(
                    "role", "organisation_id"
                )
            )
            self._role_pairs_cache = cached
        return cached

    def organisation_ids_for(self, *roles: str) -> frozenset[int]:
        """The organisations in which this person holds any of ``roles`` (asked by the access
        policy, ``opennrm.access``; nothing else reasons about roles)."""
        return frozenset(org for role, org in self._role_pairs() if role in roles)


class RoleMembership(models.Model):
    """That a person holds a role in an organisation (e.g. a caseworker in the SCA)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=[(role.value, _(ROLE_LABELS[role])) for role in Role],
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_role_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class ApiToken(models.Model):
    """A bearer token with which another organisation's system calls the API as a person.

    Only a SHA-256 digest of the token is stored; the token itself is shown once. Every
    token expires (``expires_at``); after that it is refused and a new one must be issued.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, default="API token")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text=_("The first characters, to recognise it."))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "onrm_" + secrets.token_urlsafe(32)


class UserSession(models.Model):
    """A browser session in which a person is signed in.

    Kept so that every session of a person can be ended at once on the server: when they
    sign out, when their account is disabled, when their password is reset or their second
    factor is reset. The session itself (and its idle and absolute limits) lives in
    Django's session store; this row only says whose it is.
    """

    session_key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"Session of {self.user} since {self.created_at:%Y-%m-%d %H:%M}"
