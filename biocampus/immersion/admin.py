from django.contrib import admin

from biocampus.immersion.models import ImmersionFormat, StaffSkill, Station, Visit, VisitDay


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
    search_fields = ["class_name", "school__name"]
    autocomplete_fields = ["school", "teacher"]
    date_hierarchy = "date"
