"""The display of a field with choices: the same labels as Django's, in the active language,
without translating every label of the field on each call."""

import pytest
from django.test.utils import isolate_apps
from django.utils import translation

from synergy.challenges.models import Challenge
from synergy.core.models import Region
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_a_country_is_shown_in_the_active_language():
    region = RegionFactory(country="DE")
    with translation.override("pl"):
        assert region.get_country_display() == "Niemcy"
    with translation.override("en"):
        assert region.get_country_display() == "Germany"


def test_an_unknown_value_is_shown_as_it_is():
    assert Region(country="QQ").get_country_display() == "QQ"


def test_one_display_translates_one_label(monkeypatch):
    """Django's own display translated all 42 country names to show one of them."""
    from django.utils.translation import trans_real

    calls = []
    # Lazy labels reach the catalogs through translation._trans, which Django fills on first use.
    monkeypatch.setattr(translation._trans, "gettext", lambda text: calls.append(text) or trans_real.gettext(text))
    with translation.override("de"):
        assert Region(country="SI").get_country_display() == "Slowenien"
    assert len(calls) <= 2


def test_every_field_with_choices_gets_the_cheaper_display():
    from synergy.core import choices

    assert Region.__dict__["get_country_display"].func is choices._display
    assert Challenge.__dict__["get_status_display"].func is choices._display


@isolate_apps("tests")  # a model of the test's own, outside the project's registry
def test_a_model_with_its_own_display_keeps_it():
    from django.db import models

    from synergy.core import choices

    class Own(models.Model):
        status = models.CharField(max_length=2, choices=[("a", "A")])

        class Meta:
            app_label = "tests"

        def __str__(self):
            return self.status

        def get_status_display(self):
            return "its own"

    choices.install([Own])
    assert Own(status="a").get_status_display() == "its own"
