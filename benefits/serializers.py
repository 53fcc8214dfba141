"""API v1 shapes of benefits: an initiative's accounts (DESIGN §8), read from the roll-ups.

(The dashboards' shapes are in serializers_dashboards.py.)
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from ledger.serializers import MoneyField


class AccountsSerializer(serializers.Serializer):
    currency = serializers.CharField()
    citizen_input_value = MoneyField(help_text=_("Σ verified contribution values."))
    public_input_value = MoneyField(help_text=_("Σ public input values."))
    pending_value = MoneyField(
        help_text=_("Σ submitted, not yet verified, contribution values; never in the totals.")
    )
    leverage = serializers.DecimalField(
        max_digits=12,
        decimal_places=3,
        allow_null=True,
        help_text=_("Citizen ÷ public, three places; null where no public input is recorded."),
    )
    coproduction_share = serializers.DecimalField(
        max_digits=4,
        decimal_places=3,
        allow_null=True,
        help_text=_("Citizen ÷ (citizen + public) as a fraction: 0.313 is 31.3%."),
    )
    hours = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text=_("Verified hours of time.")
    )
    contributors = serializers.IntegerField(help_text=_("Distinct verified contributors."))
    contributions = serializers.IntegerField(help_text=_("Verified contributions."))
    as_of = serializers.DateTimeField(
        help_text=_(
            "When the roll-ups behind these figures were computed (partial months at either "
            "end of the period are read from the ledger and are current)."
        )
    )
    stale_months = serializers.IntegerField(
        help_text=_(
            "Months of the period with ledger changes still waiting to be rolled up; "
            "0 when the figures include every change."
        )
    )

    def get_fields(self):
        # `from` is a Python keyword, so these two are added by name.
        fields = super().get_fields()
        fields["from"] = serializers.DateField(source="date_from", allow_null=True)
        fields["to"] = serializers.DateField(source="date_to", allow_null=True)
        return fields


class AccountsQuerySerializer(serializers.Serializer):
    def get_fields(self):
        return {
            "from": serializers.DateField(
                required=False, help_text=_("First day of the period (inclusive).")
            ),
            "to": serializers.DateField(
                required=False, help_text=_("Last day of the period (inclusive).")
            ),
        }

    def validate(self, attrs):
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": [_("The period ends before it starts.")]})
        return attrs


# --- outcomes beside the accounts (benefits.sroi) ---------------------------------------------


class DecimalStringField(MoneyField):
    """A decimal shown as it is computed or recorded ("12.00", "25.00", "0.035")."""


class QuantityField(MoneyField):
    """Outcome units, to the two places a reading is recorded with ("12.00")."""

    def to_representation(self, value):
        return format(Decimal(value).quantize(Decimal("0.01")), "f")


class CostPerOutcomeSerializer(serializers.Serializer):
    outcome = serializers.CharField(source="name", help_text=_("The outcome indicator's name."))
    unit = serializers.CharField()
    quantity = QuantityField(
        allow_null=True,
        help_text=_(
            "Units achieved in the period (verified readings whose period ends in it: a count's "
            "sum, a level's improvement on its baseline); null where nothing was measured."
        ),
    )
    public = MoneyField(
        source="cost_per_outcome_public",
        allow_null=True,
        help_text=_("Public input value ÷ units; null where no unit or no public input."),
    )
    total = MoneyField(
        source="cost_per_outcome_total",
        allow_null=True,
        help_text=_("(Citizen + public input value) ÷ units; null where no unit or no input."),
    )


class SroiOutcomeSerializer(serializers.Serializer):
    name = serializers.CharField()
    quantity = QuantityField(allow_null=True)
    financial_proxy = MoneyField(allow_null=True, help_text=_("Value of one unit."))
    proxy_source = serializers.CharField(help_text=_("Where the proxy comes from."))
    deadweight = DecimalStringField(help_text=_("Percent that would have happened anyway."))
    displacement = DecimalStringField(help_text=_("Percent displaced from elsewhere."))
    attribution = DecimalStringField(help_text=_("Percent owed to others."))
    drop_off = DecimalStringField(help_text=_("Percent by which the value falls each later year."))
    duration_years = serializers.IntegerField()
    year_values = serializers.ListField(
        child=MoneyField(), help_text=_("The value in each year, year 1 first.")
    )
    present_value = MoneyField(allow_null=True)


class SroiSerializer(serializers.Serializer):
    present_value = MoneyField(help_text=_("Σ of the valued outcomes' present values."))
    ratio = DecimalStringField(
        source="sroi",
        allow_null=True,
        help_text=_("Present value ÷ (citizen + public inputs), two places."),
    )
    public_ratio = DecimalStringField(
        source="sroi_public",
        allow_null=True,
        help_text=_("Present value ÷ public inputs (the public-investment view), two places."),
    )
    net_present_value = MoneyField(help_text=_("Present value − (citizen + public inputs)."))
    discount_rate = DecimalStringField(
        decimal_places=4, help_text=_("Yearly discount rate as a fraction: 0.035 is 3.5%.")
    )
    outcomes = SroiOutcomeSerializer(
        source="valued_outcomes", many=True, help_text=_("The valued outcomes.")
    )


@extend_schema_serializer(component_name="Accounts")  # the same shape, with fields added
class AccountsWithOutcomesSerializer(AccountsSerializer):
    """The accounts with what the inputs bought: cost per outcome both ways and SROI
    (ACCOUNTING.md). The instance is the Accounts; `context["outcomes"]` the
    InitiativeOutcomeFigures of the same period."""

    cost_per_outcome = serializers.SerializerMethodField(
        help_text=_("Per outcome indicator: public ÷ units and (citizen + public) ÷ units.")
    )
    sroi = serializers.SerializerMethodField(
        help_text=_("Social return on investment; null where no outcome is valued.")
    )

    @extend_schema_field(CostPerOutcomeSerializer(many=True))
    def get_cost_per_outcome(self, accounts) -> list:
        return CostPerOutcomeSerializer(self.context["outcomes"].outcomes, many=True).data

    @extend_schema_field(SroiSerializer(allow_null=True))
    def get_sroi(self, accounts) -> dict | None:
        figures = self.context["outcomes"]
        if figures.present_value is None:
            return None
        return SroiSerializer(figures).data
