"""Drawings: shapes positioned in Python, rendered as SVG, PNG or PDF by three small renderers.

A chart (``synergy.core.charts``) or a whole infographic is computed once as a ``Drawing`` — rectangles,
lines, dots and positioned text in user units (SVG's pixels), the text already wrapped or cut to
the room it has — and each renderer only translates shapes into its own primitives: SVG elements
(every text escaped), Pillow's ``ImageDraw`` (drawn at twice the size and scaled down, for smooth
edges) and a reportlab canvas. All three set text in DejaVu Sans (the fonts ``core.pdf`` uses),
so what is measured here is what is drawn, diacritics included.
"""

import functools
import math
import re
from dataclasses import dataclass, field, replace
from io import BytesIO
from xml.sax.saxutils import escape

FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
TEXT, MUTED, WHITE = "#111827", "#4b5563", "#ffffff"
ELLIPSIS = "…"

# Characters XML may not hold, and the controls that reorder text (an RTL override in a title
# would turn the text after it around): removed from every text before it is measured.
_UNDRAWABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def clean(text) -> str:
    """``text`` on one line, without the characters a drawing cannot hold."""
    return _UNDRAWABLE.sub("", " ".join(str(text).split()))


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    radius: float = 0
    css: str = ""  # a class for the pages' style sheet (SVG only)


@dataclass(frozen=True)
class Text:
    """Text whose baseline starts (``anchor`` "start"), is centred ("middle") or ends ("end") at x, y."""

    x: float
    y: float
    text: str
    size: float = 13
    fill: str = TEXT
    anchor: str = "start"
    bold: bool = False

    def __post_init__(self):
        object.__setattr__(self, "text", clean(self.text))


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 2


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    r: float
    fill: str


@dataclass(frozen=True)
class Group:
    """``shapes`` drawn ``scale`` times their size with their origin at x, y: a chart placed in a larger drawing."""

    x: float
    y: float
    shapes: tuple
    scale: float = 1


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    title: str  # what it shows, for assistive technology (SVG's <title>, the PDF's title)
    shapes: tuple
    description: str = ""  # its figures in words (SVG's <desc>)
    css: str = ""
    background: str = ""  # empty: transparent (a chart on a page)


def flatten(shapes, x: float = 0, y: float = 0, scale: float = 1):
    """Every shape with groups resolved: positions and sizes in the drawing's own units."""
    for shape in shapes:
        if isinstance(shape, Group):
            yield from flatten(shape.shapes, x + shape.x * scale, y + shape.y * scale, scale * shape.scale)
        elif scale == 1 and x == 0 and y == 0:
            yield shape
        elif isinstance(shape, Rect):
            yield replace(shape, x=x + shape.x * scale, y=y + shape.y * scale, width=shape.width * scale,
                          height=shape.height * scale, radius=shape.radius * scale)  # fmt: skip
        elif isinstance(shape, Text):
            yield replace(shape, x=x + shape.x * scale, y=y + shape.y * scale, size=shape.size * scale)
        elif isinstance(shape, Segment):
            yield replace(shape, x1=x + shape.x1 * scale, y1=y + shape.y1 * scale, x2=x + shape.x2 * scale,
                          y2=y + shape.y2 * scale, width=shape.width * scale,
                          dash=tuple(d * scale for d in shape.dash))  # fmt: skip
        elif isinstance(shape, Polyline):
            yield replace(shape, points=tuple((x + px * scale, y + py * scale) for px, py in shape.points),
                          width=shape.width * scale)  # fmt: skip
        elif isinstance(shape, Circle):
            yield replace(shape, x=x + shape.x * scale, y=y + shape.y * scale, r=shape.r * scale)
        else:
            raise TypeError(shape)


# --- Measuring text ------------------------------------------------------------------------------------


def _font_name(bold: bool) -> str:
    """The font's name for reportlab, registered at the first PDF."""
    from .pdf import register_fonts

    register_fonts()
    return "DejaVuSans-Bold" if bold else "DejaVuSans"


