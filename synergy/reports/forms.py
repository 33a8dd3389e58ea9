from django import forms
from django.utils.translation import gettext_lazy as _

from . import services


class PeriodForm(forms.Form):
    """The period of the figures: all time (empty) or one of the years they cover."""

    year = forms.TypedChoiceField(label=_("Period"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = services.years()
        field = self.fields["year"]
        field.choices = [("", _("All time")), *((year, str(year)) for year in years)]
        field.error_messages["invalid_choice"] = _("Choose a year from %(first)s to %(last)s, or all time.") % {
            "first": years[-1],
            "last": years[0],
        }

    def period(self) -> services.Period:
        year = self.cleaned_data["year"]
        return services.all_time() if year is None else services.year_period(year)
