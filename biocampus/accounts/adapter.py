"""allauth's e-mails in the campus's voice: the site's name (not the host it was reached
on) and an HTML part beside the text, in the same layout as every other e-mail."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import linebreaks, urlize


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        site = SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        super().send_mail(template_prefix, email, {**context, "current_site": site})

    def render_mail(self, template_prefix, email, context, headers=None) -> EmailMessage:
        message = super().render_mail(template_prefix, email, context, headers)
        if not getattr(message, "alternatives", None) and message.content_subtype == "plain":
            # allauth ships text templates only: the HTML part is their text, with links
            # made clickable, in the campus's e-mail layout.
            html = render_to_string(
                "email/text_as_html.html",
                {
                    "site_name": settings.SITE_NAME,
                    "subject": message.subject,
                    "body_html": linebreaks(
                        urlize(message.body, autoescape=True), autoescape=False
                    ),
                    "LANGUAGE_CODE": translation.get_language(),
                },
            )
            message.attach_alternative(html, "text/html")
        return message
