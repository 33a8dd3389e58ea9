"""Find every page a persona can reach and every POST form on it, by following links.

The hostile-input battery does not keep its own list of forms: it walks the site as a visitor
or a signed-in person would, so a form added later is tested without anyone remembering to.
"""

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

# Links that would end the session, switch the language, download a file or loop forever.
# (The back office is not crawled: the battery opens the change pages it tries by name.)
SKIPPED_PATH = re.compile(
    r"^/(admin|media|static|i18n)/|^/accounts/logout/|^/api/|\.(ics|pdf|csv|xlsx|zip|png|jpe?g|svg|txt|json)$"
)
# Forms that end the session, delete the account, or switch the language are not data entry.
SKIPPED_ACTION = re.compile(r"^/(accounts/logout|me/delete|i18n)/")
# Views that answer with a file (the path has no telling extension).
FILE_VIEW_NAMES = re.compile(r"(export|download|certificate|calendar|ics|pdf|spreadsheet|csv|xlsx|photo)")
FREE_TEXT_TYPES = {"text", "search", "url", "email", "tel"}


@dataclass
class Field:
    name: str
    tag: str  # input, textarea or select
    type: str = "text"
    value: str = ""
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected) of a select
    multiple: bool = False
    accept: str = ""  # of a file input
    required: bool = False
    css_class: str = ""

    @property
    def free_text(self) -> bool:
        return self.tag == "textarea" or (self.tag == "input" and self.type in FREE_TEXT_TYPES)


@dataclass
class Form:
    page: str  # where it was found
    action: str
    enctype: str
    fields: list[Field] = field(default_factory=list)
    submit: tuple[str, str] | None = None  # the first named submit button, as a browser sends it

    @property
    def route(self) -> str:
        return _route(self.action)

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return self.route, tuple(sorted({f.name for f in self.fields}))

    @property
    def text_fields(self) -> list[Field]:
        return [f for f in self.fields if f.free_text]

    @property
    def multipart(self) -> bool:
        return self.enctype == "multipart/form-data"

    def data(self, text_value) -> dict[str, list[str]]:
        """The form as a browser would submit it, free-text fields filled by ``text_value(field)``."""
        data: dict[str, list[str]] = {}
        for f in self.fields:
            if f.free_text:
                value = text_value(f)
            elif f.tag == "select":
                # A blank choice is replaced by the first real one, as a person filling a required select would.
                selected = [v for v, chosen in f.options if chosen and v]
                filled = [v for v, _chosen in f.options if v][:1]
                value = selected or ([] if f.multiple else filled)
                data.setdefault(f.name, []).extend(value)
                continue
            elif f.type in ("checkbox", "radio"):
                if not f.checked and not (f.type == "checkbox" and f.required):
                    continue  # a browser sends no form with a required box left unticked
                value = f.value or "on"
            elif f.type in ("submit", "button", "reset", "image", "file"):
                continue
            else:
                value = f.value
            data.setdefault(f.name, []).append(value)
        if self.submit:
            data.setdefault(self.submit[0], []).append(self.submit[1])
        return data


def _route(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return urlsplit(path).path
    return match.route or match.view_name


class _PageParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._option: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urljoin(self.page, a.get("action") or self.page)
                self._form = Form(self.page, action, a.get("enctype", "").lower())
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind == "submit":
                self._form.submit = self._form.submit or (a["name"], a.get("value", ""))
                return
            self._form.fields.append(
                Field(
                    a["name"], "input", kind, a.get("value", ""), "checked" in a,
                    accept=a.get("accept", ""), required="required" in a, css_class=a.get("class", ""),
                )
            )  # fmt: skip
        elif tag == "button" and a.get("name") and a.get("type", "submit") == "submit":
            self._form.submit = self._form.submit or (a["name"], a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea", "textarea")
            self._form.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select", "select", multiple="multiple" in a)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._close_option()  # </option> is optional in HTML
            self._option = [a.get("value"), "selected" in a, ""]
            self._select.options.append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select":
            self._close_option()
            if self._select is not None:
                self._select.options = [(v, chosen) for v, chosen in self._select.options]
            self._select = None

    def _close_option(self):
        if self._option is not None:
            value, chosen, text = self._option
            self._option[:] = [text.strip() if value is None else value, chosen]
            self._option = None


def parse(page: str, html: str) -> tuple[list[str], list[Form]]:
    parser = _PageParser(page)
    parser.feed(html)
    parser.close()
    return parser.links, parser.forms


def crawl(client, start: list[str], *, per_route: int = 3, limit: int = 400) -> tuple[list[str], list[Form]]:
    """Breadth-first over same-site GET links; at most ``per_route`` pages of each URL pattern.

    Returns the pages visited and the POST forms found on them (first of each kind).
    """
    queue = deque(start)
    seen: set[str] = set(start)
    per_route_count: dict[str, int] = {}
    visited: list[str] = []
    forms: dict[tuple, Form] = {}
    while queue and len(visited) < limit:
        url = queue.popleft()
        route = _route(url)
        if per_route_count.get(route, 0) >= per_route or FILE_VIEW_NAMES.search(route):
            continue
        per_route_count[route] = per_route_count.get(route, 0) + 1
        response = client.get(url)
        assert response.status_code < 500, f"GET {url} answered {response.status_code}"
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        visited.append(url)
        links, page_forms = parse(url, response.content.decode())
        for form in page_forms:
            if not SKIPPED_ACTION.match(urlsplit(form.action).path):
                forms.setdefault(form.key, form)
        for link in links:
            parts = urlsplit(link)
            if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local not in seen and not SKIPPED_PATH.search(parts.path):
                seen.add(local)
                queue.append(local)
    return visited, list(forms.values())
