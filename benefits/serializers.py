"""API v1 shapes of benefits: an initiative's accounts (DESIGN §8), read from the roll-ups.

(The dashboards' shapes are in serializers_dashboards.py.)
"""

from django.utils.translation import gettext_lazy as _
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
