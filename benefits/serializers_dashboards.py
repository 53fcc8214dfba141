"""Shapes of the `dashboards/stakeholders/` API: each stakeholder group's benefits with the
organisation's priority and each indicator's value, previous value and trend."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .dashboards import Trend
from .models import Direction, IndicatorSource

TREND_CHOICES = [(Trend.UP, _("Up")), (Trend.DOWN, _("Down")), (Trend.FLAT, _("No change"))]


def _decimal(**kwargs) -> serializers.DecimalField:
    """A decimal string at the figure's own precision ("0.875", "46.7", "350.00"), or null."""
    return serializers.DecimalField(
        max_digits=None, decimal_places=None, allow_null=True, read_only=True, **kwargs
    )


class StakeholderGroupRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class PrioritySerializer(serializers.Serializer):
    rank = serializers.IntegerField(read_only=True, help_text=_("1 is the first priority."))
    weight = serializers.IntegerField(read_only=True, help_text=_("0–100."))


class IndicatorValueSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="indicator.slug", read_only=True)
    name = serializers.CharField(source="indicator.name", read_only=True)
    unit = serializers.CharField(
        read_only=True, help_text=_("The currency code for money indicators.")
    )
    better = serializers.ChoiceField(
        source="indicator.better", choices=Direction.choices, read_only=True
    )
    source = serializers.ChoiceField(
        source="indicator.source", choices=IndicatorSource.choices, read_only=True
    )
    value = _decimal(help_text=_("The value for the period; null where there is no data yet."))
    previous_value = _decimal(help_text=_("The value for the previous period of the same length."))
    trend = serializers.ChoiceField(
        choices=TREND_CHOICES, allow_null=True, read_only=True,
        help_text=_("The value against the previous period's; null where either is missing."),
    )
    improving = serializers.BooleanField(
        allow_null=True, read_only=True,
        help_text=_("Whether the trend goes the better way; null when flat or unknown."),
    )


class BenefitEntrySerializer(serializers.Serializer):
    stakeholder_group = StakeholderGroupRefSerializer(source="group", read_only=True)
    slug = serializers.SlugField(source="benefit.slug", read_only=True)
    name = serializers.CharField(source="benefit.name", read_only=True)
    priority = PrioritySerializer(
        read_only=True, allow_null=True,
        help_text=_("The organisation's rank and weight for this benefit; null if not a priority."),
    )
    indicators = IndicatorValueSerializer(many=True, read_only=True)


class StakeholderBenefitsSerializer(serializers.Serializer):
    organisation = serializers.SlugField(source="organisation.slug", read_only=True)
    currency = serializers.CharField(read_only=True)
    period_from = serializers.SerializerMethodField(
        method_name="get_period_from", help_text=_("First month, YYYY-MM.")
    )
    period_to = serializers.SerializerMethodField(
        method_name="get_period_to", help_text=_("Last month, YYYY-MM.")
    )
    previous_from = serializers.SerializerMethodField(
        method_name="get_previous_from",
        help_text=_("First month of the previous period, YYYY-MM.")
    )
    previous_to = serializers.SerializerMethodField(
        method_name="get_previous_to",
        help_text=_("Last month of the previous period, YYYY-MM.")
    )
    as_of = serializers.DateTimeField(
        read_only=True, allow_null=True,
        help_text=_("When the figures were rolled up; null before the first roll-up."),
    )
    benefits = BenefitEntrySerializer(
        many=True, read_only=True,
        help_text=_("The organisation's priorities first, by rank; then the other benefits by "
                    "stakeholder group."),
    )

    def get_fields(self):
        fields = super().get_fields()
        # "from" and "to" are Python keywords: declared under other names, shown as these.
        fields["from"] = fields.pop("period_from")
        fields["to"] = fields.pop("period_to")
        ordered = ["organisation", "currency", "from", "to", "previous_from", "previous_to",
                   "as_of", "benefits"]
        return {name: fields[name] for name in ordered}

    def get_period_from(self, obj) -> str:
        return obj.period.first.strftime("%Y-%m")

    def get_period_to(self, obj) -> str:
        return obj.period.last.strftime("%Y-%m")

    def get_previous_from(self, obj) -> str:
        return obj.previous_period.first.strftime("%Y-%m")

    def get_previous_to(self, obj) -> str:
        return obj.previous_period.last.strftime("%Y-%m")
