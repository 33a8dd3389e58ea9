"""Benchmark: the crowdfunding pages at the size the crowdfunding issue names.

Seeds 5,000 research projects and 200,000 pledges (5,000 people) into a database of its own.
One project in ten raises simulated points in one of 50 training games (the demo's included);
the others raise euros. Every benchmark project has 2 rewards. One project in euros has exactly 1,000 pledges and one
game has exactly 100 projects. After the load each project's total, each reward's claimed
count and each participant's points spent are set from the pledges, as the pledge service
keeps them. Requests the project list, the 1,000-pledge project's page (as a platform admin,
who sees every pledge, and anonymously) and the game's page repeatedly through Django's test
client, and writes the median and 95th-percentile time and the queries per page to
docs/benchmarks.md.

The same pages are first requested on a small seed (the demo data, 10 projects and one game;
the measured project has 5 pledges and the game 5 projects), so the table shows whether the
number of queries grows with the data.

    .venv/bin/python bench/funding.py            # SQLite file in a temporary folder
    DATABASE_URL=postgres://…/synergy_bench_funding .venv/bin/python bench/funding.py
"""

import os
import time
from datetime import timedelta
from decimal import Decimal

PROJECTS, PLEDGES, PEOPLE, GAMES, REPEAT = 5_000, 200_000, 5_000, 50, 30
BIG, SMALL = 1_000, 5  # pledges of the measured project, on the full and on the small seed
BIG_GAME, SMALL_GAME = 100, 5  # projects of the measured game
SMALL_PROJECTS, SMALL_EACH = 5, 5  # projects in euros on the small seed; pledges of its other projects
POINTS_SHARE, BUDGET, GOAL = 10, 1_000, Decimal(10_000)  # one project in ten is in points

from harness import analyze, insert, measure, pages_table, prepare_database, run, scaled, seed_people, write_section  # noqa: E402  # isort: skip  (first: sets Django up)
from django.db import connection  # noqa: E402
from django.db.models import Count, DecimalField, F, OuterRef, Subquery, Sum, Value  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from synergy.accounts.models import User  # noqa: E402
from synergy.core.models import Region  # noqa: E402
from synergy.funding.models import POINTS, Participant, Pledge, Project, Reward, SimulatedCampaign  # noqa: E402
from synergy.funding.services import totals_match  # noqa: E402

NOW = timezone.now()
DAY = timedelta(days=1)


def make_games(slugs: list[str], regions, admin) -> list[SimulatedCampaign]:
    return insert(
        SimulatedCampaign,
        (
            SimulatedCampaign(
                title=f"Bench training game {slug}",
                slug=slug,
                description="Each participant spreads 1,000 points over the projects.",
                region=regions[n % len(regions)],
                points_per_participant=BUDGET,
                starts_at=NOW - 10 * DAY,
                ends_at=NOW + 20 * DAY,
                created_by=admin,
            )
            for n, slug in enumerate(slugs)
        ),
    )


def make_projects(specs, users, regions, *, start: int) -> list[Project]:
    """``specs``: (slug, game or None) per project; all are published and raising funds now.
    Each gets 2 rewards; returns the projects with their rewards in ``project.bench_rewards``."""
    projects = insert(
        Project,
        (
            Project(
                title=f"Bench research project {slug}",
                slug=slug,
                summary="A printed, absorbable scaffold that the body replaces with bone within a year.",
                description="We print **calcium-phosphate scaffolds** and test them with the hospital.",
                designer=users[(start + n) % len(users)],
                region=game.region if game else regions[(start + n) % len(regions)],
                campaign=game,
                goal=GOAL,
                currency=POINTS if game else "EUR",
                rule=Project.Rule.KEEP if game or n % 2 else Project.Rule.ALL_OR_NOTHING,
                starts_at=game.starts_at if game else NOW - (1 + (start + n) % 20) * DAY,
                ends_at=game.ends_at if game else NOW + (10 + (start + n) % 30) * DAY,
                status=Project.Status.PUBLISHED,
                created_at=NOW - 30 * DAY + timedelta(seconds=start + n),
            )
            for n, (slug, game) in enumerate(specs)
        ),
        batch_size=1_000,
    )
    rewards = insert(
        Reward,
        (
            Reward(project=project, title=title, description="With our thanks.", minimum=minimum)
            for project in projects
            for title, minimum in [("Thank-you letter from the team", Decimal(10)), ("Visit to the lab", Decimal(100))]
        ),
    )
    for n, project in enumerate(projects):
        project.bench_rewards = rewards[2 * n : 2 * n + 2]
    return projects


