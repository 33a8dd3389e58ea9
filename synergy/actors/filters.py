import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from synergy.core.countries import COUNTRY_CHOICES
from synergy.core.models import Region
from synergy.core.taxonomy import Competence, KeyArea

from . import directory
from .models import ActorCompetence, Organisation, OrganisationType, Participation

READINESS_CHOICES = [(level, _("Level %(level)s or higher") % {"level": level}) for level in range(1, 10)]
ORDERING_CHOICES = [
    ("relevance", _("Relevance")),
    ("name", _("Name")),
    ("completeness", _("Profile completeness")),
]


def _with_term(queryset, name, value):
    return queryset.filter(pk__in=ActorCompetence.objects.filter(term=value).values("organisation_id"))


class OrganisationFilter(django_filters.FilterSet):
    """The directory's filters, shared by the page and the API. The search words and the ordering
    are read here and applied by ``rows``: relevance needs the search's ranking."""

    q = django_filters.CharFilter(label=_("Search"), method="_leave_to_rows", max_length=directory.MAX_QUERY_LENGTH)
    competence = django_filters.ChoiceFilter(
        label=_("Competence"), choices=Competence.choices, empty_label=_("Any competence"), method=_with_term
    )
    key_area = django_filters.ChoiceFilter(
        label=_("Key area"), choices=KeyArea.choices, empty_label=_("Any key area"), method=_with_term
    )
    type = django_filters.ChoiceFilter(label=_("Type"), choices=OrganisationType.choices, empty_label=_("Any type"))
    country = django_filters.ChoiceFilter(label=_("Country"), choices=COUNTRY_CHOICES, empty_label=_("Any country"))
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), empty_label=_("Any region")
    )
    readiness = django_filters.ChoiceFilter(
        label=_("Readiness reached in a project"),
        choices=READINESS_CHOICES,
        empty_label=_("Any readiness"),
        method="_reached_readiness",
    )
    has_infrastructure = django_filters.BooleanFilter(
        label=_("Has infrastructure"),
        method="_has_infrastructure",
        widget=forms.CheckboxInput,
    )
    ordering = django_filters.ChoiceFilter(
        label=_("Order by"), choices=ORDERING_CHOICES, empty_label=None, method="_leave_to_rows"
    )

    class Meta:
        model = Organisation
        fields = ["q", "competence", "key_area", "type", "country", "region", "readiness", "has_infrastructure"]

    def _leave_to_rows(self, queryset, name, value):
        return queryset

    def _reached_readiness(self, queryset, name, value):
        projects = Participation.objects.confirmed().filter(project__trl_end__gte=int(value)).values("organisation_id")
        return queryset.filter(pk__in=projects)

    def _has_infrastructure(self, queryset, name, value):
        if not value:
            return queryset
        # Described in the profile, or shared in the equipment registry (read through the reverse relation).
        sharing = Organisation.objects.filter(shared_items__published=True).values("pk")
        return queryset.filter(~Q(infrastructure="") | Q(pk__in=sharing))

    def rows(self):
        """The filtered organisations, searched and ordered as asked (see ``directory.ordered``)."""
        self.is_valid()  # invalid values are left out of cleaned_data, as from the filters
        data = getattr(self.form, "cleaned_data", {})
        query = data.get("q") or ""
        ordering = data.get("ordering") or ("relevance" if query else "name")
        return directory.ordered(self.qs, query, ordering)
