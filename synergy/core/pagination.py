from django.conf import settings
from django.core.paginator import Page, Paginator


def paginate(request, items, per_page: int | None = None) -> Page:
    """The requested page of ``items``; out-of-range or malformed numbers give the nearest page."""
    paginator = Paginator(items, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
