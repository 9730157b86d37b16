from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from biocampus.outbox.delivery import resend
from biocampus.outbox.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """Who was written to, about what, and how delivery went — never the text, which can
    hold a password-reset link."""

    list_display = ("created_at", "kind", "recipient", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("recipient", "subject")
    fields = (
        "uid", "kind", "user", "recipient", "subject", "status", "attempts",
        "next_attempt_at", "last_error", "created_at", "sent_at",
    )  # fmt: skip
    readonly_fields = fields
    actions = ["resend_failed"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send the failed e-mails again"))
    def resend_failed(self, request, queryset) -> None:
        count = sum(resend(email, actor=request.user) for email in queryset)
        messages.success(request, _("%(n)d e-mail(s) queued again.") % {"n": count})
