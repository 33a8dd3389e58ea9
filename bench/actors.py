"""Benchmark: the innovation actors at the size the actors issue names.

Seeds 20,000 organisations and 50,000 projects (each with a consortium of 3 to 8 organisations,
250,000 participations) into a database of its own; their competences are derived from the
projects' text as an import does, their completeness scored, and the matchmaking index built.
100 Synergic Networks of 10 to 40 members, and one of 200 members, are added. Requests the
directory (a full-text search, filtered searches), the 200-member network's page, a free-text
matchmaking query and a challenge's matches repeatedly through Django's test client, with the
cache and without it, and writes the median and 95th-percentile time and the queries per page to
docs/benchmarks.md.

The same pages are first requested on a small seed (the demo data and 50 organisations, 100
projects, one network of 20 members), so the table shows whether the number of queries grows
with the data.

    .venv/bin/python bench/actors.py            # SQLite file in a temporary folder
    .venv/bin/python bench/actors.py --scale 0.05   # a twentieth of the sizes, to try the script
    DATABASE_URL=postgres://…/synergy_bench_actors .venv/bin/python bench/actors.py
"""

import os
import random
import sys
import time
from datetime import date, timedelta
from urllib.parse import urlencode

ORGANISATIONS, PROJECTS, NETWORKS, REPEAT = 20_000, 50_000, 100, 30
BIG_NETWORK, SMALL_NETWORK = 200, 20

from harness import analyze, insert, measure, prepare_database, run, scaled, seed_people, write_section  # noqa: E402  # isort: skip  (first: sets Django up)
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from synergy.actors import evidence  # noqa: E402
from synergy.actors import services as actors  # noqa: E402
from synergy.actors.models import Organisation, OrganisationType, Participation, ResearchProject, Source  # noqa: E402
from synergy.core.models import Region  # noqa: E402
from synergy.networks.models import Member, Network  # noqa: E402

NOW = timezone.now()
TYPES = OrganisationType.values
COUNTRIES = ["AT", "BE", "CZ", "DE", "ES", "FR", "HR", "HU", "IT", "NL", "PL", "PT", "SE", "SI", "SK"]
# Words a project's text is made of: technical phrases the evidence lexicon may map to competences,
# and the ordinary words every project text has, so term frequencies look like real ones.
TECHNICAL = [
    "additive manufacturing", "3D printing", "laser powder bed fusion", "nanoparticles", "thin films", "MEMS",
    "microfluidics", "digital twin", "Industry 4.0", "internet of things", "predictive maintenance", "robotics",
    "collaborative robots", "machine learning", "artificial intelligence", "computer vision", "sensors",
    "embedded electronics", "power electronics", "finite element simulation", "composite materials",
    "lightweight structures", "biomaterials", "medical devices", "batteries", "hydrogen", "photovoltaics",
    "energy efficiency", "quality control", "certification", "business models", "technology transfer",
    "patents", "software platform", "cloud computing", "prototyping", "product design", "circular economy",
]  # fmt: skip
ORDINARY = [
    "develop", "novel", "approach", "industrial", "demonstrate", "pilot", "validation", "European", "partners",
    "innovative", "solution", "market", "SMEs", "research", "performance", "cost", "production", "process",
    "sustainable", "scalable", "users", "impact", "results", "methodology", "framework", "integration",
]  # fmt: skip
NAME_PARTS = ["Tech", "Nano", "Robo", "Bio", "Additiv", "Sensor", "Data", "Green", "Micro", "Smart", "Opti", "Meta"]
NAME_ENDS = ["Systems", "Labs", "Solutions", "Institute", "Works", "Engineering", "Dynamics", "Materials"]


def text(rng: random.Random, technical: int, ordinary: int) -> str:
    words = rng.sample(TECHNICAL, technical) + rng.choices(ORDINARY, k=ordinary)
    rng.shuffle(words)
    return " ".join(words).capitalize() + "."


def make_organisations(count: int, regions, *, start: int) -> list[Organisation]:
    rng = random.Random(start)

    def organisation(i: int) -> Organisation:
        country = COUNTRIES[i % len(COUNTRIES)]
        region = regions[i % len(regions)] if i % 4 == 0 else None
        name = f"{NAME_PARTS[i % len(NAME_PARTS)]}{NAME_ENDS[(i // 12) % len(NAME_ENDS)]} {i}"
        return Organisation(
            name=name,
            normalised_name=name.lower(),
            slug=f"bench-organisation-{i}",
            type=TYPES[i % len(TYPES)],
            country=region.country if region else country,
            region=region,
            website=f"https://bench-{i}.example.org" if i % 3 else "",
            description=text(rng, 3, 25) if i % 2 else "",
            specialisation=text(rng, 2, 6) if i % 3 else "",
            keywords=", ".join(rng.sample(TECHNICAL, 3)) if i % 5 else "",
            services=text(rng, 1, 10) if i % 4 == 1 else "",
            infrastructure=text(rng, 1, 8) if i % 6 == 1 else "",
            cordis_id=str(900_000_000 + i) if i % 2 == 0 else "",
            source=Source.CORDIS if i % 2 == 0 else Source.PLATFORM,
            created_at=NOW - timedelta(days=i % 900),
        )

    return insert(Organisation, (organisation(start + n) for n in range(count)), batch_size=2_000)


