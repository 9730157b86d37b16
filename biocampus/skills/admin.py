from django.contrib import admin

from biocampus.skills.models import (
    Framework,
    HiringForecast,
    LearnerProfile,
    Occupation,
    Skill,
    Vacancy,
)


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "publisher", "imported_at"]
    readonly_fields = ["imported_at", "languages", "attribution"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["__str__", "framework", "kind", "pillar", "status"]
    list_filter = ["framework", "kind", "pillar", "status"]
    search_fields = ["search_text", "uri", "code"]
    readonly_fields = ["uri", "framework", "search_text"]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "framework", "kind", "isco_code", "pillar"]
    list_filter = ["framework", "kind", "pillar"]
    search_fields = ["search_text", "uri", "code"]
    readonly_fields = ["uri", "framework", "search_text"]


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["title", "employer", "occupation", "openings", "closes_on", "status"]
    list_filter = ["status", "contract"]
    search_fields = ["title", "employer__name"]
    raw_id_fields = ["occupation", "created_by"]


@admin.register(HiringForecast)
class HiringForecastAdmin(admin.ModelAdmin):
    list_display = ["employer", "occupation", "year", "headcount"]
    list_filter = ["year"]
    raw_id_fields = ["occupation"]


@admin.register(LearnerProfile)
class LearnerProfileAdmin(admin.ModelAdmin):
    list_display = ["learner", "findable", "consent_changed_at", "target_occupation"]
    list_filter = ["findable"]
    raw_id_fields = ["learner", "target_occupation"]
    # Consent is the learner's own decision: the admin can see it, not change it.
    readonly_fields = ["findable", "consent_changed_at"]
