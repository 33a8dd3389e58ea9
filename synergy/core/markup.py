"""The one way user text becomes HTML: Markdown with raw HTML off, then sanitised."""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str | None) -> SafeString:
    """Render user-written Markdown to sanitised HTML.

    Raw HTML in the source is shown as text, never interpreted; the output is then passed
    through nh3 so that only a small set of tags, attributes and URL schemes survive.
    Headings start at h2 because every page already has its own h1.
    """
    if not text:
        return SafeString("")
    # NUL bytes and lone surrogates (possible in JSON input) cannot be encoded; drop them.
    text = text.replace("\x00", "").encode("utf-8", errors="replace").decode("utf-8")
    html = _markdown.render(text)
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
    )
    return mark_safe(cleaned)  # noqa: S308  # nosec B308 B703 - sanitised by nh3 just above