def make_projects(count: int, organisations: list[Organisation], *, start: int) -> int:
    """``count`` projects, each with a consortium of 3-8 organisations, the first its coordinator."""
    rng = random.Random(start)
    projects = insert(
        ResearchProject,
        (
            ResearchProject(
                title=text(rng, 2, 5).rstrip("."),
                acronym=f"BP{start + n}",
                programme=rng.choice(["H2020", "HORIZON", "FP7"]),
                cordis_id=str(800_000_000 + start + n),
                start_date=date(2014, 1, 1) + timedelta(days=(start + n) % 3_000),
                end_date=date(2017, 1, 1) + timedelta(days=(start + n) % 3_000),
                topics=", ".join(rng.sample(TECHNICAL, 2)),
                objective=text(rng, 4, 60),
                trl_start=3 + (start + n) % 3 if n % 3 == 0 else None,
                trl_end=5 + (start + n) % 4 if n % 3 == 0 else None,
                source=Source.CORDIS,
            )
            for n in range(count)
        ),
    )

    def consortium(project):
        members = rng.sample(organisations, rng.randint(3, 8))
        for k, organisation in enumerate(members):
            role = Participation.Role.COORDINATOR if k == 0 else Participation.Role.PARTICIPANT
            yield Participation(project=project, organisation=organisation, role=role)

    insert(Participation, (row for project in projects for row in consortium(project)), batch_size=10_000, keep=False)
    return len(projects)


def make_networks(count: int, organisations: list[Organisation], *, big: int, prefix: str) -> Network:
    """``count`` networks of 10-40 members and one of ``big`` members, which is returned."""
    rng = random.Random(count + big)
    networks = insert(
        Network,
        (
            Network(
                name=f"Bench network {prefix}{n}",
                slug=f"bench-network-{prefix}{n}",
                key_areas=[["additive_manufacturing", "micro_nano", "industry_40"][n % 3]],
                description=text(rng, 3, 30),
                strengths=text(rng, 1, 12),
                weaknesses=text(rng, 1, 12),
                opportunities=text(rng, 1, 12),
                threats=text(rng, 1, 12),
                lessons=text(rng, 1, 20),
            )
            for n in range(count + 1)
        ),
    )

    def members(network, size):
        for k, organisation in enumerate(rng.sample(organisations, size)):
            role = Member.Role.COORDINATOR if k == 0 else Member.Role.MEMBER
            status = Member.Status.INVITED if k % 10 == 9 else Member.Status.ACTIVE
            yield Member(network=network, organisation=organisation, role=role, status=status)

    sizes = [big] + [rng.randint(10, 40) for _ in range(count)]
    insert(Member, (row for network, size in zip(networks, sizes, strict=True) for row in members(network, size)))
    return networks[0]


def derive(organisation_ids: list[int]) -> None:
    """What an import does after its rows: competences from the evidence, completeness, the index."""
    for first in range(0, len(organisation_ids), 2_000):
        chunk = organisation_ids[first : first + 2_000]
        evidence.refresh_competences(chunk)
        actors.refresh_completeness(chunk)
    actors.profile_changed.send(sender=Organisation, organisation_ids=organisation_ids)


def index_search() -> None:
    """The search index of the organisations the seed inserted (bulk inserts send no signals)."""
    from synergy.core.search import rebuild_index

    rebuild_index()


def seed_small(users):
    """50 organisations, 100 projects, one network of ``SMALL_NETWORK`` members."""
    regions = list(Region.objects.all())
    organisations = make_organisations(50, regions, start=0)
    make_projects(100, organisations, start=0)
    network = make_networks(2, organisations, big=SMALL_NETWORK, prefix="small-")
    derive([organisation.pk for organisation in organisations])
    index_search()
    return network


def seed_large(users, scale: float = 1.0):
    """Up to 20,000 organisations and 50,000 projects, times ``scale``; ``NETWORKS`` networks and one
    of ``BIG_NETWORK`` members."""
    regions = list(Region.objects.all())
    start = Organisation.objects.count()
    organisations = make_organisations(scaled(ORGANISATIONS, scale) - start, regions, start=start)
    everyone = list(Organisation.objects.all())
    make_projects(scaled(PROJECTS, scale) - ResearchProject.objects.count(), everyone, start=PROJECTS)
    network = make_networks(scaled(NETWORKS, scale), everyone, big=scaled(BIG_NETWORK, scale, 20), prefix="")
    analyze()
    derive([organisation.pk for organisation in everyone])
    analyze()
    index_search()
    analyze()
    del organisations
    return network


