from django.contrib import admin

from biocampus.catalog.models import AudienceTag, Language, Meeting, Pillar, Programme, Session


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "position")


admin.site.register(AudienceTag)
admin.site.register(Language)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("title", "operator", "pillar", "format", "status")
    list_filter = ("status", "pillar", "format", "operator")
    search_fields = ("title", "summary")
    filter_horizontal = ("audiences", "languages")
    readonly_fields = ("created_at", "updated_at")


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    readonly_fields = ("starts_at", "ends_at", "title")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    """Read-only: dates, seats, meetings and the rooms they hold change only through the
    session lifecycle (catalog/services/sessions.py), on the back-office pages or the API."""

    list_display = ("programme", "starts_at", "capacity", "confirmed_seats", "status")
    list_filter = ("status", "programme__pillar")
    search_fields = ("programme__title",)
    readonly_fields = (
        "programme",
        "starts_at",
        "ends_at",
        "capacity",
        "enrolment_deadline",
        "location",
        "status",
        "confirmed_seats",
        "created_at",
    )
    inlines = [MeetingInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
