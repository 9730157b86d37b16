"""Applicants' PDFs: parsed strictly, and saved again without what could identify the
author in a blind review (document information, XMP metadata on the document or any
object, annotations with their authors, attached files and actions, scripts). EXIF data
inside embedded images is not rewritten.

Saving through qpdf (pikepdf) also drops anything appended after the PDF, so a file that
is a PDF and something else at once (a polyglot) is stored as the PDF alone.
"""

import io

import pikepdf
from django.utils.translation import gettext_lazy as _

from biocampus.common.errors import DomainError

# Entries of the document catalogue that carry metadata or code, not the pages.
_CATALOGUE_STRIPPED = ("/Metadata", "/OpenAction", "/AA", "/Names", "/AcroForm", "/PieceInfo")


def clean_pdf(data: bytes) -> bytes:
    """The same pages with no author, creator, title, XMP or scripts. A file that does
    not start as a PDF or does not parse as one is refused."""
    if not data.startswith(b"%PDF-"):
        raise DomainError(_("Only PDF files are accepted."), code="not_pdf")
    try:
        # No recovery: a file whose structure is broken is refused, not guessed at.
        with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as pdf:
            for key in _CATALOGUE_STRIPPED:
                if key in pdf.Root:
                    del pdf.Root[key]
            if "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            for page in pdf.pages:
                # Annotations carry authors' names, attached files and actions.
                for key in ("/AA", "/Metadata", "/PieceInfo", "/Annots"):
                    if key in page.obj:
                        del page.obj[key]
            for obj in pdf.objects:
                # XMP can hang on any stream or dictionary (an image's, a font's).
                if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and "/Metadata" in obj:
                    del obj["/Metadata"]
            out = io.BytesIO()
            pdf.save(out, fix_metadata_version=False, deterministic_id=True)
    except pikepdf.PdfError as exc:
        raise DomainError(_("This file is not a readable PDF."), code="not_pdf") from exc
    return out.getvalue()
