"""Users, organisations, memberships with roles, and citizen profiles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

# ISO 4217 codes the product accepts; a currency's minor unit decides rounding.
CURRENCY_MINOR_UNITS: dict[str, int] = {
    "GBP": 2, "EUR": 2, "USD": 2, "CAD": 2, "AUD": 2, "NZD": 2, "CHF": 2,
    "DKK": 2, "NOK": 2, "SEK": 2, "PLN": 2, "CZK": 2, "HUF": 2, "JPY": 0,
}
CURRENCY_CHOICES = [(code, code) for code in sorted(CURRENCY_MINOR_UNITS)]


class User(AbstractUser):
    """A person who signs in: a citizen, a professional, an elected member or a partner."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PUBLIC_AGENCY = "public_agency", _("Public agency")
        THIRD_SECTOR = "third_sector", _("Third sector organisation")
        COMMUNITY_GROUP = "community_group", _("Community group")
        BUSINESS = "business", _("Business")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=CURRENCY_CHOICES,
        default="GBP",
        help_text=_("ISO 4217 code. Every money figure of this organisation is in it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    OFFICER = "officer", _("Frontline professional")
    MANAGER = "manager", _("Manager")
    MEMBER = "member", _("Elected member")
    PARTNER = "partner", _("Partner")


STAFF_ROLES = frozenset({Role.OFFICER, Role.MANAGER})
# Roles that see an organisation's own, not yet public, work.
INSIDER_ROLES = frozenset({Role.OFFICER, Role.MANAGER, Role.MEMBER, Role.PARTNER})


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True)


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class CitizenProfile(models.Model):
    """As little personal data as the product needs; consent is recorded with its date."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="citizen_profile", verbose_name=_("user")
    )
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("How you appear to others. It need not be your full name."),
    )
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("citizen profile")
        verbose_name_plural = _("citizen profiles")

    def __str__(self) -> str:
        return self.display_name

    @property
    def has_consented(self) -> bool:
        return self.consent_given_at is not None and self.consent_withdrawn_at is None


