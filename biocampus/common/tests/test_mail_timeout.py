"""An SMTP server that accepts a connection and never answers must not hold the
e-mail worker for ever: delivery gives up after EMAIL_TIMEOUT seconds."""

import socket
import threading
import time

import pytest

from biocampus.common.mail import deliver_email


@pytest.fixture
def silent_smtp():
    """A real TCP listener that accepts and then says nothing (no SMTP greeting)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []

    def serve():
        try:
            while True:
                conn, _ = server.accept()
                accepted.append(conn)
        except OSError:
            return

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for conn in accepted:
        conn.close()


def test_a_silent_smtp_server_times_out_instead_of_blocking(settings, silent_smtp):
    # Django's default is no timeout at all: the project must set one.
    assert settings.EMAIL_TIMEOUT is not None
    assert 0 < settings.EMAIL_TIMEOUT <= 60
    settings.DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent_smtp
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 1
    outcome = {}

    def send():
        started = time.monotonic()
        try:
            deliver_email.call({"subject": "s", "body": "b", "to": ["a@example.test"]})
        except OSError as exc:  # smtplib raises its own OSError subclasses
            outcome["error"] = exc
        outcome["seconds"] = time.monotonic() - started

    worker = threading.Thread(target=send, daemon=True)
    worker.start()
    worker.join(timeout=15)
    assert not worker.is_alive(), "delivery still blocked after 15 s"
    assert "timed out" in str(outcome["error"])
    assert outcome["seconds"] < 5
