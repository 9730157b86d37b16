from django.contrib import admin

from biocampus.enrolment.models import Attendance, Enrolment


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    """Read-only: every enrolment change goes through the service that keeps the seat ledger."""

    list_display = ("learner", "session", "seats", "status", "queued_at")
    list_filter = ("status",)
    search_fields = ("learner__email", "session__programme__title")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("enrolment", "meeting", "present", "marked_at")
