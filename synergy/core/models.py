from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .countries import COUNTRY_CHOICES


class Region(models.Model):
    """A region that runs Synergy: the unit of trainings, strategy adoption and reports.

    Its coordinating organisation is kept on the organisation's side
    (``actors.Organisation.coordinated_region``) so that core depends on no domain app.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    nuts_code = models.CharField(_("NUTS code"), max_length=5, unique=True, help_text=_("For example PL51 or ITH5."))
    default_language = models.CharField(_("default language"), max_length=8, choices=settings.LANGUAGES, default="en")

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:region", args=[self.slug])


class SearchDocument(models.Model):
    """One row per public object in one language, searched by the one search box.

    Apps register their content types in ``synergy.core.search``; this table is the index.
    On SQLite an FTS5 table mirrors it (see migration 0002); on PostgreSQL an expression
    GIN index serves the full-text query.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=8)
    kind = models.CharField(max_length=100)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    # Title and body with diacritics folded (ł → l, š → s), which is what is matched.
    folded_title = models.CharField(max_length=500)
    folded_body = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "language"], name="unique_search_document")
        ]
        indexes = [models.Index(fields=["language"])]

    def __str__(self) -> str:
        return self.title