def make_pledges(assignments, users, spent: dict, *, start: int) -> None:
    """``assignments``: one project per pledge, amounts 10–500. Pledge ``i`` goes to person ``i``
    (mod the people), moved on when that is the designer or when it would overspend the
    person's budget in a game (``spent``: points per (game, person), kept up to date)."""

    def pledges():
        for n, project in enumerate(assignments):
            i = start + n
            amount = 10 + (i * 37) % 491
            u = i % len(users)
            while users[u].pk == project.designer_id or (
                project.campaign_id and spent.get((project.campaign_id, users[u].pk), 0) + amount > BUDGET
            ):
                u = (u + 1) % len(users)
            supporter = users[u]
            if project.campaign_id:
                spent[project.campaign_id, supporter.pk] = spent.get((project.campaign_id, supporter.pk), 0) + amount
            cheap, dear = project.bench_rewards
            reward = [None, cheap, dear if amount >= dear.minimum else cheap][i % 3]
            yield Pledge(
                project=project,
                supporter=supporter,
                amount=Decimal(amount),
                reward=reward,
                anonymous=i % 10 == 0,
                status=Pledge.Status.ACTIVE,
                created_at=NOW - 5 * DAY + timedelta(seconds=i),
            )

    insert(Pledge, pledges(), keep=False)


def sync_totals() -> None:
    """What the pledge service keeps under its row locks, set in one UPDATE each from the pledges:
    each project's total and goal date, each reward's claimed count, each game purse's points."""
    active = Pledge.objects.filter(status=Pledge.Status.ACTIVE).order_by()
    total = active.filter(project=OuterRef("pk")).values("project").annotate(s=Sum("amount")).values("s")
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))
    Project.objects.update(raised=Coalesce(Subquery(total), zero))
    Project.objects.filter(raised__gte=F("goal"), goal_reached_at__isnull=True).update(goal_reached_at=NOW - DAY)
    Project.objects.filter(raised__lt=F("goal")).update(goal_reached_at=None)
    claims = active.filter(reward=OuterRef("pk")).values("reward").annotate(c=Count("pk")).values("c")
    Reward.objects.update(claimed=Coalesce(Subquery(claims), 0))
    games = SimulatedCampaign.objects.filter(slug__startswith="bench-")
    Participant.objects.filter(campaign__in=games).delete()
    purses = (
        active.filter(project__campaign__in=games)
        .values("project__campaign", "supporter")
        .annotate(s=Sum("amount"))
        .values_list("project__campaign", "supporter", "s")
    )
    insert(Participant, (Participant(campaign_id=c, user_id=u, spent=int(s)) for c, u, s in purses), keep=False)


def seed_small(users, admin):
    """5 projects in euros and a game with 5 projects, supported by ``users``; the measured project
    has 5 pledges, the others 5 each. Returns the points spent per (game, person), the measured
    project and the game."""
    regions = list(Region.objects.all())
    game = make_games(["bench-small-game"], regions, admin)[0]
    specs = [("bench-small", None)] + [(f"bench-small-{n}", None) for n in range(1, SMALL_PROJECTS)]
    specs += [(f"bench-small-game-{n}", game) for n in range(SMALL_GAME)]
    projects = make_projects(specs, users, regions, start=0)
    spent = {}
    make_pledges([projects[0]] * SMALL + [p for p in projects[1:] for _ in range(SMALL_EACH)], users, spent, start=0)
    sync_totals()
    return spent, projects[0], game


def seed_large(admin, users, spent, scale: float = 1.0):
    """Up to 5,000 projects (one in ten in 50 games) and 200,000 pledges, times ``scale``; the
    measured project has 1,000 pledges and the measured game 100 projects, times ``scale``."""
    regions = list(Region.objects.all())
    count = max(2, scaled(GAMES, scale) - SimulatedCampaign.objects.count())  # the demo's and the small seed's count
    games = make_games(["bench-game"] + [f"bench-game-{n}" for n in range(2, count + 1)], regions, admin)
    big_game, other_games = games[0], games[1:]
    big_size, big_game_size = scaled(BIG, scale), scaled(BIG_GAME, scale)
    projects = scaled(PROJECTS, scale)
    count = projects - Project.objects.count()
    in_points = projects // POINTS_SHARE - Project.objects.filter(campaign__isnull=False).count() - big_game_size
    specs = [("bench-big", None)] + [(f"bench-game-project-{n}", big_game) for n in range(big_game_size)]
    specs += [(f"bench-points-{n}", other_games[n % len(other_games)]) for n in range(in_points)]
    specs += [(f"bench-project-{n}", None) for n in range(count - len(specs))]
    start = Pledge.objects.count()
    projects = make_projects(specs, users, regions, start=start)
    big, others = projects[0], projects[1:]
    make_pledges([big] * big_size, users, spent, start=start)
    rest = scaled(PLEDGES, scale) - Pledge.objects.count()
    make_pledges((others[n % len(others)] for n in range(rest)), users, spent, start=start + big_size)
    sync_totals()
    analyze()
    return big, big_game


def seed(users, admin, scale: float = 1.0) -> dict:
    """The small and the large seed, from the first ``PEOPLE`` (times ``scale``) of ``users``:
    what bench/load.py serves. Returns the measured project and game."""
    people = users[: scaled(PEOPLE, scale)]
    spent, _project, _game = seed_small(people, admin)
    project, game = seed_large(admin, people, spent, scale)
    return {"project": project, "game": game}


