"""Certificates of attendance: a PDF for the attendee, and a public page that confirms it.

Each certificate carries an unguessable code; anyone holding the certificate can check it
at the verification address printed on it. Text is set in DejaVu Sans (from npm, copied
by ``make``) so Polish, Croatian and Slovenian names print with their diacritics.
"""

import secrets
from io import BytesIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from synergy.core.pdf import register_fonts, wrap_text

from .models import Registration

BLUE = "#1d4ed8"
GREY = "#4b5563"


def ensure_code(registration: Registration) -> str:
    """Give the registration its certificate code once; the same code ever after."""
    if not registration.certificate_code:
        code = secrets.token_urlsafe(12)
        Registration.objects.filter(pk=registration.pk, certificate_code__isnull=True).update(certificate_code=code)
        registration.refresh_from_db(fields=["certificate_code"])
    return registration.certificate_code


def verification_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse("trainings:certificate_check", args=[registration.certificate_code])


def certificate_pdf(registration: Registration, language: str) -> bytes:
    """The certificate of attendance as a one-page A4 landscape PDF, in ``language``."""
    # Imported here: a worker that never draws a certificate does not hold reportlab in memory.
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    ensure_code(registration)
    training = registration.training
    width, height = landscape(A4)
    buffer = BytesIO()
    pdf = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    with translation.override(language):
        pdf.setTitle(_("Certificate of attendance"))
        pdf.setAuthor("Synergy")
        pdf.setStrokeColor(BLUE)
        pdf.setLineWidth(3)
        pdf.rect(28, 28, width - 56, height - 56)
        pdf.setFillColor(BLUE)
        pdf.setFont("DejaVuSans-Bold", 30)
        pdf.drawCentredString(width / 2, height - 120, _("Certificate of attendance"))
        pdf.setFillColor(GREY)
        pdf.setFont("DejaVuSans", 14)
        pdf.drawCentredString(width / 2, height - 165, _("This is to certify that"))
        pdf.setFillColorRGB(0.12, 0.16, 0.22)
        pdf.setFont("DejaVuSans-Bold", 26)
        pdf.drawCentredString(width / 2, height - 210, registration.person_name[:80])
        pdf.setFillColor(GREY)
        pdf.setFont("DejaVuSans", 14)
        pdf.drawCentredString(width / 2, height - 250, _("took part in the training"))
        pdf.setFillColorRGB(0.12, 0.16, 0.22)
        pdf.setFont("DejaVuSans-Bold", 18)
        for index, line in enumerate(wrap_text(training.title, "DejaVuSans-Bold", 18, width - 160)[:2]):
            pdf.drawCentredString(width / 2, height - 285 - index * 24, line)
        local_start = training.starts_at.astimezone(ZoneInfo(training.time_zone))
        organiser = training.organiser.name if training.organiser else ""
        details = " · ".join(
            filter(None, [formats.date_format(local_start, "DATE_FORMAT"), str(training.region), organiser])
        )
        pdf.setFont("DejaVuSans", 12)
        pdf.setFillColor(GREY)
        pdf.drawCentredString(width / 2, height - 340, details[:140])
        objectives = list(training.objectives.all()[:6])
        if objectives:
            pdf.setFont("DejaVuSans-Bold", 11)
            pdf.drawString(90, height - 385, _("Learning objectives"))
            pdf.setFont("DejaVuSans", 10)
            for index, objective in enumerate(objectives):
                line = wrap_text(f"{index + 1}. {objective.text}", "DejaVuSans", 10, width - 180)[0]
                pdf.drawString(90, height - 403 - index * 15, line)
        pdf.setFont("DejaVuSans", 9)
        check = _("Check this certificate at %(url)s") % {"url": verification_url(registration)}
        pdf.drawCentredString(width / 2, 50, check)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
