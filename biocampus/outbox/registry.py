"""Which function renders each kind of notification at send time.

Apps register their renderers in their `emails` module (imported by their AppConfig), so a
row only names a kind and holds references.
"""

from collections.abc import Callable

from django.core.mail import EmailMessage

# Called as render(params, kind=kind); None when what it was about no longer exists.
Renderer = Callable[..., EmailMessage | None]

_renderers: dict[str, Renderer] = {}


def renders(*kinds: str) -> Callable[[Renderer], Renderer]:
    def register(function: Renderer) -> Renderer:
        for kind in kinds:
            if kind in _renderers:
                raise ValueError(f"{kind} already has a renderer")
            _renderers[kind] = function
        return function

    return register


def renderer_for(kind: str) -> Renderer | None:
    return _renderers.get(kind)


def subject_and_body(text: str) -> tuple[str, str]:
    """Split a rendered mail template: its first line is the subject."""
    subject, _sep, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"
