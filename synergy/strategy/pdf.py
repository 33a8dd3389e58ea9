"""The whole strategy as a typeset A4 PDF in one language: a title page, a table of contents,
the chapters with their sections, each chapter's actions as tables, and page numbers.

Text is set in DejaVu Sans (``synergy.core.pdf``) so Polish, Croatian and Slovenian print with
their diacritics. Markdown is read with the same parser as the web pages (raw HTML is shown
as text, never interpreted) and turned into reportlab's own paragraph mark-up, escaped.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from synergy.core.pdf import register_fonts

from .models import Strategy

BLUE = "#1d4ed8"
GREY = "#4b5563"
LIGHT = "#eff6ff"

_markdown = MarkdownIt("commonmark", {"html": False}).enable(["strikethrough"])


def _inline(token) -> str:
    """One inline token's children as reportlab mark-up: bold, italics and web links; the rest escaped."""
    out, links = [], []  # links: whether each open link was written as one
    simple = {"strong_open": "<b>", "strong_close": "</b>", "em_open": "<i>", "em_close": "</i>",
              "softbreak": " ", "hardbreak": "<br/>"}  # fmt: skip
    for child in token.children or []:
        if child.type in simple:
            out.append(simple[child.type])
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
            links.append(href.startswith(("http://", "https://")))
            if links[-1]:
                out.append(f'<a href="{escape(href, {chr(34): "&quot;"})}" color="{BLUE}">')
        elif child.type == "link_close":
            if links and links.pop():
                out.append("</a>")
        else:  # text, code, and raw HTML shown as text
            out.append(escape(child.content))
    return "".join(out)


def markdown_flowables(text: str, styles: dict) -> list:
    """Paragraphs, sub-headings and bulleted or numbered lists of a Markdown text."""
    from reportlab.platypus import ListFlowable, ListItem, Paragraph

    if not text:
        return []
    text = text.replace("\x00", "")
    flowables, stack = [], []  # stack: the open lists, each a list of items
    heading = None
    for token in _markdown.parse(text):
        if token.type == "heading_open":
            heading = styles["subheading"]
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            stack.append(([], token.type == "ordered_list_open"))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            items, ordered = stack.pop()
            listing = ListFlowable(
                [ListItem(item, leftIndent=14) for item in items], bulletType="1" if ordered else "bullet",
                start="1" if ordered else "•", leftIndent=14, bulletFontName="DejaVuSans", bulletFontSize=9,
            )  # fmt: skip
            (stack[-1][0] if stack else flowables).append(listing)
        elif token.type == "inline":
            paragraph = Paragraph(_inline(token), heading or styles["body"])
            heading = None
            (stack[-1][0] if stack else flowables).append(paragraph)
        elif token.type in ("code_block", "fence"):
            (stack[-1][0] if stack else flowables).append(Paragraph(escape(token.content), styles["body"]))
    return flowables


def _styles() -> dict:
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=14, spaceAfter=6)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName="DejaVuSans-Bold", fontSize=26, leading=32,
                                textColor=BLUE, spaceAfter=18),
        "lead": ParagraphStyle("lead", parent=base, fontSize=12, leading=17, textColor=GREY),
        "chapter": ParagraphStyle("chapter", parent=base, fontName="DejaVuSans-Bold", fontSize=18, leading=23,
                                  textColor=BLUE, spaceBefore=6, spaceAfter=10),
        "section": ParagraphStyle("section", parent=base, fontName="DejaVuSans-Bold", fontSize=13, leading=17,
                                  spaceBefore=10, spaceAfter=4),
        "subheading": ParagraphStyle("subheading", parent=base, fontName="DejaVuSans-Bold", fontSize=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12, spaceAfter=2),
        "label": ParagraphStyle("label", parent=base, fontName="DejaVuSans-Bold", fontSize=9, leading=12),
        "toc0": ParagraphStyle("toc0", parent=base, fontName="DejaVuSans-Bold", fontSize=11, leftIndent=0),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=10, leftIndent=18),
    }  # fmt: skip


