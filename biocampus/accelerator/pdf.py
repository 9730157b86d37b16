"""Applicants' PDFs: parsed strictly, and saved again without what could identify the
author in a blind review (document information, XMP metadata, embedded files, scripts).

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
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for key in _CATALOGUE_STRIPPED:
                if key in pdf.Root:
                    del pdf.Root[key]
            if "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            for page in pdf.pages:
                for key in ("/AA", "/Metadata", "/PieceInfo"):
                    if key in page.obj:
                        del page.obj[key]
            out = io.BytesIO()
            pdf.save(out, fix_metadata_version=False, deterministic_id=True)
    except pikepdf.PdfError as exc:
        raise DomainError(_("This file is not a readable PDF."), code="not_pdf") from exc
    return out.getvalue()
