"""Strings that have broken web applications; every form and page is tested against them."""

SCRIPT = "<script>alert(1)</script>"
SQL = "Robert'); DROP TABLE accounts_user;--"
RTL = "\u202eevil\u202c \u200fשלום\u200f"
EMOJI = "Zespół 🚀👩🏽‍🔬 Ünïcödé"
LONG = "x" * 10_000
NUL = "before\x00after"

# Values a text field should store exactly as typed (when short enough) and show escaped.
STORABLE = [SCRIPT, SQL, RTL, EMOJI]
# Every hostile value, including those a field must refuse with a message.
ALL = [*STORABLE, LONG, NUL]
