"""Writes to the strategy and the regions' plans: translation requests, adoption, the region's
own actions, indicators, targets and values; and what the strategy gives search and regions.

Every write that changes a plan asks ``strategy.change_plan`` (or ``strategy.adopt`` for the
region) of the person first and raises ``Refused`` otherwise, so a service called from
somewhere other than its view cannot skip the rule.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from synergy.accounts.models import RegionRole, User
from synergy.core import indicators
from synergy.core.exceptions import Refused
from synergy.core.models import Region
from synergy.core.search import Entry
from synergy.notifications.services import tell_each

from .models import (
    Action,
    Chapter,
    Indicator,
    IndicatorValue,
    LanguageVersion,
    PlanAction,
    RegionalPlan,
    Strategy,
    TranslationRequest,
)

# --- Translations -------------------------------------------------------------------------------


def coordinators() -> list[User]:
    """Every active regional coordinator, once each."""
    return list(
        User.objects.filter(region_roles__role=RegionRole.Role.COORDINATOR, is_active=True).distinct().order_by("pk")
    )


@transaction.atomic
def request_translation(strategy: Strategy, language: str, by: User) -> bool:
    """Record that ``by`` wants the strategy in ``language``; returns whether the coordinators were told.

    A person asks once per language (a constraint). The coordinators are told at the first
    request for a language, not at every one: the language version's row is locked while the
    first request is recorded, so two people asking at the same moment tell them once.
    """
    if language not in dict(settings.LANGUAGES):
        raise Refused(_("Choose one of the platform's languages."))
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:  # the language it is written in
        raise Refused(_("The strategy is already complete in this language."))
    version, _created = LanguageVersion.objects.get_or_create(
        strategy=strategy, language=language, defaults={"status": LanguageVersion.Status.REQUESTED}
    )
    version = LanguageVersion.objects.select_for_update().get(pk=version.pk)
    if version.status == LanguageVersion.Status.COMPLETE:
        raise Refused(_("The strategy is already complete in this language."))
    earlier = TranslationRequest.objects.filter(strategy=strategy, language=language)
    first = not earlier.exists()
    _request, new = TranslationRequest.objects.get_or_create(strategy=strategy, language=language, requested_by=by)
    if not (new and first):
        return False
    language_name = dict(settings.LANGUAGES)[language]
    tell_each(
        coordinators(),
        lambda: (
            _("Translation requested: %(strategy)s in %(language)s")
            % {"strategy": strategy.title, "language": language_name},
            _("Someone asked to read the strategy in %(language)s. Translations are entered in the back office.")
            % {"language": language_name},
        ),
        kind="strategy.translation_requested",
        url=strategy.get_absolute_url(),
    )
    return True


def translation_requests_data(user: User) -> list[dict]:
    return [
        {"strategy": r.strategy.title, "language": r.language, "requested_at": r.created_at.isoformat()}
        for r in TranslationRequest.objects.filter(requested_by=user).select_related("strategy")
    ]


def erase_translation_requests(user: User) -> None:
    TranslationRequest.objects.filter(requested_by=user).delete()


# --- Adoption ------------------------------------------------------------------------------------


def _require(by: User, perm: str, obj) -> None:
    if not by.has_perm(perm, obj):
        raise Refused(_("Only the region's coordinators can change its plan."))


def _check_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise Refused(_("The end must not come before the start."))


@transaction.atomic
def adopt_strategy(region: Region, strategy: Strategy, actions, by: User, *, starts_on: date | None = None):
    """Adopt ``strategy`` for ``region`` with the chosen ``actions``; returns the plan.

    One plan per region and strategy (a constraint): adopting again, or twice at once, adds the
    actions not yet in the plan to the one plan. Each action's text is copied in the language the
    coordinator is working in, so later edits of the strategy leave the region's adapted text
    alone; its counted indicators come with it, where the platform counts them.
    """
    _require(by, "strategy.adopt", region)
    if not strategy.published:
        raise Refused(_("This strategy is not published."))
    actions = list(actions)
    if any(action.strategy_id != strategy.pk for action in actions):
        raise Refused(_("Choose actions of this strategy."))
    plan, _created = RegionalPlan.objects.get_or_create(
        region=region, strategy=strategy,
        defaults={"adopted_by": by, "adopted_at": timezone.now(), "starts_on": starts_on or timezone.localdate()},
    )  # fmt: skip
    for action in actions:
        _adopt_action(plan, action)
    return plan


def _adopt_action(plan: RegionalPlan, action: Action) -> PlanAction:
    plan_action, created = PlanAction.objects.get_or_create(
        plan=plan, source=action,
        defaults={"code": action.code, "title": action.title, "description": action.description},
    )  # fmt: skip
    if created:
        for key in action.counter_keys:
            metric = indicators.get(key)
            if metric is not None:
                Indicator.objects.create(
                    plan=plan, action=plan_action, name=str(metric.label), unit=str(metric.unit), counter_key=key
                )
    return plan_action


@transaction.atomic
def add_own_action(plan: RegionalPlan, by: User, *, title: str, **fields) -> PlanAction:
    """An action of the region's own, with no source in the strategy."""
    _require(by, "strategy.change_plan", plan)
    _check_dates(fields.get("starts_on"), fields.get("ends_on"))
    _check_owner(fields.get("owner"))
    return PlanAction.objects.create(plan=plan, title=title, **fields)


