from django.utils.text import slugify


def unique_slug(model, title: str, *, fallback: str, field: str = "slug", max_length: int = 100) -> str:
    """A slug from ``title`` that no row of ``model`` has yet: ``title``, ``title-2``, …"""
    base = slugify(title)[:max_length].strip("-") or fallback
    slug, number = base, 2
    while model._default_manager.filter(**{field: slug}).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
