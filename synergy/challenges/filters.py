import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from synergy.core.models import Region
from synergy.core.taxonomy import KeyArea

from .models import Challenge, ThematicCall


class ChallengeFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), empty_label=_("Any region"), method="filter_region",
        to_field_name="slug",
    )  # fmt: skip
    key_area = django_filters.ChoiceFilter(
        label=_("Key area"), choices=KeyArea.choices, empty_label=_("Any key area"), method="filter_key_area"
    )
    campaign_type = django_filters.ChoiceFilter(
        label=_("Campaign type"), choices=Challenge.CampaignType.choices, empty_label=_("Any type")
    )
    call = django_filters.ModelChoiceFilter(
        label=_("Thematic call"), queryset=ThematicCall.objects.all(), empty_label=_("Any call"),
        field_name="thematic_call", to_field_name="slug",
    )  # fmt: skip
    open_now = django_filters.BooleanFilter(
        label=_("Open for proposals now"), method="filter_open_now", widget=django_filters.widgets.BooleanWidget
    )

    class Meta:
        model = Challenge
        fields = ["region", "key_area", "campaign_type", "call"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(regions=value) if value else queryset

    def filter_key_area(self, queryset, name, value):
        # JSON "contains" is not available on SQLite; the lists are short, so match the quoted value.
        return queryset.filter(key_areas__icontains=f'"{value}"')

    def filter_open_now(self, queryset, name, value):
        if value is None:
            return queryset
        now = timezone.now()
        deadline_ahead = queryset.filter(opens_at__lte=now).filter(refinement_starts_at__gt=now) | queryset.filter(
            opens_at__lte=now, refinement_starts_at__isnull=True, evaluation_starts_at__gt=now
        )
        return deadline_ahead if value else queryset.exclude(pk__in=deadline_ahead.values("pk"))
