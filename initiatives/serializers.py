"""API v1 shapes for the taxonomy, service areas and initiatives (DESIGN §8).

Serializers check shapes only: types, lengths, that a referenced slug or id exists. The
rules (lifecycle, relations, who may do what) live in services and rules.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from people.models import Organisation, User

from .models import (
    Area,
    CoproductionType,
    Initiative,
    ServiceArea,
    Status,
    StatusChange,
)


class CoproductionTypeSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    examples = serializers.ListField(
        child=serializers.CharField(), source="example_list", read_only=True
    )

    class Meta:
        model = CoproductionType
        fields = ["slug", "name", "parent", "examples", "description"]
        read_only_fields = fields


class ServiceAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceArea
        fields = ["slug", "name"]
        read_only_fields = fields


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusChange
        fields = ["from_status", "to_status", "reason", "changed_by", "changed_at"]
        read_only_fields = fields


class InitiativeSerializer(serializers.ModelSerializer):
    lead_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    partner_organisations = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, required=False
    )
    service_area = serializers.SlugRelatedField(
        slug_field="slug", queryset=ServiceArea.objects.all()
    )
    # An empty list passes here so that the service's own message ("choose at least one")
    # answers it, the same on the page and in the API.
    coproduction_types = serializers.SlugRelatedField(
        slug_field="slug", queryset=CoproductionType.objects.all(), many=True, allow_empty=True
    )
    areas = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), many=True, required=False
    )
    lead_professional = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Initiative
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "description",
            "lead_organisation",
            "partner_organisations",
            "service_area",
            "coproduction_types",
            "areas",
            "mode",
            "status",
            "start_date",
            "end_date",
            "lead_professional",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "slug", "status", "created_at", "updated_at"]

    def validate(self, attrs: dict) -> dict:
        # A read-only field is silently ignored by DRF; a client sending a status expects it
        # to change, so say where status changes go instead.
        if "status" in getattr(self, "initial_data", {}):
            raise serializers.ValidationError(
                {
                    "status": [
                        _("The status cannot be set here: POST it to the initiative's transition/.")
                    ]
                }
            )
        return attrs


class InitiativeDetailSerializer(InitiativeSerializer):
    status_history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)

    class Meta(InitiativeSerializer.Meta):
        fields = [*InitiativeSerializer.Meta.fields, "status_history"]
        read_only_fields = [*InitiativeSerializer.Meta.read_only_fields, "status_history"]


class InitiativeTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