EDITABLE_ACTION_FIELDS = ("code", "title", "description", "owner", "starts_on", "ends_on", "status", "notes")


def _check_owner(owner) -> None:
    if owner is not None and owner.pk is None:
        raise Refused(_("Choose an organisation of the platform as owner."))


@transaction.atomic
def update_action(plan_action: PlanAction, by: User, **fields) -> PlanAction:
    """Adapt an action of the plan: text, owner, dates, status, notes."""
    _require(by, "strategy.change_plan", plan_action.plan)
    unknown = set(fields) - set(EDITABLE_ACTION_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _check_dates(fields.get("starts_on", plan_action.starts_on), fields.get("ends_on", plan_action.ends_on))
    _check_owner(fields.get("owner"))
    for name, value in fields.items():
        setattr(plan_action, name, value)
    plan_action.save(update_fields=list(fields))
    return plan_action


def update_action_status(plan_action: PlanAction, status: str, by: User) -> PlanAction:
    if status not in PlanAction.Status.values:
        raise Refused(_("Choose one of the statuses."))
    return update_action(plan_action, by, status=status)


def _check_counter(counter_key: str) -> None:
    if counter_key and indicators.get(counter_key) is None:
        raise Refused(_("The platform does not count this figure."))


def _check_action(plan: RegionalPlan, action: PlanAction | None) -> None:
    if action is not None and action.plan_id != plan.pk:
        raise Refused(_("Choose an action of this plan."))


@transaction.atomic
def add_indicator(plan: RegionalPlan, by: User, *, name: str, action: PlanAction | None = None, **fields) -> Indicator:
    _require(by, "strategy.change_plan", plan)
    _check_action(plan, action)
    _check_counter(fields.get("counter_key", ""))
    return Indicator.objects.create(plan=plan, action=action, name=name, **fields)


EDITABLE_INDICATOR_FIELDS = ("name", "unit", "action", "baseline", "target", "counter_key", "period")


@transaction.atomic
def update_indicator(indicator: Indicator, by: User, **fields) -> Indicator:
    _require(by, "strategy.change_plan", indicator.plan)
    unknown = set(fields) - set(EDITABLE_INDICATOR_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "action" in fields:
        _check_action(indicator.plan, fields["action"])
    if fields.get("counter_key", "") != indicator.counter_key and "counter_key" in fields:
        _check_counter(fields["counter_key"])
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.save(update_fields=list(fields))
    return indicator


def set_target(indicator: Indicator, target: Decimal | None, by: User, *, baseline: Decimal | None = None):
    fields = {"target": target} if baseline is None else {"target": target, "baseline": baseline}
    return update_indicator(indicator, by, **fields)


@transaction.atomic
def record_value(indicator: Indicator, by: User, *, measured_on: date, value: Decimal) -> IndicatorValue:
    """Enter (or correct) a manual indicator's value as measured on a date: one value per date."""
    _require(by, "strategy.change_plan", indicator.plan)
    if indicator.is_automatic:
        raise Refused(_("The platform counts this indicator; its values cannot be entered by hand."))
    if measured_on > timezone.localdate():
        raise Refused(_("Enter values measured up to today, not in the future."))
    recorded, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator, measured_on=measured_on,
        defaults={"value": value, "entered_by": by, "entered_at": timezone.now()},
    )  # fmt: skip
    return recorded


# --- What others read ----------------------------------------------------------------------------


def plan_url_for_region(region: Region) -> str:
    return reverse("strategy:region", args=[region.slug])


def strategy_entry(strategy: Strategy) -> Entry | None:
    if not strategy.published:
        return None
    return Entry(title=strategy.title, body=strategy.summary, url=strategy.get_absolute_url())


def chapter_entry(chapter: Chapter) -> Entry | None:
    if not chapter.strategy.published:
        return None
    parts = [chapter.introduction] + [f"{s.title} {s.body}" for s in chapter.sections.all()]
    return Entry(
        title=f"{chapter.strategy.title}: {chapter.title}", body="\n".join(parts), url=chapter.get_absolute_url()
    )


def action_entry(action: Action) -> Entry | None:
    if not action.strategy.published:
        return None
    return Entry(
        title=f"{action.code} {action.title}",
        body=f"{action.description}\n{action.suggested_indicators}",
        url=action.get_absolute_url(),
    )


def index_chapter_of_section(sender, instance, raw=False, **kwargs) -> None:
    """A section's text is part of its chapter's search entry."""
    from synergy.core.search import index_object

    if raw:
        return
    chapter_id = instance.chapter_id
    transaction.on_commit(lambda: _reindex_chapter(chapter_id, index_object))


def index_contents_of_strategy(sender, instance, raw=False, **kwargs) -> None:
    """A strategy's chapters and actions are searchable only while it is published: when it is
    saved (published or withdrawn), their search entries follow."""
    if raw:
        return
    strategy_id = instance.pk
    transaction.on_commit(lambda: _reindex_contents(strategy_id))


def _reindex_contents(strategy_id: int) -> None:
    from synergy.core.search import index_objects

    with transaction.atomic():
        index_objects(Chapter.objects.filter(strategy_id=strategy_id).select_related("strategy"))
        index_objects(Action.objects.filter(strategy_id=strategy_id).select_related("strategy"))


def _reindex_chapter(chapter_id: int, index_object) -> None:
    chapter = Chapter.objects.select_related("strategy").filter(pk=chapter_id).first()
    if chapter is not None:
        index_object(chapter)
