"""The admin: stakeholder groups, benefits and indicators as editable data, priorities, and the
roll-ups and their runs for inspection (derived rows: read only; the freshness page starts a
rebuild)."""

from django.contrib import admin

from .models import (
    Benefit,
    BenefitPriority,
    ContributionRollup,
    ContributorRollup,
    Indicator,
    PublicInputRollup,
    RollupRun,
    StakeholderGroup,
)


class BenefitInline(admin.TabularInline):
    model = Benefit
    extra = 0
    fields = ["position", "slug", "name"]
    show_change_link = True


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["position", "slug", "name", "unit", "better", "source", "source_key"]


@admin.register(StakeholderGroup)
class StakeholderGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    inlines = [BenefitInline]


@admin.register(Benefit)
class BenefitAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "slug", "position"]
    list_filter = ["group"]
    search_fields = ["name", "slug"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "benefit", "unit", "better", "source"]
    list_filter = ["source", "better", "benefit__group"]
    search_fields = ["name", "slug"]


@admin.register(BenefitPriority)
class BenefitPriorityAdmin(admin.ModelAdmin):
    list_display = ["organisation", "rank", "benefit", "weight", "set_by", "set_at"]
    list_filter = ["organisation"]
    raw_id_fields = ["set_by"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Derived rows: recomputed from the ledger, never edited by hand."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ContributionRollup)
class ContributionRollupAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "month", "kind", "status", "hours", "value", "count",
                    "currency", "computed_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["initiative"]
    date_hierarchy = "month"


@admin.register(PublicInputRollup)
class PublicInputRollupAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "month", "kind", "hours", "value", "count", "currency",
                    "computed_at"]
    list_filter = ["kind"]
    list_select_related = ["initiative"]
    date_hierarchy = "month"


@admin.register(ContributorRollup)
class ContributorRollupAdmin(ReadOnlyAdmin):
    list_display = ["initiative", "month", "contributor_key", "hours", "value", "count",
                    "computed_at"]
    list_select_related = ["initiative"]
    search_fields = ["contributor_key"]
    date_hierarchy = "month"


@admin.register(RollupRun)
class RollupRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "kind", "outcome", "buckets_done", "buckets_total",
                    "drift_corrected", "finished_at", "requested_by"]
    list_filter = ["kind", "outcome"]
    list_select_related = ["requested_by"]
