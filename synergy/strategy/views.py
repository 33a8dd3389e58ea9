"""Strategy pages: the strategy (overview, chapters, actions, PDF), translation requests, a region's
adoption and plan, the progress dashboard and the comparison of regions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from synergy.core import caching
from synergy.core.exceptions import Refused
from synergy.core.models import Region
from synergy.core.permissions import get_object_for, require

from . import infographic, progress, services
from .forms import AdoptForm, IndicatorForm, PlanActionForm, TranslationRequestForm, ValueForm
from .models import Action, Indicator, LanguageVersion, PlanAction, RegionalPlan, Strategy, TargetGroup
from .pdf import strategy_pdf


def _strategy(request, slug: str) -> Strategy:
    return get_object_for(request, "strategy.view_strategy", Strategy.objects.all(), slug=slug)


@require_safe
def index(request):
    strategies = Strategy.objects.published().order_by("title", "id")
    return render(request, "strategy/index.html", {"strategies": strategies})


def _languages(strategy: Strategy) -> list[dict]:
    """Each language of the platform with the strategy's status in it (English is the original)."""
    versions = {v.language: v for v in strategy.language_versions.all()}
    rows = []
    for code, name in settings.LANGUAGES:
        version = versions.get(code)
        if code == settings.LANGUAGE_CODE:
            status, label = LanguageVersion.Status.COMPLETE, LanguageVersion.Status.COMPLETE.label
        elif version is not None:
            status, label = version.status, version.get_status_display()
        else:
            status, label = "", _("Not translated")
        rows.append({"code": code, "name": name, "status": status, "label": label})
    return rows


@require_safe
def detail(request, slug: str):
    """The overview: its public parts are cached fragments (the contents alone are a few hundred
    links), so their queries run only when a fragment is rendered again."""
    strategy = _strategy(request, slug)
    languages = caching.remembered("strategy:languages", "strategy", lambda: _languages(strategy), strategy.pk)
    missing = [(row["code"], row["name"]) for row in languages if row["status"] not in ("complete",)]
    context = {
        "strategy": strategy,
        "chapters": strategy.chapters.prefetch_related("sections", _actions_with_strategy()),
        "languages": languages,
        "translation_form": TranslationRequestForm(missing=missing) if missing else None,
        "plans": strategy.plans.select_related("region").order_by("region__name"),
        "adoptable_regions": _adoptable_regions(request),
    }
    return render(request, "strategy/detail.html", context)


def _actions_with_strategy() -> Prefetch:
    """A chapter's actions with their strategy, which each action's address names."""
    return Prefetch("actions", queryset=Action.objects.select_related("strategy"))


def _adoptable_regions(request) -> list[Region]:
    from synergy.accounts.rules import coordinated_region_ids

    user = request.user
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Region.objects.order_by("name"))
    return list(Region.objects.filter(pk__in=coordinated_region_ids(user)).order_by("name"))


@require_safe
def chapter(request, slug: str, number: int):
    strategy = _strategy(request, slug)
    current = get_object_or_404(strategy.chapters.prefetch_related("sections", _actions_with_strategy()), number=number)
    numbers = list(strategy.chapters.values_list("number", flat=True))
    index = numbers.index(current.number)
    context = {
        "strategy": strategy,
        "chapter": current,
        "previous": numbers[index - 1] if index > 0 else None,
        "next": numbers[index + 1] if index + 1 < len(numbers) else None,
    }
    return render(request, "strategy/chapter.html", context)


@require_safe
def action_list(request, slug: str):
    strategy = _strategy(request, slug)
    group = request.GET.get("group", "")
    actions = strategy.actions.select_related("chapter")
    if group in TargetGroup.values:
        actions = actions.filter(target_groups__icontains=f'"{group}"')
    else:
        group = ""
    context = {"strategy": strategy, "actions": actions, "groups": TargetGroup.choices, "group": group}
    return render(request, "strategy/action_list.html", context)


@require_safe
def action_detail(request, slug: str, code: str):
    strategy = _strategy(request, slug)
    action = get_object_or_404(strategy.actions.select_related("chapter"), code=code)
    adoptions = action.adoptions.select_related("plan__region", "plan__strategy").order_by("plan__region__name")
    return render(request, "strategy/action.html", {"strategy": strategy, "action": action, "adoptions": adoptions})