NEED = "We look for a partner who prints titanium brackets and tests them with sensors for predictive maintenance."


def pages(network: Network, clients: dict) -> dict:
    anonymous, member, admin = clients["anonymous"], clients["member"], clients["admin"]
    members = network.members.filter(status=Member.Status.ACTIVE).count()
    return {
        "Directory (anonymous)": (anonymous, "/actors/"),
        "Directory, full-text search “sensors”": (anonymous, "/actors/?q=sensors"),
        "Directory, search and filters (type, country)": (anonymous, "/actors/?q=robotics&type=sme&country=DE"),
        "Directory, competence and readiness filters": (anonymous, "/actors/?competence=sensors&readiness=6"),
        "Directory API, full-text search": (anonymous, "/api/v1/organisations/?q=sensors"),
        f"Network page ({members} members)": (anonymous, network.get_absolute_url()),
        "Matchmaking, a free-text need (signed in)": (member, "/matchmaking/?" + urlencode({"need": NEED})),
        "Matchmaking, a challenge's solvers (platform admin)": (admin, "/matchmaking/challenges/sensor-housing/"),
    }


def measure_both(pages_: dict) -> tuple[dict, dict]:
    """Each page with the cache (warm: the first request fills it) and without any cache."""
    cached = {}
    for name, (client, path) in pages_.items():
        client.get(path)
        cached[name] = measure(client, path, REPEAT)
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        uncached = {name: measure(client, path, REPEAT) for name, (client, path) in pages_.items()}
    return cached, uncached


def main():
    scale = float(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 1.0
    prepare_database()
    admin, users = seed_people(100)
    clients = {"anonymous": Client(), "member": Client(), "admin": Client()}
    clients["member"].force_login(users[-1])
    clients["admin"].force_login(admin)
    small_network = seed_small(users)
    small_pages = pages(small_network, clients)
    cache.clear()
    small_cached, small_uncached = measure_both(small_pages)
    started = time.perf_counter()
    network = seed_large(users, scale)
    seeded_in = time.perf_counter() - started
    load = os.getloadavg()[0]
    cache.clear()
    large_pages = pages(network, clients)
    cached, uncached = measure_both(large_pages)
    sizes = {
        "organisations": Organisation.objects.count(),
        "projects": ResearchProject.objects.count(),
        "participations": Participation.objects.count(),
        "networks": Network.objects.count(),
        "members": Member.objects.count(),
    }
    write(cached, uncached, list(small_cached.values()), list(small_uncached.values()), sizes, seeded_in, load)
    for name, result in uncached.items():
        print(f"\n{name} (uncached): {result['bytes']:,} bytes, {result['sql_ms']:.1f} ms in SQL; ", end="")
        print(f"slowest query {result['slowest_ms']:.1f} ms:")
        print(result["slowest"])


def write(cached, uncached, small_cached, small_uncached, sizes, seeded_in, load):
    database = connection.vendor
    grows = [
        name for (name, r), s in zip(uncached.items(), small_uncached, strict=True) if r["queries"] != s["queries"]
    ]
    verdict = (
        "the number of queries does not grow with the data."
        if not grows
        else "the number of queries grows with the data on: " + ", ".join(grows) + "."
    )
    lines = [
        f"## Innovation actors ({database}, {time.strftime('%Y-%m-%d')})",
        "",
        f"`bench/actors.py`: {sizes['organisations']:,} organisations, {sizes['projects']:,} projects with "
        f"{sizes['participations']:,} participations (consortia of 3 to 8), {sizes['networks']:,} networks with "
        f"{sizes['members']:,} members; competences derived from the projects' text, completeness scored, the "
        f"matchmaking index and the search index built, all in {seeded_in:.0f} s. Each page requested {REPEAT} "
        "times through Django's test client (no network, no gunicorn) on this 2-core machine (1-minute load "
        f"average {load:.1f} before the pages), first with the cache warm, then with no cache at all. On the small "
        "seed (50 organisations, 100 projects, a network of 20 members): " + verdict,
        "",
        "| page | median (ms), cached | 95th percentile (ms), cached | median (ms), uncached "
        "| 95th percentile (ms), uncached | queries, uncached | queries, small seed |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *[
            f"| {name} | {cached[name]['median']:.1f} | {cached[name]['p95']:.1f} | {u['median']:.1f} "
            f"| {u['p95']:.1f} | {u['queries']} | {s['queries']} |"
            for (name, u), s in zip(uncached.items(), small_uncached, strict=True)
        ],
        "",
    ]
    write_section(f"## Innovation actors ({database}", lines)


if __name__ == "__main__":
    run(main)
