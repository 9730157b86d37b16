"""Composing a notification: plain text and HTML from one template pair, in the
recipient's language, with a link to the page it is about, the headers that mark it as
automatic and, for what a person may turn off, a List-Unsubscribe link."""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from biocampus.outbox.registry import subject_and_body


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def compose(
    template: str,
    context: dict,
    *,
    to: str,
    language: str,
    link: str = "",
    link_label: str = "",
    unsubscribe_url: str = "",
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> EmailMultiAlternatives:
    """`template` names the pair: `<template>.txt` (first line the subject) and
    `<template>.html` (extends email/base.html). `link` is an absolute URL."""
    with translation.override(language or settings.LANGUAGE_CODE):
        full = {
            **context,
            "site_name": settings.SITE_NAME,
            "link": link,
            "link_label": link_label,
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": absolute(reverse("outbox:preferences")),
            "LANGUAGE_CODE": translation.get_language(),
        }
        subject, body = subject_and_body(render_to_string(f"{template}.txt", full))
        full["subject"] = subject
        html = render_to_string(f"{template}.html", full)
        if link:
            body += f"\n{link_label}: {link}\n"
        if unsubscribe_url:
            body += "\n-- \n" + translation.gettext("Stop e-mails like this one: %(url)s") % {
                "url": unsubscribe_url
            }
    headers = {}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        # RFC 8058: a mail client may unsubscribe with one POST, without a page.
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to], headers=headers)
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message
