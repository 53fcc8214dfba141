"""API v1 shapes for the caller and organisations (DESIGN §8). Shapes only; no rules."""

from rest_framework import serializers

from .models import Membership, Organisation


class MembershipSerializer(serializers.ModelSerializer):
    organisation_slug = serializers.SlugField(source="organisation.slug", read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", "organisation_slug", "role"]
        read_only_fields = fields


class MeSerializer(serializers.Serializer):
    """The caller. `memberships` holds the active ones only: an inactive one grants nothing."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    memberships = MembershipSerializer(many=True, read_only=True)


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "slug", "name", "kind", "currency"]
        read_only_fields = fields
