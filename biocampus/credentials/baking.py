"""Baked badges: a PNG image of the badge with the credential inside it, as Open Badges
3.0 bakes one (an uncompressed iTXt chunk, keyword "openbadgecredential", holding the
VC-JWT), so the image alone carries proof anyone can check."""

import io
import textwrap

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from biocampus.credentials.models import Credential

KEYWORD = "openbadgecredential"
SIZE = 480
BRAND, SOFT, INK = (11, 93, 75), (228, 241, 236), (255, 255, 255)
# An upload is a badge, not a photograph: refuse what could only be a decompression bomb.
MAX_BYTES = 512 * 1024
MAX_PIXELS = 2048 * 2048


class NotABadge(ValueError):
    """The file is not a PNG image with a baked credential."""


def _font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _centred(draw: ImageDraw.ImageDraw, y: int, lines: list[str], size: int, fill) -> int:
    font = _font(size)
    for line in lines:
        width = draw.textlength(line, font=font)
        draw.text(((SIZE - width) / 2, y), line, font=font, fill=fill)
        y += int(size * 1.25)
    return y


def badge_image(title: str, issuer: str) -> Image.Image:
    """The badge: a ring in the campus colour, the programme's name and its issuer."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((16, 16, SIZE - 16, SIZE - 16), fill=BRAND)
    draw.ellipse((44, 44, SIZE - 44, SIZE - 44), fill=SOFT)
    lines = textwrap.wrap(title, width=20)[:4]
    y = _centred(draw, 112, ["OPEN BADGE"], 20, BRAND) + 14
    y = _centred(draw, y, lines, 30, (20, 30, 28)) + 14
    _centred(draw, y, textwrap.wrap(issuer, width=30)[:2], 18, BRAND)
    return image


def bake(image: Image.Image, credential_text: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_itxt(KEYWORD, credential_text, zip=False)  # the standard forbids compression
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info, optimize=True)
    return out.getvalue()


def baked_badge(credential: Credential) -> bytes:
    document = credential.document
    image = badge_image(document.get("name", ""), document.get("issuer", {}).get("name", ""))
    return bake(image, credential.jwt)


def unbake(data: bytes) -> str:
    """The credential baked into a PNG image, as it was baked (a VC-JWT or JSON)."""
    if len(data) > MAX_BYTES:
        raise NotABadge(_("The image is larger than a badge can be (512 KB)."))
    try:
        image = Image.open(io.BytesIO(data), formats=["PNG"])
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise NotABadge(_("The image is larger than a badge can be."))
        if getattr(image, "is_animated", False):
            # Reading past the frames of an animation would decode every one of them.
            raise NotABadge(_("A badge is a still image, not an animation."))
        # A chunk before the pixels is read on opening; one after them costs decoding the
        # (single, bounded) image first.
        text = image.info.get(KEYWORD) or image.text.get(KEYWORD)
    except NotABadge:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise NotABadge(_("This is not a PNG image.")) from exc
    if not text:
        raise NotABadge(_("This image holds no Open Badges credential."))
    return str(text)
