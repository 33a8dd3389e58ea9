"""PDF helpers shared by certificates and printed reports.

Text is set in DejaVu Sans (from npm, copied by ``make``) so Polish, Croatian and
Slovenian names print with their diacritics.
"""

from django.conf import settings

FONTS = settings.BASE_DIR / "synergy" / "static" / "vendor" / "fonts"


def register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", FONTS / "DejaVuSans.ttf"))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", FONTS / "DejaVuSans-Bold.ttf"))


def wrap_text(text: str, font: str, size: int, max_width: float) -> list[str]:
    from reportlab.pdfbase import pdfmetrics

    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if pdfmetrics.stringWidth(candidate, font, size) <= max_width:
            current = candidate
        else:
            if current:
                lines.append(current)
            current = word
    return [*lines, current] if current else lines or [""]
