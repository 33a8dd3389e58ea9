import django_filters
from django.utils.translation import gettext_lazy as _

from synergy.core.models import Region

from .models import Organisation, OrganisationType


class OrganisationFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(label=_("Type"), choices=OrganisationType.choices, empty_label=_("Any type"))
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), empty_label=_("Any region")
    )

    class Meta:
        model = Organisation
        fields = ["type", "region"]
