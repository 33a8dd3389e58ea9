"""The trainings' counters count exactly what their descriptions say (synergy.core.indicators)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from synergy.core import indicators
from synergy.trainings.models import Feedback, Registration

from ..factories import RegionFactory, TrainingFactory, UserFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
YEAR = (date(2024, 1, 1), date(2024, 12, 31))


def held(region, when=datetime(2024, 5, 10, 10, tzinfo=BRUSSELS), status="held"):
    return TrainingFactory(region=region, starts_at=when, status=status)


def attend(training, user=None, guest_email="", attended=True):
    return Registration.objects.create(
        training=training,
        user=user,
        guest_email=guest_email,
        status="confirmed",
        attended_at=training.starts_at if attended else None,
    )


def people(region, period=YEAR):
    return indicators.measure("people_trained", region, *period)


def test_a_person_who_attended_two_trainings_is_trained_once(region):
    mia = UserFactory()
    attend(held(region), mia)
    attend(held(region), mia)
    attend(held(region), UserFactory())
    assert people(region) == 2


def test_a_registration_without_a_check_in_trains_nobody(region):
    training = held(region)
    attend(training, UserFactory(), attended=False)
    attend(training, UserFactory())
    assert people(region) == 1


def test_a_guest_is_counted_once_by_address_whatever_its_case(region):
    attend(held(region), guest_email="Guest@Example.org")
    attend(held(region), guest_email="guest@example.org")
    attend(held(region), guest_email="other@example.org")
    attend(held(region), UserFactory())
    attend(held(region), UserFactory())
    assert people(region) == 4


def test_people_trained_leaves_out_other_regions_other_periods_and_drafts(region):
    attend(held(RegionFactory()), UserFactory())
    attend(held(region, when=datetime(2023, 12, 31, 10, tzinfo=BRUSSELS)), UserFactory())
    attend(held(region, status="draft"), UserFactory())
    assert people(region) == 0
    assert people(None) == 1  # the other region's, platform-wide


def test_the_period_is_read_in_the_platforms_time_zone(region):
    # 00:30 in Brussels on New Year's Day is still 2024 in UTC: the training belongs to 2025.
    attend(held(region, when=datetime(2025, 1, 1, 0, 30, tzinfo=BRUSSELS)), UserFactory())
    attend(held(region, when=datetime(2024, 12, 31, 23, 30, tzinfo=BRUSSELS)), UserFactory())
    assert people(region) == 1
    assert people(region, (date(2025, 1, 1), date(2025, 1, 1))) == 1


def test_each_region_counts_its_own_people_and_the_platform_counts_each_person_once(region):
    other = RegionFactory()
    mia = UserFactory()
    attend(held(region), mia)
    attend(held(other), mia)
    attend(held(other), UserFactory())
    by_region = indicators.measure_by_region("people_trained", [region, other, RegionFactory()], *YEAR)
    assert list(by_region.values()) == [1, 2, 0]
    assert people(None) == 2


def test_trainings_held_counts_held_and_reported_trainings_only(region):
    held(region)
    held(region, status="reported")
    for status in ("published", "cancelled", "draft", "registration_closed"):
        held(region, status=status)
    held(region, when=datetime(2025, 2, 1, 10, tzinfo=BRUSSELS))
    held(RegionFactory())
    assert indicators.measure("trainings_held", region, *YEAR) == 2
    assert indicators.measure_by_region("trainings_held", [region], *YEAR) == {region.pk: 2}


def test_average_feedback_is_the_mean_usefulness_rounded_to_two_places(region):
    training = held(region)
    for usefulness in (5, 4, 4, 5, 4, 4):
        Feedback.objects.create(registration=attend(training, UserFactory()), usefulness=usefulness, intention="yes")
    elsewhere = held(RegionFactory())
    for usefulness in (1, 1, 1, 1, 1):
        Feedback.objects.create(registration=attend(elsewhere, UserFactory()), usefulness=usefulness, intention="no")
    assert indicators.measure("average_feedback", region, *YEAR) == Decimal("4.33")
    assert indicators.measure("average_feedback", None, *YEAR) == Decimal("2.82")
    assert indicators.measure_by_region("average_feedback", [region], *YEAR) == {region.pk: Decimal("4.33")}


def test_average_feedback_of_fewer_than_five_people_is_not_published(region):
    training = held(region)
    for usefulness in (5, 1, 4, 2):
        Feedback.objects.create(registration=attend(training, UserFactory()), usefulness=usefulness, intention="yes")
    assert indicators.measure("average_feedback", region, *YEAR) is None
    assert indicators.measure_by_region("average_feedback", [region], *YEAR) == {region.pk: None}
    Feedback.objects.create(registration=attend(training, UserFactory()), usefulness=3, intention="yes")
    assert indicators.measure("average_feedback", region, *YEAR) == Decimal("3.00")


def test_average_feedback_is_empty_without_feedback(region):
    attend(held(region), UserFactory())
    assert indicators.measure("average_feedback", region, *YEAR) is None
    assert indicators.measure_by_region("average_feedback", [region], *YEAR) == {region.pk: None}


def test_each_trainings_counter_is_one_query(region, django_assert_num_queries):
    for _ in range(3):
        attend(held(region), UserFactory())
    for key in ("people_trained", "trainings_held", "average_feedback"):
        with django_assert_num_queries(1):
            indicators.measure(key, region, *YEAR)
        with django_assert_num_queries(1):
            indicators.measure_by_region(key, [region], *YEAR)


def test_training_counters_are_described_for_readers():
    for key in ("people_trained", "trainings_held", "average_feedback"):
        metric = indicators.get(key)
        assert str(metric.label) and str(metric.unit) and len(str(metric.description)) > 40
