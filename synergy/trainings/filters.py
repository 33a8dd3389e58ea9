import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from synergy.accounts.models import StakeholderType
from synergy.core.models import Region

from .models import Training


class TrainingFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), empty_label=_("Any region")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES, empty_label=_("Any language")
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=Training.Format.choices, empty_label=_("Any format")
    )
    target = django_filters.ChoiceFilter(
        label=_("Target group"), choices=StakeholderType.choices, empty_label=_("Anyone"), method="filter_target"
    )

    class Meta:
        model = Training
        fields = ["region", "language", "format"]

    def filter_target(self, queryset, name, value):
        # JSON "contains" is not available on SQLite; target lists are short, so match the quoted value.
        return queryset.filter(target_groups__icontains=f'"{value}"')
