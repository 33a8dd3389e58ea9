"""The demo's crowd-innovation strategy, written for the demo: four chapters, ten actions, in
English, with Slovenian and Polish partly translated; adopted by Slovenia and Emilia-Romagna
with owners, targets and a few values entered by hand. Running it twice changes nothing."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from synergy.accounts.models import User
from synergy.actors.models import Organisation
from synergy.core.models import Region
from synergy.strategy import services
from synergy.strategy.models import Action, Chapter, Indicator, IndicatorValue, LanguageVersion, Section, Strategy

SLUG = "crowd-innovation-strategy"

STRATEGY = {
    "title": {
        "en": "Regional Crowd Innovation Strategy",
        "sl": "Regionalna strategija množičnih inovacij",
        "pl": "Regionalna strategia innowacji społecznościowych",
    },
    "summary": {
        "en": (
            "A plan of actions with which a region spreads open and crowd innovation among its companies, "
            "universities and research organisations, public authorities and citizens. Each region adopts "
            "the actions that fit it, adapts them, names who carries them out, and follows its progress "
            "on Synergy."
        ),
        "sl": (
            "Načrt ukrepov, s katerim regija širi odprte in množične inovacije med podjetji, univerzami in "
            "raziskovalnimi organizacijami, javnimi organi ter državljani. Vsaka regija sprejme ukrepe, ki ji "
            "ustrezajo, jih prilagodi, določi izvajalce in spremlja napredek na platformi Synergy."
        ),
        "pl": (
            "Plan działań, dzięki któremu region upowszechnia innowacje otwarte i społecznościowe wśród firm, "
            "uczelni i instytutów badawczych, władz publicznych oraz mieszkańców. Każdy region przyjmuje "
            "pasujące do niego działania, dostosowuje je, wskazuje wykonawców i śledzi postępy na platformie "
            "Synergy."
        ),
    },
}

CHAPTERS = [
    {
        "title": {
            "en": "Open innovation in the region",
            "sl": "Odprte inovacije v regiji",
            "pl": "Innowacje otwarte w regionie",
        },
        "introduction": {
            "en": "Good ideas rarely come from one place. This chapter says what crowd innovation is and how a "
            "region can use this strategy.",
            "sl": "Dobre zamisli le redko pridejo z enega samega mesta. To poglavje pojasni, kaj so množične "
            "inovacije in kako lahko regija uporabi to strategijo.",
            "pl": "Dobre pomysły rzadko pochodzą z jednego miejsca. Ten rozdział wyjaśnia, czym są innowacje "
            "społecznościowe i jak region może korzystać z tej strategii.",
        },
        "sections": [
            {
                "title": {
                    "en": "What we mean by crowd innovation",
                    "sl": "Kaj razumemo z množičnimi inovacijami",
                    "pl": "Co rozumiemy przez innowacje społecznościowe",
                },
                "body": {
                    "en": "An organisation innovates *openly* when it brings in knowledge from outside: "
                    "partners, users, researchers, other companies. **Crowd innovation** goes one step further "
                    "and asks many people at once, through an open call, a challenge with a prize, a shared "
                    "laboratory or a crowdfunding campaign.\n\n"
                    "The four groups this strategy addresses are the *quadruple helix*: industry, academia, "
                    "policy makers and the general public.",
                    "sl": "Organizacija inovira *odprto*, ko pritegne znanje od zunaj: partnerje, uporabnike, "
                    "raziskovalce in druga podjetja. **Množične inovacije** gredo korak dlje in hkrati povprašajo "
                    "mnogo ljudi, z javnim pozivom, izzivom z nagrado, skupnim laboratorijem ali kampanjo "
                    "množičnega financiranja.\n\n"
                    "Štiri skupine, na katere se strategija obrača, tvorijo *četverno vijačnico*: gospodarstvo, "
                    "akademska sfera, oblikovalci politik in širša javnost.",
                },
            },
            {
                "title": {"en": "How to use this strategy", "pl": "Jak korzystać z tej strategii"},
                "body": {
                    "en": "1. Read the actions and pick those that fit the region.\n"
                    "2. Adopt them on Synergy: their text is copied into the region's plan, where you adapt it.\n"
                    "3. Name an owner, a start and an end for each action.\n"
                    "4. Set targets for the indicators. Figures the platform counts itself (people trained, "
                    "challenges launched, network members) are filled in automatically.",
                    "pl": "1. Przeczytaj działania i wybierz te, które pasują do regionu.\n"
                    "2. Przyjmij je na platformie Synergy: ich treść zostanie skopiowana do planu regionu, gdzie "
                    "możesz ją dostosować.\n"
                    "3. Dla każdego działania wskaż wykonawcę, początek i koniec.\n"
                    "4. Ustal wartości docelowe wskaźników. Liczby, które platforma zlicza sama (osoby "
                    "przeszkolone, ogłoszone wyzwania, członkowie sieci), uzupełniają się automatycznie.",
                },
            },
        ],
        "actions": [
            {
                "code": "A1.1",
                "title": {
                    "en": "Map the region's innovation actors",
                    "sl": "Popis inovacijskih akterjev v regiji",
                    "pl": "Mapa podmiotów innowacji w regionie",
                },
                "description": {
                    "en": "Invite companies, universities, research institutes, public bodies and NGOs to keep "
                    "a profile on Synergy, backed by their projects rather than self-declared only.",
                },
                "target_groups": ["industry", "academia", "policy_makers"],
                "stakeholder_types": ["cluster", "technology_park", "public_authority"],
                "suggested_indicators": {"en": "Organisations with a complete profile."},
                "counter_keys": ["organisations_profiled"],
                "time_frame": {"en": "First year", "sl": "Prvo leto", "pl": "Pierwszy rok"},
            },
            {
                "code": "A1.2",
                "title": {
                    "en": "Form Synergic Networks around key areas",
                    "sl": "Oblikovanje sinergijskih mrež na ključnih področjih",
                    "pl": "Tworzenie sieci synergicznych w kluczowych obszarach",
                },
                "description": {
                    "en": "Group actors with a shared area of expertise into networks that mix company "
                    "sizes, sectors and countries, and keep their SWOT analysis current.",
                },
                "target_groups": ["industry", "academia"],
                "stakeholder_types": ["cluster", "university", "research"],
                "suggested_indicators": {"en": "Organisations in networks; countries per network."},
                "counter_keys": ["network_members"],
                "time_frame": {"en": "First and second year"},
            },
        ],
    },
    {
        "title": {"en": "Industry", "sl": "Gospodarstvo", "pl": "Przemysł"},
        "introduction": {
            "en": "Small and medium-sized companies gain most from outside ideas and have the least time to "
            "look for them. The actions below lower the cost of asking.",
        },
        "sections": [
            {
                "title": {"en": "Why companies open up", "sl": "Zakaj se podjetja odpirajo"},
                "body": {
                    "en": "A company that posts a well-described challenge receives proposals from people it "
                    "would never have found: a doctoral student, a fablab, a company from another sector. "
                    "Keeping the challenge's **needs**, **timeline** and **prize** clear is what makes it work.",
                },
            }
        ],
        "actions": [
            {
                "code": "A2.1",
                "title": {
                    "en": "Launch crowd-innovation challenges with companies",
                    "sl": "Izzivi množičnih inovacij s podjetji",
                    "pl": "Wyzwania innowacji społecznościowych z firmami",
                },
                "description": {
                    "en": "Help companies turn a real problem into a public challenge with a prize or voucher, "
                    "a jury and a timeline, and promote it to solvers across the partner regions.",
                },
                "target_groups": ["industry", "academia"],
                "stakeholder_types": ["sme", "large_enterprise", "cluster"],
                "suggested_indicators": {"en": "Challenges launched; proposals received per challenge."},
                "counter_keys": ["challenges_launched", "proposals_received"],
                "time_frame": {"en": "Every year"},
            },
            {
                "code": "A2.2",
                "title": {
                    "en": "Share equipment and facilities",
                    "sl": "Souporaba opreme in prostorov",
                    "pl": "Udostępnianie sprzętu i infrastruktury",
                },
                "description": {
                    "en": "Publish laboratories, machines and 3D printers that others may use, and record "
                    "what was actually used so that sharing shows its results.",
                },
                "target_groups": ["industry", "academia"],
                "stakeholder_types": ["university", "research", "technology_park"],
                "suggested_indicators": {"en": "Items shared; access requests fulfilled."},
                "counter_keys": ["equipment_shared", "access_requests_fulfilled"],
                "time_frame": {"en": "From the second year"},
            },
            {
                "code": "A2.3",
                "title": {
                    "en": "Train SMEs in open innovation",
                    "sl": "Usposabljanje MSP za odprte inovacije",
                    "pl": "Szkolenia MŚP z innowacji otwartych",
                },
                "description": {
                    "en": "Run webinars and hybrid sessions on the strategy with the common training "
                    "materials, each with stated learning objectives and feedback from participants.",
                },
                "target_groups": ["industry"],
                "stakeholder_types": ["cluster", "chamber", "university"],
                "suggested_indicators": {"en": "People trained; average feedback."},
                "counter_keys": ["people_trained", "trainings_held", "average_feedback"],
                "time_frame": {"en": "Twice a year"},
            },
        ],
    },
    {
        "title": {
            "en": "Academia and policy makers",
            "sl": "Akademska sfera in oblikovalci politik",
            "pl": "Środowisko akademickie i decydenci",
        },
        "introduction": {
            "en": "Universities hold the knowledge and the equipment; public authorities set the rules and "
            "spend public money. Both can make open innovation the normal way of working.",
        },
        "sections": [
            {
                "title": {"en": "Rules that reward openness"},
                "body": {
                    "en": "Regional smart-specialisation strategies, calls for projects and public "
                    "procurement can ask for open calls and shared results. Where they do, more actors take "
                    "part, and more of them are small.",
                },
            }
        ],
        "actions": [
            {
                "code": "A3.1",
                "title": {
                    "en": "Open university research groups to challenges",
                    "pl": "Otwarcie grup badawczych uczelni na wyzwania",
                },
                "description": {
                    "en": "Encourage research groups and students to answer companies' challenges, and count "
                    "such work in the university's own evaluation of third-mission activities.",
                },
                "target_groups": ["academia"],
                "stakeholder_types": ["university", "research", "tto"],
                "suggested_indicators": {"en": "Proposals from universities; joint projects that followed."},
                "time_frame": {"en": "Second and third year"},
            },
            {
                "code": "A3.2",
                "title": {
                    "en": "Put crowd innovation into regional policy",
                    "sl": "Množične inovacije v regionalni politiki",
                },
                "description": {
                    "en": "Name crowd innovation in the regional innovation strategy and in calls for "
                    "projects, with a budget line for challenges and prizes.",
                },
                "target_groups": ["policy_makers"],
                "stakeholder_types": ["public_authority"],
                "suggested_indicators": {"en": "Policy documents that name open calls; budget committed."},
                "time_frame": {"en": "Within two years"},
            },
            {
                "code": "A3.3",
                "title": {"en": "Procure innovation through open calls"},
                "description": {
                    "en": "Let public bodies describe a need as a challenge before they buy, so that small "
                    "companies and researchers can propose solutions that are not yet on the market.",
                },
                "target_groups": ["policy_makers", "industry"],
                "stakeholder_types": ["public_authority", "public_organisation"],
                "suggested_indicators": {"en": "Open calls issued by public bodies."},
                "time_frame": {"en": "From the third year"},
            },
        ],
    },
    {
        "title": {"en": "The public", "sl": "Javnost", "pl": "Społeczeństwo"},
        "introduction": {
            "en": "Citizens are users, testers and, increasingly, co-designers and funders of new products.",
        },
        "sections": [
            {
                "title": {"en": "Citizens as co-designers"},
                "body": {
                    "en": "Small design challenges, where people sketch or upload a solution and the "
                    "community's votes rank them, let anyone take part. Crowdfunding lets the public "
                    "support research it cares about.",
                },
            }
        ],
        "actions": [
            {
                "code": "A4.1",
                "title": {
                    "en": "Run citizen design challenges",
                    "sl": "Oblikovalski izzivi za državljane",
                    "pl": "Wyzwania projektowe dla mieszkańców",
                },
                "description": {
                    "en": "Organise small design challenges open to everyone, in teams of a few people, with "
                    "the community's votes deciding the ranking.",
                },
                "target_groups": ["public"],
                "stakeholder_types": ["ngo", "incubator"],
                "suggested_indicators": {"en": "Participants; entries received."},
                "counter_keys": ["proposals_received"],
                "time_frame": {"en": "Every year"},
            },
            {
                "code": "A4.2",
                "title": {
                    "en": "Crowdfund research with the community",
                    "pl": "Finansowanie społecznościowe badań",
                },
                "description": {
                    "en": "Help research groups present projects to the public with a budget goal and "
                    "rewards for supporters, and report back on what the money achieved.",
                },
                "target_groups": ["public", "academia"],
                "stakeholder_types": ["university", "research", "ngo"],
                "suggested_indicators": {"en": "Money pledged; projects that reached their goal."},
                "counter_keys": ["money_pledged"],
                "time_frame": {"en": "From the second year"},
            },
        ],
    },
]

# (region, actions adopted, {code: (status, owner slug or None)}, manual indicators: (name, unit, baseline,
# target, action code, values as (days ago, value)))
ADOPTIONS = [
    (
        "slovenia",
        ["A1.1", "A2.1", "A2.3", "A4.1"],
        {"A1.1": "done", "A2.1": "in_progress", "A2.3": "in_progress", "A4.1": "planned"},
        [
            ("Companies that posted a challenge", "companies", 0, 12, "A2.1", [(240, 2), (150, 4), (60, 7)]),
            ("Regional events on open innovation", "events", 1, 8, None, [(200, 2), (100, 4), (20, 5)]),
        ],
    ),
    (
        "emilia-romagna",
        ["A1.2", "A2.2", "A3.2"],
        {"A1.2": "in_progress", "A2.2": "done", "A3.2": "dropped"},
        [("Laboratories open to companies", "laboratories", 3, 15, "A2.2", [(300, 5), (180, 9), (30, 14)])],
    ),
]


def _translated(field: str, texts: dict) -> dict:
    # The plain field first: modeltranslation writes it to the active language's column, which the
    # per-language values then set right.
    return {field: texts["en"]} | {f"{field}_{code}": texts.get(code, "") for code, _name in settings.LANGUAGES}


def seed_strategy() -> Strategy:
    strategy, _created = Strategy.objects.update_or_create(
        slug=SLUG, defaults={**_translated("title", STRATEGY["title"]), **_translated("summary", STRATEGY["summary"])}
    )
    position = 0
    for number, spec in enumerate(CHAPTERS, start=1):
        chapter, _created = Chapter.objects.update_or_create(
            strategy=strategy, number=number,
            defaults={**_translated("title", spec["title"]), **_translated("introduction", spec["introduction"])},
        )  # fmt: skip
        for index, section in enumerate(spec["sections"], start=1):
            Section.objects.update_or_create(
                chapter=chapter, position=index,
                defaults={**_translated("title", section["title"]), **_translated("body", section["body"])},
            )  # fmt: skip
        for action in spec["actions"]:
            position += 1
            Action.objects.update_or_create(
                strategy=strategy, code=action["code"],
                defaults={
                    "chapter": chapter, "position": position,
                    **_translated("title", action["title"]),
                    **_translated("description", action["description"]),
                    **_translated("suggested_indicators", action["suggested_indicators"]),
                    **_translated("time_frame", action["time_frame"]),
                    "target_groups": action["target_groups"],
                    "stakeholder_types": action["stakeholder_types"],
                    "counter_keys": action.get("counter_keys", []),
                },
            )  # fmt: skip
    for language, status in [("sl", "partial"), ("pl", "partial")]:
        LanguageVersion.objects.update_or_create(strategy=strategy, language=language, defaults={"status": status})
    _adopt(strategy)
    return strategy


def _adopt(strategy: Strategy) -> None:
    admin = User.objects.get(email="admin@synergy.test")
    today = timezone.localdate()
    for region_slug, codes, statuses, manual in ADOPTIONS:
        region = Region.objects.get(slug=region_slug)
        owner = Organisation.objects.filter(coordinated_region=region).first()
        plan = services.adopt_strategy(
            region, strategy, strategy.actions.filter(code__in=codes), admin, starts_on=today - timedelta(days=365)
        )
        for action in plan.actions.all():
            status = statuses.get(action.code, action.status)
            if (action.status, action.owner_id) != (status, owner and owner.pk):
                services.update_action(
                    action, admin, status=status, owner=owner, starts_on=plan.starts_on,
                    ends_on=plan.starts_on + timedelta(days=730),
                )  # fmt: skip
        for name, unit, baseline, target, code, values in manual:
            indicator, _created = Indicator.objects.get_or_create(
                plan=plan, name=name,
                defaults={"unit": unit, "baseline": baseline, "target": target,
                          "action": plan.actions.filter(code=code).first() if code else None},
            )  # fmt: skip
            for days_ago, value in values:  # dated from the plan's start, so a second run finds them
                IndicatorValue.objects.update_or_create(
                    indicator=indicator, measured_on=plan.starts_on + timedelta(days=365 - days_ago),
                    defaults={"value": Decimal(value), "entered_by": admin},
                )  # fmt: skip
        for indicator in plan.indicators.filter(counter_key__in=["people_trained", "organisations_profiled"]):
            if indicator.target is None:
                services.set_target(indicator, Decimal(40 if indicator.counter_key == "people_trained" else 25), admin)
