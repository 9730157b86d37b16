"""Real SMTP endpoints on this machine: one that works (aiosmtpd), one that refuses
connections, one that accepts and never answers."""

import socket
import threading
from email import message_from_bytes
from types import SimpleNamespace

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """Accepts everything except mailboxes named refused@...: those get a 550."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refused@"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _smtp_settings(settings, port: int, timeout: int = 2) -> None:
    settings.DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = timeout


def free_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


@pytest.fixture
def working_smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    _smtp_settings(settings, controller.port)
    yield inbox
    controller.stop()


@pytest.fixture
def refusing_smtp(settings):
    """A port nothing listens on: every connection is refused."""
    port = free_port()
    _smtp_settings(settings, port)
    return port


@pytest.fixture
def hanging_smtp(settings):
    """Accepts the connection and never sends the SMTP greeting."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []

    def serve():
        try:
            while True:
                accepted.append(server.accept()[0])
        except OSError:
            return

    threading.Thread(target=serve, daemon=True).start()
    port = server.getsockname()[1]
    _smtp_settings(settings, port, timeout=1)
    yield SimpleNamespace(port=port, accepted=accepted)
    server.close()
    for conn in accepted:
        conn.close()
