"""The API's error answers, worded for people in the language the request asks for.

LocaleMiddleware activates that language for /api/ as for pages (the language cookie, else
Accept-Language; a signed-in person's saved language wins, see UserLanguageMiddleware).
Ninja and pydantic word their errors in fixed English, so their answers are replaced here with
the same status and shape and a translated ``detail``. A validation error keeps pydantic's
``type``, ``loc`` and ``ctx`` for programs; only its ``msg`` is for people.

Where Django has the same sentence, its wording is used, so Django's catalogs already hold it.
"""

from django.db import DataError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext, gettext_lazy, ngettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from synergy.core.exceptions import Refused

# Ninja raises these with fixed English messages (with DEBUG on, it appends the parser's
# error to the second, and the developer sees that instead).
NINJA_MESSAGES = {
    "CSRF check Failed": gettext_lazy("CSRF verification failed. Request aborted."),
    "Cannot parse request body": gettext_lazy("The request body is not valid JSON."),
}

NOT_FOUND = gettext_lazy("No such object, or it is not public.")

# Pydantic error types our input schemas can produce, by what the person should send instead.
PLAIN_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "string_type": gettext_lazy("Enter text."),
    "bool_type": gettext_lazy("Enter true or false."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_parsing_size": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "decimal_type": gettext_lazy("Enter a number."),
    "decimal_parsing": gettext_lazy("Enter a number."),
    "finite_number": gettext_lazy("Enter a number."),
    "datetime_type": gettext_lazy("Enter a valid date/time."),
    "datetime_parsing": gettext_lazy("Enter a valid date/time."),
    "datetime_from_date_parsing": gettext_lazy("Enter a valid date/time."),
}

# Pydantic error types about a limit the schema sets: where pydantic puts the limit, and the sentence.
LIMIT_MESSAGES = {
    "string_too_short": (
        "min_length",
        ngettext_lazy(
            "Ensure this value has at least %(limit_value)d character.",
            "Ensure this value has at least %(limit_value)d characters.",
            "limit_value",
        ),
    ),
    "string_too_long": (
        "max_length",
        ngettext_lazy(
            "Ensure this value has at most %(limit_value)d character.",
            "Ensure this value has at most %(limit_value)d characters.",
            "limit_value",
        ),
    ),
    "greater_than": ("gt", gettext_lazy("Ensure this value is greater than %(limit_value)s.")),
    "greater_than_equal": ("ge", gettext_lazy("Ensure this value is greater than or equal to %(limit_value)s.")),
    "less_than_equal": ("le", gettext_lazy("Ensure this value is less than or equal to %(limit_value)s.")),
    "decimal_max_digits": (
        "max_digits",
        ngettext_lazy(
            "Ensure that there are no more than %(max)s digit in total.",
            "Ensure that there are no more than %(max)s digits in total.",
            "max",
        ),
    ),
    "decimal_max_places": (
        "decimal_places",
        ngettext_lazy(
            "Ensure that there are no more than %(max)s decimal place.",
            "Ensure that there are no more than %(max)s decimal places.",
            "max",
        ),
    ),
    "decimal_whole_digits": (
        "whole_digits",
        ngettext_lazy(
            "Ensure that there are no more than %(max)s digit before the decimal point.",
            "Ensure that there are no more than %(max)s digits before the decimal point.",
            "max",
        ),
    ),
}


def validation_message(error: dict) -> str:
    """What a person reads about one pydantic error, in the active language."""
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "value_error":
        return ctx["error"]  # our own validators' message, translated where it was raised
    if kind in PLAIN_MESSAGES:
        return str(PLAIN_MESSAGES[kind])
    if kind in LIMIT_MESSAGES:
        where, message = LIMIT_MESSAGES[kind]
        limit = ctx[where]
        return message % {"limit_value": limit, "max": limit}  # Django's sentences name it "max"
    return gettext("Enter a valid value.")


def install(api: NinjaAPI) -> None:
    """Register the handlers: Ninja's own errors, refusals and unstorable text, all translated."""

    def answer(request, detail, status: int):
        return api.create_response(request, {"detail": detail}, status=status)

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        return answer(request, [{**error, "msg": validation_message(error)} for error in exc.errors], 422)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return answer(request, str(NOT_FOUND), 404)

    @api.exception_handler(AuthenticationError)
    def not_signed_in(request, exc):
        return answer(request, gettext("Log in to do this."), 401)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return answer(request, str(NINJA_MESSAGES.get(exc.message, exc.message)), exc.status_code)

    @api.exception_handler(Refused)
    def refused(request, exc):
        """A service's refusal (already translated) is the client's conflict, never a redirect as on pages."""
        return answer(request, str(exc), 409)

    @api.exception_handler(DataError)  # psycopg refuses a NUL byte before it sends the query
    @api.exception_handler(UnicodeEncodeError)  # an unpaired surrogate, which UTF-8 cannot encode
    def unstorable(request, exc):
        """A path or query value no database can store is the client's error, not the server's."""
        if isinstance(exc, DataError) and "NUL" not in str(exc):
            raise exc
        return answer(request, gettext("The request contains characters that cannot be stored."), 400)


class MethodNotAllowedMiddleware:
    """An API address asked with a method it does not take answers in JSON, in the request's
    language, like every other API error; Ninja answers such requests in plain English text.
    The ``Allow`` header, which says which methods it takes, is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or not request.path.startswith("/api/"):
            return response
        answer = JsonResponse({"detail": gettext("This address does not take %(method)s requests.") % {
            "method": request.method[:20]}}, status=405)  # fmt: skip
        if response.has_header("Allow"):
            answer["Allow"] = response["Allow"]
        return answer
