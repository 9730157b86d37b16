from django.contrib import admin

from biocampus.immersion.models import (
    DayPlan,
    ImmersionFormat,
    PlanSlot,
    StaffSkill,
    Station,
    Visit,
    VisitDay,
    VisitFeedback,
    Walk,
)


class StationInline(admin.TabularInline):
    model = Station
    extra = 0
    autocomplete_fields = ["resource"]


@admin.register(ImmersionFormat)
class ImmersionFormatAdmin(admin.ModelAdmin):
    list_display = ["name", "length", "min_school_year", "published"]
    list_filter = ["length", "published"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [StationInline]


@admin.register(VisitDay)
class VisitDayAdmin(admin.ModelAdmin):
    list_display = ["date", "opens", "closes", "campus"]
    date_hierarchy = "date"


@admin.register(StaffSkill)
class StaffSkillAdmin(admin.ModelAdmin):
    list_display = ["person", "skill"]
    search_fields = ["skill", "person__email"]
    autocomplete_fields = ["person"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["class_name", "school", "format", "date", "pupils", "status"]
    list_filter = ["status", "format", "language"]
    search_fields = ["class_name", "school__name", "municipality"]
    autocomplete_fields = ["school", "teacher"]
    date_hierarchy = "date"


class PlanSlotInline(admin.TabularInline):
    model = PlanSlot
    extra = 0
    can_delete = False
    readonly_fields = ["visit", "group", "station", "starts_at", "ends_at", "staff"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DayPlan)
class DayPlanAdmin(admin.ModelAdmin):
    """Read only: plans are computed and accepted through the planning service, which
    books the rooms; an edit here would bypass it."""

    list_display = ["date", "campus", "status", "solver_status", "idle_minutes", "staff_on_duty"]
    list_filter = ["status", "solver_status"]
    readonly_fields = [f.name for f in DayPlan._meta.fields]
    inlines = [PlanSlotInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(VisitFeedback)
class VisitFeedbackAdmin(admin.ModelAdmin):
    """Read only: the teacher's words as they gave them."""

    list_display = ["visit", "rating", "created_at"]
    list_filter = ["rating"]
    readonly_fields = [f.name for f in VisitFeedback._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Walk)
class WalkAdmin(admin.ModelAdmin):
    list_display = ["from_room", "to_room", "minutes", "campus"]
    autocomplete_fields = ["from_room", "to_room"]
