from django.contrib import admin

from biocampus.facilities.models import Booking, Feature, OpeningHours, Resource


@admin.register(Feature)
class FeatureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_fr"]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "capacity", "hourly_rate", "organisation", "approval", "active"]
    list_filter = ["kind", "approval", "active", "features"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["features"]
    raw_id_fields = ["certification"]
    inlines = [OpeningHoursInline]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-only: bookings change through the booking rules (pages and API), never here,
    so the no-overlap check always runs."""

    list_display = ["resource", "starts_at", "ends_at", "organisation", "purpose", "status"]
    list_filter = ["status", "purpose", "resource"]
    date_hierarchy = "starts_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
