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


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    """Read-mostly: seat changes go through the enrolment service, never this form."""

    list_display = ("programme", "starts_at", "capacity", "confirmed_seats", "status")
    list_filter = ("status", "programme__pillar")
    search_fields = ("programme__title",)
    readonly_fields = ("confirmed_seats", "status", "capacity", "created_at")
    inlines = [MeetingInline]
