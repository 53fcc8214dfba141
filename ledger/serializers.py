"""API v1 shapes for contributions, public inputs and accounts (DESIGN §8).

Serializers check shapes only (types, lengths, that an id exists); every rule of ACCOUNTING.md
lives in the services. Money is a decimal string with its currency.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from initiatives.models import Initiative
from people.models import Organisation, User

from .models import Contribution, Kind, PublicInput


class MoneyField(serializers.DecimalField):
    """A value already rounded to its currency's minor unit, shown as it is ("239.00", "1200")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return format(Decimal(value), "f")


class RateField(serializers.DecimalField):
    """An hourly rate: at least two places, more only where the figure has them (44.8125)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 22)
        kwargs.setdefault("decimal_places", 10)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    @staticmethod
    def format_rate(value) -> str:
        value = Decimal(value).normalize()
        if value.as_tuple().exponent > -2:
            value = value.quantize(Decimal("0.01"))
        return format(value, "f")

    def to_representation(self, value):
        return self.format_rate(value)


def _fixed(value, places: int) -> str | None:
    if value is None:
        return None
    return format(Decimal(value).quantize(Decimal(1).scaleb(-places)), "f")


_DATETIME = serializers.DateTimeField()


class ContributionSerializer(serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(queryset=Initiative.objects.all())
    contributor = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("A user id; empty for an organisation's own volunteer."),
    )
    submitted_by_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "The organisation submitting for its volunteer. Inferred when you act for one "
            "organisation and send a volunteer_ref or external_ref."
        ),
    )
    external_ref = serializers.CharField(
        max_length=100, required=False, allow_null=True, allow_blank=True
    )
    activity = serializers.CharField(
        max_length=80,
        required=False,
        allow_blank=True,
        help_text=_("A co-production type slug or an organisation's activity key; picks the rate."),
    )
    currency = serializers.CharField(
        max_length=3,
        required=False,
        help_text=_("Defaults to the currency of the initiative's lead organisation."),
    )
    value = MoneyField(help_text=_("Computed when the line is valued; read only."))
    rate = RateField(allow_null=True)
    rate_source = serializers.CharField(read_only=True)
    verified_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Contribution
        fields = [
            "id",
            "initiative",
            "contributor",
            "submitted_by_organisation",
            "external_ref",
            "volunteer_ref",
            "kind",
            "activity",
            "date",
            "hours",
            "amount",
            "stipend_per_hour",
            "currency",
            "description",
            "status",
            "value",
            "rate",
            "method",
            "rate_source",
            "verified_by",
            "verified_at",
            "rejection_reason",
        ]
        # A resubmitted external_ref is answered with the stored row by the service, not refused.
        validators: list = []
        read_only_fields = [
            "id",
            "status",
            "value",
            "rate",
            "method",
            "rate_source",
            "verified_by",
            "verified_at",
            "rejection_reason",
        ]

    def to_representation(self, contribution: Contribution) -> dict:
        """Written out by hand: a bulk answer has 1,000 of these, and DRF's generic field walk
        costs more than validating the rows. Same fields and formats as declared above (a test
        holds them equal)."""
        verified_at = contribution.verified_at
        verified_at = None if verified_at is None else _DATETIME.to_representation(verified_at)
        return {
            "id": contribution.pk,
            "initiative": contribution.initiative_id,
            "contributor": contribution.contributor_id,
            "submitted_by_organisation": contribution.submitted_by_organisation_id,
            "external_ref": contribution.external_ref,
            "volunteer_ref": contribution.volunteer_ref,
            "kind": contribution.kind,
            "activity": contribution.activity,
            "date": contribution.date.isoformat(),
            "hours": _fixed(contribution.hours, 2),
            "amount": _fixed(contribution.amount, 2),
            "stipend_per_hour": _fixed(contribution.stipend_per_hour, 2),
            "currency": contribution.currency,
            "description": contribution.description,
            "status": contribution.status,
            "value": format(Decimal(contribution.value), "f"),
            "rate": None if contribution.rate is None else RateField.format_rate(contribution.rate),
            "method": contribution.method,
            "rate_source": contribution.rate_source,
            "verified_by": contribution.verified_by_id,
            "verified_at": verified_at,
            "rejection_reason": contribution.rejection_reason,
        }


class ContributionUpdateSerializer(ContributionSerializer):
    """What a partial update may change; who, where and the valuation are fixed."""

    initiative = serializers.PrimaryKeyRelatedField(read_only=True)
    contributor = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    submitted_by_organisation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    external_ref = serializers.CharField(read_only=True, allow_null=True)


class ContributionRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, help_text=_("Why it is rejected; required, shown to the contributor.")
    )


class ContributionBulkRowSerializer(serializers.Serializer):
    """One row of a bulk submission (documentation only: rows are checked by the service)."""

    initiative = serializers.IntegerField()
    contributor = serializers.IntegerField(required=False, allow_null=True)
    volunteer_ref = serializers.CharField(required=False, allow_blank=True)
    external_ref = serializers.CharField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=Kind.choices)
    activity = serializers.CharField(required=False, allow_blank=True)
    date = serializers.DateField()
    hours = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True
    )
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    stipend_per_hour = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True
    )
    currency = serializers.CharField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)


class ContributionBulkRequestSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(
        required=False,
        help_text=_("The submitting organisation's id; needed only if you act for more than one."),
    )
    contributions = ContributionBulkRowSerializer(many=True, help_text=_("Up to 1,000 rows."))


class ContributionBulkResultSerializer(ContributionSerializer):
    outcome = serializers.ChoiceField(
        choices=[("created", "created"), ("duplicate", "duplicate")],
        read_only=True,
        help_text=_("created, or duplicate: the external_ref was stored before; the stored row."),
    )

    class Meta(ContributionSerializer.Meta):
        fields = [*ContributionSerializer.Meta.fields, "outcome"]

    def to_representation(self, contribution: Contribution) -> dict:
        return {**super().to_representation(contribution), "outcome": contribution.outcome}


class ContributionBulkResponseSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    contributions = ContributionBulkResultSerializer(many=True)


class BulkRowErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class BulkErrorSerializer(serializers.Serializer):
    errors = BulkRowErrorSerializer(many=True)


class PublicInputSerializer(serializers.ModelSerializer):
    initiative = serializers.PrimaryKeyRelatedField(queryset=Initiative.objects.all())
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Whose input it is: the lead (default) or a partner organisation."),
    )
    currency = serializers.CharField(max_length=3, required=False)
    grade = serializers.CharField(max_length=80, required=False, allow_blank=True)
    hours = serializers.DecimalField(
        max_digits=8, decimal_places=2, required=False, allow_null=True
    )
    value = MoneyField()
    rate = RateField(
        allow_null=True, help_text=_("The grade's fully loaded hourly cost, for staff time.")
    )
    rate_source = serializers.SerializerMethodField()

    class Meta:
        model = PublicInput
        fields = [
            "id",
            "initiative",
            "organisation",
            "kind",
            "date",
            "hours",
            "grade",
            "amount",
            "currency",
            "description",
            "value",
            "rate",
            "method",
            "rate_source",
        ]
        read_only_fields = ["id", "value", "rate", "method", "rate_source"]

    def get_rate_source(self, public_input: PublicInput) -> str:
        rate = public_input.rate_used
        if rate is None:
            return ""
        return _(
            "%(grade)s from %(date)s: %(hourly)s an hour + %(oncost)s%% on-costs + "
            "%(overhead)s%% overhead"
        ) % {
            "grade": rate.grade,
            "date": rate.effective_from.isoformat(),
            "hourly": rate.hourly_rate,
            "oncost": rate.oncost_percent,
            "overhead": rate.overhead_percent,
        }