@require_safe
def pdf(request, slug: str, language: str):
    strategy = _strategy(request, slug)
    if language not in dict(settings.LANGUAGES):
        raise Http404
    content = caching.remembered(
        "strategy:pdf", "strategy", lambda: strategy_pdf(strategy, language), strategy.pk, language
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{strategy.slug}-{language}.pdf"'
    return response


@login_required
@require_POST
def request_translation(request, slug: str):
    strategy = _strategy(request, slug)
    require(request, "strategy.request_translation", strategy)
    form = TranslationRequestForm(request.POST, missing=list(settings.LANGUAGES))
    if not form.is_valid():
        messages.error(request, _("Choose the language you would like to read the strategy in."))
        return redirect(strategy)
    try:
        services.request_translation(strategy, form.cleaned_data["language"], request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Thank you: the regional coordinators know that you asked for it."))
    return redirect(strategy)


@require_safe
def region(request, region_slug: str):
    """A region's plan of the latest strategy it adopted (the link on the region's page)."""
    region = get_object_or_404(Region, slug=region_slug)
    plan = RegionalPlan.objects.filter(region=region, strategy__published=True).select_related("strategy")
    plan = plan.order_by("-adopted_at").first()
    if plan is not None:
        return redirect(plan)
    strategy = Strategy.objects.published().order_by("title", "id").first()
    if strategy is None:
        return redirect("strategy:index")
    return redirect("strategy:plan", strategy.slug, region.slug)


# --- Comparison and dashboard -----------------------------------------------------------------------


@require_safe
def compare(request, slug: str):
    strategy = _strategy(request, slug)

    def figures():
        columns = progress.comparison(strategy)
        return {"columns": columns, "charts": progress.comparison_charts(columns)}

    context = {"strategy": strategy, "figures": SimpleLazyObject(figures), "statuses": PlanAction.Status.choices}
    return render(request, "strategy/compare.html", context)


def _plan_or_none(strategy: Strategy, region: Region) -> RegionalPlan | None:
    return RegionalPlan.objects.filter(strategy=strategy, region=region).first()


def _region_and_plan(strategy: Strategy, region_slug: str) -> tuple[Region, RegionalPlan | None]:
    """The region and its plan of ``strategy`` (None if it adopted none), in one query when it did."""
    found = RegionalPlan.objects.filter(strategy=strategy, region__slug=region_slug).select_related("region").first()
    if found is None:
        return get_object_or_404(Region, slug=region_slug), None
    found.strategy = strategy
    return found.region, found


@require_safe
def plan(request, slug: str, region_slug: str):
    strategy = _strategy(request, slug)
    region, found = _region_and_plan(strategy, region_slug)
    user = request.user
    context = {
        "strategy": strategy,
        "region": region,
        "plan": found,
        # Worked out only if the dashboard is not already rendered in the cache.
        "dashboard": SimpleLazyObject(lambda: progress.dashboard(found)) if found else None,
        "infographic_formats": list(infographic.FORMATS),
        "can_edit": user.is_authenticated and user.has_perm("strategy.adopt", region),
    }
    return render(request, "strategy/plan.html", context)


@require_safe
def infographic_file(request, slug: str, region_slug: str, language: str, kind: str):
    """The region's infographic in ``language`` as SVG, PNG or PDF: public wherever the plan is."""
    if language not in dict(settings.LANGUAGES) or kind not in infographic.FORMATS:
        raise Http404
    strategy = _strategy(request, slug)
    region, found = _region_and_plan(strategy, region_slug)
    if found is None:
        raise Http404
    address = request.build_absolute_uri(found.get_absolute_url())
    response = HttpResponse(
        infographic.remembered(found, language, kind, address), content_type=infographic.FORMATS[kind]
    )
    response["Content-Disposition"] = f'inline; filename="{strategy.slug}-{region.slug}-{language}.{kind}"'
    return response


@require_safe
def infographic_choice(request, slug: str, region_slug: str):
    """The language form on the plan's page: to the infographic in the chosen language and format."""
    strategy = _strategy(request, slug)
    language, kind = request.GET.get("language", ""), request.GET.get("format", "")
    if language not in dict(settings.LANGUAGES) or kind not in infographic.FORMATS:  # back to the form
        return redirect("strategy:plan", strategy.slug, region_slug)
    return redirect("strategy:infographic", strategy.slug, region_slug, language, kind)


def _editable_plan(request, slug: str, region_slug: str) -> RegionalPlan:
    strategy = _strategy(request, slug)
    region = get_object_or_404(Region, slug=region_slug)
    found = get_object_for(
        request, "strategy.change_plan", RegionalPlan.objects.all(), strategy=strategy, region=region
    )
    found.strategy, found.region = strategy, region
    return found


@login_required
def adopt(request, slug: str, region_slug: str):
    strategy = _strategy(request, slug)
    region = get_object_or_404(Region, slug=region_slug)
    require(request, "strategy.adopt", region)
    existing = _plan_or_none(strategy, region)
    available = strategy.actions.select_related("chapter").order_by("position", "code")
    if existing is not None:
        available = available.exclude(adoptions__plan=existing)
    form = AdoptForm(request.POST or None, actions=available, first_adoption=existing is None)
    if request.method == "POST" and form.is_valid():
        try:
            adopted = services.adopt_strategy(
                region, strategy, form.cleaned_data["actions"], request.user,
                starts_on=form.cleaned_data.get("starts_on"),
            )  # fmt: skip
        except Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The actions are in the region's plan. Adapt them to the region below."))
            return redirect("strategy:plan_edit", strategy.slug, adopted.region.slug)
    context = {"strategy": strategy, "region": region, "form": form, "plan": existing}
    return render(request, "strategy/adopt.html", context)


@login_required
@require_safe
def plan_edit(request, slug: str, region_slug: str):
    found = _editable_plan(request, slug, region_slug)
    actions = found.actions.select_related("owner", "source").order_by("code", "id")
    indicators = found.indicators.select_related("action").order_by("action__code", "id")
    context = {"strategy": found.strategy, "region": found.region, "plan": found, "actions": actions,
               "indicators": indicators}  # fmt: skip
    return render(request, "strategy/plan_edit.html", context)


def _save_form(request, form, save, success: str, back: str):
    """Validate, then save through the service; a refusal is shown next to the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except Refused as refusal:
            messages.error(request, str(refusal))
            return None
        messages.success(request, success)
        return redirect(back)
    if request.method == "POST":
        messages.error(request, _("Please correct the fields marked below."))
    return None


def _action_fields(data: dict) -> dict:
    return {name: data[name] for name in services.EDITABLE_ACTION_FIELDS if name in data}


@login_required
def action_add(request, slug: str, region_slug: str):
    found = _editable_plan(request, slug, region_slug)
    form = PlanActionForm(request.POST or None, region=found.region)
    back = reverse("strategy:plan_edit", args=[slug, region_slug])

    def save(data):
        fields = _action_fields(data)
        services.add_own_action(found, request.user, **fields)

    done = _save_form(request, form, save, _("The action is added to the plan."), back)
    return done or render(
        request, "strategy/form.html", _form_context(found, form, _("Add an action of the region's own"))
    )


@login_required
def action_edit(request, slug: str, region_slug: str, pk: int):
    found = _editable_plan(request, slug, region_slug)
    plan_action = get_object_or_404(PlanAction.objects.select_related("source"), plan=found, pk=pk)
    plan_action.plan = found
    form = PlanActionForm(request.POST or None, instance=plan_action, region=found.region)
    back = reverse("strategy:plan_edit", args=[slug, region_slug])
    done = _save_form(
        request, form, lambda data: services.update_action(plan_action, request.user, **_action_fields(data)),
        _("The action is saved."), back,
    )  # fmt: skip
    title = _("Adapt the action %(code)s") % {"code": plan_action.code} if plan_action.code else _("Adapt the action")
    return done or render(request, "strategy/form.html", _form_context(found, form, title, plan_action=plan_action))


def _indicator_fields(data: dict) -> dict:
    return {name: data[name] for name in services.EDITABLE_INDICATOR_FIELDS if name in data}


@login_required
def indicator_add(request, slug: str, region_slug: str):
    found = _editable_plan(request, slug, region_slug)
    form = IndicatorForm(request.POST or None, plan=found)
    back = reverse("strategy:plan_edit", args=[slug, region_slug])
    done = _save_form(
        request, form, lambda data: services.add_indicator(found, request.user, **_indicator_fields(data)),
        _("The indicator is added."), back,
    )  # fmt: skip
    return done or render(request, "strategy/form.html", _form_context(found, form, _("Add an indicator")))


@login_required
def indicator_edit(request, slug: str, region_slug: str, pk: int):
    found = _editable_plan(request, slug, region_slug)
    indicator = get_object_or_404(Indicator, plan=found, pk=pk)
    indicator.plan = found
    form = IndicatorForm(request.POST or None, instance=indicator, plan=found)
    back = reverse("strategy:plan_edit", args=[slug, region_slug])
    done = _save_form(
        request, form, lambda data: services.update_indicator(indicator, request.user, **_indicator_fields(data)),
        _("The indicator is saved."), back,
    )  # fmt: skip
    title = _("Indicator: %(name)s") % {"name": indicator.name}
    return done or render(request, "strategy/form.html", _form_context(found, form, title))


@login_required
def value_add(request, slug: str, region_slug: str, pk: int):
    found = _editable_plan(request, slug, region_slug)
    indicator = get_object_or_404(Indicator, plan=found, pk=pk)
    indicator.plan = found
    if indicator.is_automatic:
        messages.info(request, _("The platform counts this indicator; its values cannot be entered by hand."))
        return redirect("strategy:plan_edit", slug, region_slug)
    form = ValueForm(request.POST or None)
    back = reverse("strategy:value_add", args=[slug, region_slug, pk])
    done = _save_form(
        request, form, lambda data: services.record_value(indicator, request.user, **data),
        _("The value is recorded."), back,
    )  # fmt: skip
    title = _("Values of %(name)s") % {"name": indicator.name}
    context = _form_context(
        found, form, title, values=indicator.values.select_related("entered_by").order_by("-measured_on")
    )
    return done or render(request, "strategy/form.html", context)


def _form_context(found: RegionalPlan, form, title: str, **extra) -> dict:
    return {"strategy": found.strategy, "region": found.region, "plan": found, "form": form, "title": title, **extra}
