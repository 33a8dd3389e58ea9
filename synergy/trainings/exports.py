"""Region reports as files: CSV and XLSX for spreadsheets, PDF for print.

Every cell that comes from people's typing is neutralised against spreadsheet formulas.
"""

import io
from collections.abc import Iterable, Sequence

from django.utils import formats
from django.utils.html import escape
from django.utils.translation import gettext as _

from synergy.core.pdf import register_fonts
from synergy.core.spreadsheets import safe_cell, to_csv, to_xlsx

__all__ = ["participant_sheets", "programme_sheets", "region_pdf", "region_sheets", "safe_cell", "to_csv", "to_xlsx"]


def region_sheets(region, figures) -> list[tuple[str, Sequence[str], Iterable[Sequence]]]:
    summary = [
        (_("Distinct participants"), figures["distinct_participants"]),
        (_("Distinct people registered"), figures["distinct_registered"]),
        (_("Registrations"), figures["registrations"]),
        (_("Average objective rating (1–5)"), round(figures["objective_average"] or 0, 2)),
    ]
    trainings = [
        (t.title, formats.date_format(t.starts_at, "Y-m-d"), t.registered, t.participants, round(t.usefulness or 0, 2))
        for t in figures["trainings"]
    ]
    return [
        (_("Summary"), (_("Figure"), str(region)), summary),
        (_("By stakeholder type"), (_("Stakeholder type"), _("Participants")), figures["by_stakeholder_type"]),
        (_("Trainings"), (_("Training"), _("Date"), _("Registered"), _("Attended"), _("Usefulness (1–5)")), trainings),
    ]


def programme_sheets(figures) -> list[tuple[str, Sequence[str], Iterable[Sequence]]]:
    regions = [
        (str(row["region"]), row["trainings_held"], row["participants"], round(row["usefulness"] or 0, 2))
        for row in figures["regions"]
    ]
    summary = [
        (_("Distinct participants"), figures["distinct_participants"]),
        (_("Registrations"), figures["registrations"]),
    ]
    return [
        (_("Summary"), (_("Figure"), _("Programme report")), summary),
        (_("Regions"), (_("Region"), _("Trainings held"), _("Distinct participants"), _("Usefulness (1–5)")), regions),
        (_("By stakeholder type"), (_("Stakeholder type"), _("Participants")), figures["by_stakeholder_type"]),
    ]


def participant_sheets(training, registrations) -> list[tuple[str, Sequence[str], Iterable[Sequence]]]:
    """Participants of one training; e-mail addresses only where the person agreed (or is a guest)."""
    header = (_("Name"), _("Stakeholder type"), _("E-mail"), _("Status"), _("Registered at"), _("Checked in at"))
    rows = [
        (
            registration.person_name,
            registration.user.get_stakeholder_type_display() if registration.user else "",
            registration.email if (registration.share_contact or not registration.user) else "",
            registration.get_status_display(),
            registration.created_at.isoformat(),
            registration.attended_at.isoformat() if registration.attended_at else "",
        )
        for registration in registrations
    ]
    return [(_("Participants"), header, rows)]


def region_pdf(region, figures) -> bytes:
    """A printable A4 report with the figures, a bar per stakeholder type and the trainings."""
    # Imported here: a worker that never prints a report does not hold reportlab in memory.
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=_("Trainings report: %(region)s") % {"region": region})
    heading = ParagraphStyle("h", fontName="DejaVuSans-Bold", fontSize=18, leading=22, spaceAfter=12)
    subheading = ParagraphStyle("h2", fontName="DejaVuSans-Bold", fontSize=12, leading=16, spaceBefore=10, spaceAfter=6)
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), "DejaVuSans", 9),
            ("FONT", (0, 0), (-1, 0), "DejaVuSans-Bold", 9),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    story = [Paragraph(_("Trainings report: %(region)s") % {"region": region}, heading)]
    for title, header, rows in region_sheets(region, figures):
        rows = list(rows)
        story.append(Paragraph(title, subheading))
        if title == _("By stakeholder type") and rows:
            largest = max(count for _label, count in rows) or 1
            rows = [(label, count, "█" * max(1, round(20 * count / largest))) for label, count in rows]
            header = (*header, "")
        cell_style = ParagraphStyle("cell", fontName="DejaVuSans", fontSize=9)
        body = [[Paragraph(escape(str(cell)), cell_style) for cell in row] for row in rows]
        table = Table([list(header), *body], repeatRows=1, colWidths=None)
        table.setStyle(style)
        story += [table, Spacer(1, 0.4 * cm)]
    document.build(story)
    return buffer.getvalue()
