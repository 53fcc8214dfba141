"""Admin screens. Status is read-only here: the lifecycle changes only through its service."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Area,
    CitizenInterests,
    CoproductionType,
    Initiative,
    Participation,
    ServiceArea,
    StatusChange,
)


@admin.register(CoproductionType)
class CoproductionTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "position"]
    list_select_related = ["parent"]
    ordering = ["position"]
    readonly_fields = ["slug"]  # slugs are part of the public API


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation"]
    list_filter = ["kind", "organisation"]
    search_fields = ["name", "slug"]
    list_select_related = ["organisation"]
    prepopulated_fields = {"slug": ["name"]}


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "reason", "changed_by", "changed_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["joined_at"]


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "lead_organisation", "service_area", "start_date"]
    list_filter = ["status", "mode", "service_area", "coproduction_types", "lead_organisation"]
    list_select_related = ["lead_organisation", "service_area"]
    search_fields = ["title", "summary", "slug"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]
    filter_horizontal = ["partner_organisations", "coproduction_types", "areas"]
    autocomplete_fields = ["lead_organisation", "lead_professional"]
    inlines = [StatusChangeInline, ParticipationInline]
    date_hierarchy = "start_date"


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["initiative", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status"]
    list_select_related = ["initiative", "changed_by"]
    readonly_fields = [
        "initiative", "from_status", "to_status", "reason", "changed_by", "changed_at"
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["user", "initiative", "role", "joined_at", "left_at"]
    list_filter = ["role"]
    list_select_related = ["user", "initiative"]
    search_fields = ["user__username", "initiative__title"]
    autocomplete_fields = ["user", "initiative"]


@admin.register(CitizenInterests)
class CitizenInterestsAdmin(admin.ModelAdmin):
    list_display = ["user", "area"]
    list_select_related = ["user", "area"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["service_areas", "coproduction_types"]
