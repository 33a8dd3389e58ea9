from django.http import HttpResponse


def ics_response(data: bytes, filename: str) -> HttpResponse:
    """An iCalendar document, shown inline so calendar apps and browsers can subscribe to it."""
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
