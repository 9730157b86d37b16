from django.contrib import admin

from biocampus.outbox.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """Who was written to, about what, and how delivery went — never the text, which can
    hold a password-reset link. Failed e-mails are sent again from the campus's delivery
    page (/campus/mail/)."""

    list_display = ("created_at", "kind", "recipient", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("recipient", "subject")
    fields = (
        "uid", "kind", "user", "recipient", "subject", "status", "attempts",
        "next_attempt_at", "last_error", "created_at", "sent_at",
    )  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # A filter in the URL on the text (?message__body__icontains=...) would let a
        # reader guess a reset link letter by letter.
        if lookup.split("__")[0] in ("message", "params"):
            return False
        return super().lookup_allowed(lookup, value, request)