def check(project: Project, game: SimulatedCampaign) -> None:
    """The stored totals equal the pledges behind them, as the pledge service guarantees."""
    project.refresh_from_db()
    assert totals_match(project), project
    for reward in project.rewards.all():
        assert reward.claimed == reward.pledges.filter(status=Pledge.Status.ACTIVE).count(), reward
    purses = Participant.objects.filter(campaign=game)
    assert not purses.filter(spent__gt=game.points_per_participant).exists(), game
    assert sum(purses.values_list("spent", flat=True)) == sum(
        Pledge.objects.filter(project__campaign=game).values_list("amount", flat=True)
    ), game


def pages(project: Project, pledges: int, game: SimulatedCampaign, projects: int, admin, anonymous) -> dict:
    return {
        "Project list (anonymous)": (anonymous, "/funding/"),
        f"Project page ({pledges:,} pledges), platform admin: every pledge": (admin, f"/funding/{project.slug}/"),
        f"Project page ({pledges:,} pledges), anonymous": (anonymous, f"/funding/{project.slug}/"),
        f"Game page ({projects} projects, anonymous)": (anonymous, f"/funding/campaigns/{game.slug}/"),
    }


def main():
    prepare_database()
    admin, users = seed_people(PEOPLE)
    spent, small_project, small_game = seed_small(users, admin)
    check(small_project, small_game)
    admin_client, anonymous = Client(), Client()
    admin_client.force_login(admin)
    small_projects = Project.objects.public().count()
    small_pages = pages(small_project, SMALL, small_game, SMALL_GAME, admin_client, anonymous)
    small = [measure(client, path, REPEAT) for client, path in small_pages.values()]
    for name, result in zip(small_pages, small, strict=True):
        print(f"small seed, {name}: median {result['median']:.1f} ms, {result['queries']} queries")
    started = time.perf_counter()
    big, big_game = seed_large(admin, users, spent)
    seeded_in = time.perf_counter() - started
    check(big, big_game)
    load = os.getloadavg()[0]
    large_pages = pages(big, BIG, big_game, BIG_GAME, admin_client, anonymous)
    large = {name: measure(client, path, REPEAT) for name, (client, path) in large_pages.items()}
    sizes = {
        "projects": Project.objects.count(),
        "in_points": Project.objects.filter(campaign__isnull=False).count(),
        "games": SimulatedCampaign.objects.count(),
        "pledges": Pledge.objects.count(),
        "rewards": Reward.objects.count(),
        "people": User.objects.count(),
        "raised": big.raised,
    }
    write(large, small, small_projects, sizes, seeded_in, load)
    for name, result in large.items():
        print(f"\n{name}: {result['bytes']:,} bytes of HTML, {result['sql_ms']:.1f} ms in SQL; ", end="")
        print(f"slowest query {result['slowest_ms']:.1f} ms:")
        print(result["slowest"])


def write(results: dict, small: list[dict], small_projects: int, sizes: dict, seeded_in: float, load: float):
    database = connection.vendor
    grows = [name for (name, r), s in zip(results.items(), small, strict=True) if r["queries"] != s["queries"]]
    verdict = (
        "the number of queries does not grow with the data."
        if not grows
        else "the number of queries grows with the data on: " + ", ".join(grows) + "."
    )
    analyzed = " Table statistics refreshed with `ANALYZE` after the load." if database == "postgresql" else ""
    lines = [
        f"## Crowdfunding ({database}, {time.strftime('%Y-%m-%d')})",
        "",
        f"`bench/funding.py`: {sizes['projects']:,} research projects raising funds, {sizes['in_points']:,} of them "
        f"in the points of {sizes['games']} training games; {sizes['pledges']:,} pledges of 10–500, "
        f"{sizes['rewards']:,} rewards (2 a benchmark project), {sizes['people']:,} people; "
        f"seeded in {seeded_in:.0f} s."
        f"{analyzed} Projects' totals, rewards' claimed counts and participants' points spent are set from the "
        f"pledges after the load. The measured project raises euros and has {BIG:,} active pledges "
        f"({sizes['raised']:,.0f} EUR); the measured game has {BIG_GAME} projects. Each page requested {REPEAT} "
        "times through Django's test client (no network, no gunicorn), signed in as a platform admin where "
        f"said, on this 2-core machine (1-minute load average {load:.1f} when timing began).",
        "",
        "The last column is the same page on a small seed, before the bulk data: the demo data, "
        f"{SMALL_PROJECTS} benchmark projects in euros and a game with {SMALL_GAME} ({small_projects} public projects "
        f"in all), the measured project with {SMALL} pledges; {verdict}",
        "",
        *pages_table(results, small),
    ]
    write_section(f"## Crowdfunding ({database},", lines)


if __name__ == "__main__":
    run(main)