def _action_table(action, styles: dict, width: float):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    def cell(text):
        return Paragraph(escape(str(text)), styles["cell"])

    def label(text):
        return Paragraph(escape(str(text)), styles["label"])

    rows = [
        [label(action.code), Paragraph(f"<b>{escape(action.title)}</b>", styles["cell"])],
        [label(_("Description")), markdown_flowables(action.description, {**styles, "body": styles["cell"]})],
        [label(_("Target groups")), cell(", ".join(map(str, action.target_group_labels)) or "—")],
        [label(_("Responsible")), cell(", ".join(map(str, action.stakeholder_type_labels)) or "—")],
        [label(_("Suggested indicators")), cell(action.suggested_indicators or "—")],
        [label(_("Time frame")), cell(action.time_frame or "—")],
    ]
    table = Table(rows, colWidths=[width * 0.26, width * 0.74], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(LIGHT)),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#cbd5e1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def strategy_pdf(strategy: Strategy, language: str) -> bytes:
    """The strategy in ``language`` (English where a text is not translated) as PDF bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import registerFontFamily
    from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus.tableofcontents import TableOfContents

    register_fonts()
    # No italic face ships with the fonts: emphasis is set upright rather than lose the diacritics.
    registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold", italic="DejaVuSans",
                       boldItalic="DejaVuSans-Bold")  # fmt: skip
    styles = _styles()
    buffer = BytesIO()
    with translation.override(language):
        title = strategy.title
        chapters = list(strategy.chapters.prefetch_related("sections", "actions").order_by("number"))

        class Document(SimpleDocTemplate):
            def afterFlowable(self, flowable):
                level = getattr(flowable, "toc_level", None)
                if level is not None:
                    key = f"toc-{id(flowable)}"
                    self.canv.bookmarkPage(key)
                    self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level)
                    # The contents are set as paragraphs again: their text is mark-up, so escape it.
                    self.notify("TOCEntry", (level, escape(flowable.getPlainText()), self.page, key))

        document = Document(
            buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=22 * mm,
            title=title, author="Synergy", subject=_("Regional crowd-innovation strategy"), lang=language,
        )  # fmt: skip
        width = document.width
        page_label = _("Page %(number)s")

        def footer(canvas, doc):
            canvas.saveState()
            canvas.setFont("DejaVuSans", 8)
            canvas.setFillColor(GREY)
            canvas.drawString(doc.leftMargin, 12 * mm, title[:90])
            canvas.drawRightString(doc.leftMargin + doc.width, 12 * mm, page_label % {"number": doc.page})
            canvas.restoreState()

        language_name = dict(settings.LANGUAGES)[language]
        story = [
            Spacer(1, 40 * mm),
            Paragraph(escape(title), styles["title"]),
            *markdown_flowables(strategy.summary, {**styles, "body": styles["lead"]}),
            Spacer(1, 10 * mm),
            Paragraph(
                escape(_("%(language)s version, printed on %(date)s") % {
                    "language": language_name, "date": formats.date_format(timezone.localdate(), "DATE_FORMAT")}),
                styles["lead"],
            ),
            PageBreak(),
            Paragraph(escape(_("Contents")), styles["chapter"]),
        ]  # fmt: skip
        contents = TableOfContents(levelStyles=[styles["toc0"], styles["toc1"]], dotsMinLevel=0)
        story += [contents, PageBreak()]
        for chapter in chapters:
            heading = Paragraph(escape(f"{chapter.number}. {chapter.title}"), styles["chapter"])
            heading.toc_level = 0
            story += [heading, *markdown_flowables(chapter.introduction, styles)]
            for section in chapter.sections.all():
                section_heading = Paragraph(escape(section.title), styles["section"])
                section_heading.toc_level = 1
                story += [CondPageBreak(40 * mm), section_heading, *markdown_flowables(section.body, styles)]
            actions = sorted(chapter.actions.all(), key=lambda a: (a.position, a.code))
            if actions:
                actions_heading = Paragraph(escape(_("Actions")), styles["section"])
                story += [CondPageBreak(60 * mm), actions_heading]
                for action in actions:
                    story += [KeepTogether([_action_table(action, styles, width)]), Spacer(1, 4 * mm)]
            story.append(PageBreak())
        document.multiBuild(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
