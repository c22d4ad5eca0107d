"""A certificate as a PDF (reportlab): one landscape A4 page with the student's name, the course, the
date, the number and the link where anyone can check it.

reportlab (pure Python wheels) rather than WeasyPrint: it installs from PyPI alone, where WeasyPrint
needs Pango and its fonts from the operating system. The text uses the PDF standard fonts (Helvetica,
Times), which every reader has and which need not be embedded, wherever they can write it: they cover
Windows-1252 only. A name or a title with other letters (Yoruba's ẹ ọ ṣ, Igbo's ị ụ ṅ, Hausa's ɓ ɗ ƙ,
Vietnamese, Polish, Greek, Cyrillic) is drawn in the matching DejaVu face from `fonts/` (its licence
beside it), which reportlab embeds as a subset of the glyphs used. reportlab does not shape text, so
scripts that need shaping (Arabic, the Indic scripts) and those DejaVu lacks (CJK) are not covered."""

import unicodedata
from functools import cache
from io import BytesIO
from pathlib import Path

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from courses.models import Certificate

SCHOOL_NAME = "NCLEX Virtual School"
INK = colors.HexColor("#1f2a44")
ACCENT = colors.HexColor("#2b6cb0")
FONTS = Path(__file__).resolve().parent / "fonts"
# The DejaVu face drawn in place of a standard font for text that font cannot write.
UNICODE_FACES = {
    "Helvetica": "DejaVuSans",
    "Helvetica-Bold": "DejaVuSans-Bold",
    "Times-BoldItalic": "DejaVuSerif-BoldItalic",
}


def verification_url(number: str, *, build_absolute_uri) -> str:
    """Where the certificate's reader checks it: `CERTIFICATE_VERIFICATION_URL` with the number, else
    this API's public check (`/api/certificates/{number}/`)."""
    template = settings.CERTIFICATE_VERIFICATION_URL
    if template:
        return template.replace("{number}", number)
    return build_absolute_uri(f"/api/certificates/{number}/")


@cache
def _unicode_face(font: str) -> str:
    """The DejaVu face standing in for standard `font`, registered with reportlab on first use."""
    face = UNICODE_FACES[font]
    pdfmetrics.registerFont(TTFont(face, FONTS / f"{face}.ttf"))
    return face


def font_for(text: str, font: str) -> str:
    """`font` if the standard font can write `text` (NFC, as drawn; its encoding is Windows-1252),
    else its DejaVu stand-in, so that no letter of a name is drawn as a box."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return _unicode_face(font)
    return font


def _fit(pdf: canvas.Canvas, text: str, font: str, size: float, width: float) -> float:
    """The font size at which `text` fits `width` (long names and titles shrink, never overflow)."""
    while size > 10 and pdf.stringWidth(text, font, size) > width:
        size -= 1
    return size


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """The certificate's PDF document, as bytes."""
    buffer = BytesIO()
    page_width, page_height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(page_width, page_height))
    pdf.setTitle(f"Certificate {certificate.number}")
    pdf.setAuthor(SCHOOL_NAME)
    pdf.setSubject(f"{certificate.full_name}: {certificate.course_title}")

    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, page_width - 24 * mm, page_height - 24 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(16 * mm, 16 * mm, page_width - 32 * mm, page_height - 32 * mm)

    center, text_width = page_width / 2, page_width - 60 * mm
    lines = [
        (SCHOOL_NAME.upper(), "Helvetica-Bold", 14, ACCENT, 160),
        ("Certificate of Completion", "Times-Bold", 38, INK, 138),
        ("This certifies that", "Helvetica", 14, INK, 115),
        (unicodedata.normalize("NFC", certificate.full_name), "Times-BoldItalic", 32, INK, 98),
        ("has completed the course", "Helvetica", 14, INK, 80),
        (unicodedata.normalize("NFC", certificate.course_title), "Helvetica-Bold", 22, INK, 66),
        (f"Issued on {certificate.issued_at:%d %B %Y}", "Helvetica", 13, INK, 48),
    ]
    for text, font, size, color, y in lines:
        font = font_for(text, font)
        pdf.setFillColor(color)
        pdf.setFont(font, _fit(pdf, text, font, size, text_width))
        pdf.drawCentredString(center, y * mm, text)

    pdf.setFillColor(colors.HexColor("#4a5568"))
    pdf.setFont("Helvetica", 10)
    pdf.drawCentredString(center, 30 * mm, f"Certificate number {certificate.number}")
    verify_line = f"Verify at {verify_url}"
    font = font_for(verify_line, "Helvetica")
    pdf.setFont(font, _fit(pdf, verify_line, font, 10, text_width))
    pdf.drawCentredString(center, 24 * mm, verify_line)
    pdf.linkURL(verify_url, (30 * mm, 22 * mm, page_width - 30 * mm, 28 * mm), relative=0)

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
