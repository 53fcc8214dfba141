"""The admin: rate tables editable (every save revalues the lines it covers), ledger lines with
their change history, and the stale-bucket marks for inspection."""

from django.contrib import admin, messages
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, ActivityRate, Contribution, PublicInput, StaffCostRate, StaleBucket
from .services import activity_rate_save, staff_cost_rate_save


def _report_revalued(request, count: int) -> None:
    if count:
        messages.info(
            request,
            ngettext(
                "%(count)d line was revalued with the new rate.",
                "%(count)d lines were revalued with the new rate.",
                count,
            )
            % {"count": count},
        )


@admin.register(ActivityRate)
class ActivityRateAdmin(SimpleHistoryAdmin):
    list_display = [
        "activity",
        "organisation",
        "hourly_rate",
        "currency",
        "effective_from",
        "source_title",
        "source_year",
        "is_illustrative",
    ]
    list_filter = ["currency", "is_illustrative", "organisation"]
    search_fields = ["activity", "source_title", "source_publisher", "organisation__name"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "effective_from"

    def save_model(self, request, obj, form, change):
        _report_revalued(request, activity_rate_save(rate=obj, changed_by=request.user))


@admin.register(StaffCostRate)
class StaffCostRateAdmin(SimpleHistoryAdmin):
    list_display = [
        "organisation",
        "grade",
        "hourly_rate",
        "oncost_percent",
        "overhead_percent",
        "loaded_hourly_cost",
        "effective_from",
    ]
    list_filter = ["organisation"]
    search_fields = ["grade", "organisation__name"]
    autocomplete_fields = ["organisation"]

    def save_model(self, request, obj, form, change):
        _report_revalued(request, staff_cost_rate_save(rate=obj, changed_by=request.user))


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "key"]
    autocomplete_fields = ["organisation"]


class ReadOnlyLedgerAdmin(SimpleHistoryAdmin):
    """Ledger lines are read here, with their history; they change only through the services
    (pages, API, bulk), so that every rule applies, every line is revalued and every change
    marks its bucket stale."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyLedgerAdmin):
    list_display = [
        "id",
        "initiative",
        "contributor",
        "submitted_by_organisation",
        "kind",
        "activity",
        "date",
        "value",
        "currency",
        "status",
    ]
    list_filter = ["status", "kind", "currency", "method"]
    search_fields = ["initiative__title", "contributor__username", "external_ref", "volunteer_ref"]
    date_hierarchy = "date"
    list_select_related = ["initiative", "contributor", "submitted_by_organisation"]
    raw_id_fields = ["initiative", "contributor", "verified_by", "created_by"]
    autocomplete_fields = ["submitted_by_organisation"]
    history_list_display = ["status", "value", "rate", "method"]


@admin.register(PublicInput)
class PublicInputAdmin(ReadOnlyLedgerAdmin):
    list_display = ["id", "initiative", "organisation", "kind", "date", "value", "currency"]
    list_filter = ["kind", "currency", "method"]
    search_fields = ["initiative__title", "description", "grade"]
    date_hierarchy = "date"
    list_select_related = ["initiative", "organisation"]
    raw_id_fields = ["initiative", "recorded_by"]
    autocomplete_fields = ["organisation"]
    history_list_display = ["value", "rate", "method"]


@admin.register(StaleBucket)
class StaleBucketAdmin(admin.ModelAdmin):
    list_display = ["initiative", "month", "marked_at"]
    list_select_related = ["initiative"]
    readonly_fields = ["initiative", "month", "marked_at"]

    def has_add_permission(self, request):
        return False
