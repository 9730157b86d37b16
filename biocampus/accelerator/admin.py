from django.contrib import admin

from biocampus.accelerator.models import Application, Call, Criterion, KpiReport, Question


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "operator",
        "opens_at",
        "closes_at",
        "cohort_size",
        "blind",
        "published",
    ]
    list_filter = ["published", "blind", "operator"]
    inlines = [CriterionInline, QuestionInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: applications change through the call's rules (deadline, selection)."""

    list_display = ["company", "call", "status", "submitted_at"]
    list_filter = ["status", "call"]
    search_fields = ["company__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(KpiReport)
class KpiReportAdmin(admin.ModelAdmin):
    list_display = ["application", "quarter", "jobs_fte", "funds_raised", "revenue", "trl"]
    list_filter = ["quarter"]