# DejaVu's units per em: at this size a character's advance is a whole number of pixels, the
# font's own figure, as reportlab reads it for the PDF.
EM = 2048


@functools.lru_cache(maxsize=4096)
def _advance(character: str, bold: bool) -> float:
    """The advance of one character, in ems."""
    return _pillow_font(bold, EM).getlength(character) / EM


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` at ``size``, the sum of its characters' advances: what reportlab's
    ``stringWidth`` gives, read through FreeType rather than by loading the whole font into
    Python objects (7 MB a worker keeps, for the labels of a chart)."""
    return size * math.fsum(_advance(character, bold) for character in text)


def _longest_prefix(text: str, fits) -> int:
    """How many leading characters of ``text`` pass ``fits`` (which holds for shorter prefixes too)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(text[:middle]):
            low = middle
        else:
            high = middle - 1
    return low


def ellipsized(text: str, size: float, width: float, bold: bool = False) -> str:
    """``text`` cut with an ellipsis to fit ``width`` (unchanged if it fits)."""
    text = clean(text)
    if text_width(text, size, bold) <= width:
        return text
    keep = _longest_prefix(text, lambda prefix: text_width(prefix.rstrip() + ELLIPSIS, size, bold) <= width)
    return text[:keep].rstrip() + ELLIPSIS


def fit_lines(text, size: float, width: float, *, max_lines: int = 1, bold: bool = False) -> list[str]:
    """``text`` wrapped to ``width`` on at most ``max_lines`` lines, the last cut with an ellipsis if
    the rest does not fit; a word wider than a line is broken."""
    rest = list(reversed(clean(text).split()))
    lines, current = [], ""
    while rest and len(lines) < max_lines:
        word = rest.pop()
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
        elif current:
            lines.append(current)
            current = ""
            rest.append(word)
        else:
            cut = max(1, _longest_prefix(word, lambda prefix: text_width(prefix, size, bold) <= width))
            lines.append(word[:cut])
            rest.append(word[cut:])
    if current:
        lines.append(current)
    if rest:  # more than fits: the last line ends with what follows, cut
        lines[-1] = ellipsized(" ".join([lines[-1], *reversed(rest[-50:])]), size, width, bold)
    return lines or [""]


def fitting_size(text: str, size: float, width: float, *, smallest: float = 8, bold: bool = False) -> float:
    """The largest size up to ``size`` at which ``text`` fits ``width`` (a figure is shrunk, never cut)."""
    while size > smallest and text_width(clean(text), size, bold) > width:
        size -= 1
    return size


def text_lines(lines: list[str], x: float, y: float, *, leading: float, **style) -> list[Text]:
    return [Text(x, y + index * leading, line, **style) for index, line in enumerate(lines)]


# --- SVG ---------------------------------------------------------------------------------------------------


def _attribute(value) -> str:
    return escape(str(value), {'"': "&quot;"})


def _n(value: float) -> str:
    """A coordinate, short: 12, 12.5."""
    rounded = round(float(value), 2)
    return f"{rounded:g}"


_ANCHORS = {"start": "start", "middle": "middle", "end": "end"}


def _svg_shape(shape) -> str:
    if isinstance(shape, Rect):
        if shape.width <= 0 or shape.height <= 0:
            return ""
        css = f' class="{_attribute(shape.css)}"' if shape.css else ""
        radius = f' rx="{_n(shape.radius)}"' if shape.radius else ""
        return (f'<rect{css} x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.width)}" '
                f'height="{_n(shape.height)}"{radius} fill="{_attribute(shape.fill)}"/>')  # fmt: skip
    if isinstance(shape, Text):
        weight = ' font-weight="bold"' if shape.bold else ""
        return (f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}" '
                f'text-anchor="{_ANCHORS[shape.anchor]}" fill="{_attribute(shape.fill)}"{weight}>'
                f"{escape(shape.text)}</text>")  # fmt: skip
    if isinstance(shape, Segment):
        dash = f' stroke-dasharray="{" ".join(map(_n, shape.dash))}"' if shape.dash else ""
        return (f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" y2="{_n(shape.y2)}" '
                f'stroke="{_attribute(shape.stroke)}" stroke-width="{_n(shape.width)}"{dash}/>')  # fmt: skip
    if isinstance(shape, Polyline):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
        return (f'<polyline points="{points}" fill="none" stroke="{_attribute(shape.stroke)}" '
                f'stroke-width="{_n(shape.width)}"/>')  # fmt: skip
    if isinstance(shape, Circle):
        return f'<circle cx="{_n(shape.x)}" cy="{_n(shape.y)}" r="{_n(shape.r)}" fill="{_attribute(shape.fill)}"/>'
    raise TypeError(shape)


def to_svg(drawing: Drawing, *, element_id: str, standalone: bool = False, language: str = "") -> str:
    """The drawing as an SVG element titled for assistive technology; ``standalone``: a file of its own
    (an XML declaration, its size in pixels, its language)."""
    title_id, description_id = element_id, f"{element_id}-description"
    labelled = f'aria-labelledby="{_attribute(title_id)}"'
    if drawing.description:
        labelled += f' aria-describedby="{_attribute(description_id)}"'
    head = ['<?xml version="1.0" encoding="UTF-8"?>\n'] if standalone else []
    size = f' width="{_n(drawing.width)}" height="{_n(drawing.height)}"' if standalone else ""
    lang = f' xml:lang="{_attribute(language)}" lang="{_attribute(language)}"' if language else ""
    css = f' class="{_attribute(drawing.css)}"' if drawing.css else ""
    parts = [
        *head,
        f'<svg xmlns="http://www.w3.org/2000/svg"{css}{lang} viewBox="0 0 {_n(drawing.width)} {_n(drawing.height)}"'
        f'{size} role="img" {labelled}>',
        f'<title id="{_attribute(title_id)}">{escape(clean(drawing.title))}</title>',
    ]
    if drawing.description:
        parts.append(f'<desc id="{_attribute(description_id)}">{escape(clean(drawing.description))}</desc>')
    if drawing.background:
        parts.append(_svg_shape(Rect(0, 0, drawing.width, drawing.height, drawing.background)))
    parts.append(f'<g font-family="{FONT_FAMILY}">')
    parts += [_svg_shape(shape) for shape in flatten(drawing.shapes)]
    parts.append("</g></svg>")
    return "\n".join(part for part in parts if part)


# --- PNG ---------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _pillow_font(bold: bool, size: int):
    from PIL import ImageFont

    from .pdf import FONTS

    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _dashes(shape: Segment):
    """A dashed segment as the short segments to draw."""
    length = math.dist((shape.x1, shape.y1), (shape.x2, shape.y2))
    if not shape.dash or length == 0:
        yield shape.x1, shape.y1, shape.x2, shape.y2
        return
    dx, dy = (shape.x2 - shape.x1) / length, (shape.y2 - shape.y1) / length
    position, index = 0.0, 0
    while position < length:
        step = shape.dash[index % len(shape.dash)]
        if index % 2 == 0:
            end = min(position + step, length)
            yield shape.x1 + dx * position, shape.y1 + dy * position, shape.x1 + dx * end, shape.y1 + dy * end
        position += step
        index += 1


def to_png(drawing: Drawing, *, scale: float = 1, supersample: int = 2) -> bytes:
    """The drawing as a PNG of ``scale`` × its size in pixels, drawn ``supersample`` times larger and
    scaled down so that edges and text are smooth."""
    from PIL import Image, ImageDraw

    factor = scale * supersample
    size = (round(drawing.width * factor), round(drawing.height * factor))
    image = Image.new("RGB", size, drawing.background or WHITE)
    draw = ImageDraw.Draw(image)
    for shape in flatten(drawing.shapes, scale=factor):
        if isinstance(shape, Rect):
            if shape.width > 0 and shape.height > 0:
                box = (shape.x, shape.y, shape.x + shape.width, shape.y + shape.height)
                draw.rounded_rectangle(box, radius=min(shape.radius, shape.width / 2, shape.height / 2),
                                       fill=shape.fill)  # fmt: skip
        elif isinstance(shape, Text):
            if shape.text:
                anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
                font = _pillow_font(shape.bold, max(1, round(shape.size)))
                draw.text((shape.x, shape.y), shape.text, fill=shape.fill, font=font, anchor=anchor)
        elif isinstance(shape, Segment):
            for x1, y1, x2, y2 in _dashes(shape):
                draw.line((x1, y1, x2, y2), fill=shape.stroke, width=max(1, round(shape.width)))
        elif isinstance(shape, Polyline):
            if len(shape.points) > 1:
                draw.line(shape.points, fill=shape.stroke, width=max(1, round(shape.width)), joint="curve")
        elif isinstance(shape, Circle):
            draw.ellipse((shape.x - shape.r, shape.y - shape.r, shape.x + shape.r, shape.y + shape.r), fill=shape.fill)
    final = (round(drawing.width * scale), round(drawing.height * scale))
    image = image.resize(final, Image.Resampling.LANCZOS)
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# --- PDF ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfPage:
    """Where a drawing goes on paper: scaled to fit within the margins, centred, at the top."""

    size: tuple[float, float] = field(default_factory=lambda: (595.2756, 841.8898))  # A4 in points
    margin: float = 28.35  # 1 cm


def to_pdf(drawing: Drawing, *, page: PdfPage | None = None, language: str = "", author: str = "Synergy",
           subject: str = "") -> bytes:  # fmt: skip
    """The drawing on one page (A4 unless told), text in DejaVu Sans embedded as fonts."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    page = page or PdfPage()
    width, height = page.size
    scale = min((width - 2 * page.margin) / drawing.width, (height - 2 * page.margin) / drawing.height)
    left = (width - drawing.width * scale) / 2
    top = height - page.margin

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x, top - y

    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=page.size, lang=language or None)
    canvas.setTitle(clean(drawing.title))
    canvas.setAuthor(author)
    canvas.setSubject(clean(subject or drawing.description[:500]))
    if drawing.background:
        canvas.setFillColor(HexColor(drawing.background))
        canvas.rect(left, top - drawing.height * scale, drawing.width * scale, drawing.height * scale, stroke=0, fill=1)
    for shape in flatten(drawing.shapes, scale=scale):
        if isinstance(shape, Rect):
            if shape.width > 0 and shape.height > 0:
                canvas.setFillColor(HexColor(shape.fill))
                x, y = at(shape.x, shape.y + shape.height)
                radius = min(shape.radius, shape.width / 2, shape.height / 2)
                canvas.roundRect(x, y, shape.width, shape.height, radius, stroke=0, fill=1)
        elif isinstance(shape, Text):
            if shape.text:
                canvas.setFillColor(HexColor(shape.fill))
                canvas.setFont(_font_name(shape.bold), shape.size)
                x, y = at(shape.x, shape.y)
                draw = {"start": canvas.drawString, "middle": canvas.drawCentredString,
                        "end": canvas.drawRightString}[shape.anchor]  # fmt: skip
                draw(x, y, shape.text)
        elif isinstance(shape, Segment):
            canvas.setStrokeColor(HexColor(shape.stroke))
            canvas.setLineWidth(shape.width)
            canvas.setDash(list(shape.dash) if shape.dash else [])
            canvas.line(*at(shape.x1, shape.y1), *at(shape.x2, shape.y2))
            canvas.setDash([])
        elif isinstance(shape, Polyline):
            if len(shape.points) > 1:
                canvas.setStrokeColor(HexColor(shape.stroke))
                canvas.setLineWidth(shape.width)
                path = canvas.beginPath()
                path.moveTo(*at(*shape.points[0]))
                for point in shape.points[1:]:
                    path.lineTo(*at(*point))
                canvas.drawPath(path, stroke=1, fill=0)
        elif isinstance(shape, Circle):
            canvas.setFillColor(HexColor(shape.fill))
            canvas.circle(*at(shape.x, shape.y), shape.r, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
