"""Award certificates: a PDF naming the winner, the proposal, the challenge and the award,
checkable by anyone at the public address printed on it."""

from io import BytesIO

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from synergy.core.pdf import register_fonts, wrap_text

from .models import Award, TeamMember

BLUE = "#1d4ed8"
GREY = "#4b5563"
INK = "#1f2937"


def verification_url(award: Award) -> str:
    return settings.SITE_URL + reverse("challenges:certificate_check", args=[award.certificate_code])


def winner_names(award: Award) -> str:
    proposal = award.proposal
    names = [
        member.user.display_name
        for member in proposal.team.filter(status=TeamMember.Status.ACCEPTED, user__isnull=False).select_related("user")
    ]
    team = ", ".join(names)
    return f"{proposal.organisation.name} ({team})" if proposal.organisation_id else team


def award_value(award: Award) -> str:
    if not award.value:
        return ""
    return f"{formats.number_format(award.value, decimal_pos=2, use_l10n=True, force_grouping=True)} {award.currency}"


def certificate_pdf(award: Award, language: str) -> bytes:
    # Imported here: a worker that never draws a certificate does not hold reportlab in memory.
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    proposal, challenge = award.proposal, award.challenge
    width, height = landscape(A4)
    buffer = BytesIO()
    pdf = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    with translation.override(language):
        pdf.setTitle(_("Award certificate"))
        pdf.setAuthor("Synergy")
        pdf.setStrokeColor(BLUE)
        pdf.setLineWidth(3)
        pdf.rect(28, 28, width - 56, height - 56)
        pdf.setFillColor(BLUE)
        pdf.setFont("DejaVuSans-Bold", 30)
        pdf.drawCentredString(width / 2, height - 115, _("Award certificate"))
        pdf.setFillColor(GREY)
        pdf.setFont("DejaVuSans", 14)
        pdf.drawCentredString(width / 2, height - 155, _("This is to certify that"))
        pdf.setFillColor(INK)
        pdf.setFont("DejaVuSans-Bold", 20)
        for index, line in enumerate(wrap_text(winner_names(award), "DejaVuSans-Bold", 20, width - 160)[:2]):
            pdf.drawCentredString(width / 2, height - 192 - index * 26, line)
        pdf.setFillColor(GREY)
        pdf.setFont("DejaVuSans", 14)
        pdf.drawCentredString(width / 2, height - 255, _("won %(award)s with the proposal") % {"award": award.title})
        pdf.setFillColor(INK)
        pdf.setFont("DejaVuSans-Bold", 17)
        for index, line in enumerate(wrap_text(proposal.title, "DejaVuSans-Bold", 17, width - 160)[:2]):
            pdf.drawCentredString(width / 2, height - 285 - index * 22, line)
        pdf.setFillColor(GREY)
        pdf.setFont("DejaVuSans", 14)
        pdf.drawCentredString(width / 2, height - 340, _("in the challenge"))
        pdf.setFillColor(INK)
        pdf.setFont("DejaVuSans-Bold", 15)
        for index, line in enumerate(wrap_text(challenge.title, "DejaVuSans-Bold", 15, width - 160)[:2]):
            pdf.drawCentredString(width / 2, height - 365 - index * 20, line)
        pdf.setFont("DejaVuSans", 12)
        pdf.setFillColor(GREY)
        details = " · ".join(
            filter(
                None,
                [
                    _("Award value: %(value)s") % {"value": award_value(award)} if award.value else "",
                    _("Challenge giver: %(giver)s") % {"giver": challenge.giver.name},
                    formats.date_format(award.confirmed_at, "DATE_FORMAT"),
                ],
            )
        )
        pdf.drawCentredString(width / 2, height - 420, details[:150])
        pdf.setFont("DejaVuSans", 9)
        pdf.drawCentredString(width / 2, 50, _("Check this certificate at %(url)s") % {"url": verification_url(award)})
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
