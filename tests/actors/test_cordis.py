"""The CORDIS importer on files in the real open-data layout (tests/actors/files/).

project.csv: lines 2-5 one project whose objective spans four lines, 6 a second project, 7 no
identifier, 8 a start date of month 13, 9 a third project, 10 a row cut short, 11 the first project
again. organization.csv: lines 2-11 good participations (Univerza v Ljubljani in two projects),
12 no identifier, 13 country QQ, 14 activity type XYZ, 15 a row cut short, 16 the project of line 8,
17 a project in neither file, 18 line 9 again.
"""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from synergy.actors import cordis
from synergy.actors.models import (
    ActorCompetence,
    Organisation,
    Participation,
    ResearchProject,
    Source,
)
from synergy.actors.services import profile_changed
from tests.factories import OrganisationFactory, RegionFactory

FILES = Path(__file__).parent / "files"

pytestmark = pytest.mark.django_db


def run(projects="project.csv", organisations="organization.csv", progress=None) -> dict:
    with open(FILES / projects, "rb") as projects_file, open(FILES / organisations, "rb") as organisations_file:
        return cordis.import_files(projects_file, organisations_file, progress)


def rejected(report) -> set[tuple[str, int, str]]:
    return {(r["file"], r["line"], r["code"]) for r in report["rejections"]}


EXPECTED_REJECTIONS = {
    ("projects", 7, "missing_id"),
    ("projects", 8, "bad_date"),
    ("projects", 10, "too_few_fields"),
    ("projects", 11, "repeated_project"),
    ("organisations", 12, "missing_id"),
    ("organisations", 13, "unknown_country"),
    ("organisations", 14, "unknown_activity"),
    ("organisations", 15, "too_few_fields"),
    ("organisations", 16, "project_rejected"),
    ("organisations", 17, "unknown_project"),
    ("organisations", 18, "repeated_participation"),
}


def test_import_creates_projects_organisations_and_consortia():
    report = run()

    assert report["counts"] == {
        "projects_created": 3,
        "organisations_created": 9,
        "participations_created": 10,
    }
    assert set(ResearchProject.objects.values_list("cordis_id", flat=True)) == {"101000001", "101000002", "101000004"}
    assert Organisation.objects.filter(source=Source.CORDIS).count() == 9
    printam = ResearchProject.objects.get(cordis_id="101000001")
    assert printam.programme == "Horizon Europe"
    assert printam.domain == "additive_manufacturing"
    assert str(printam.start_date) == "2021-01-01"
    roles = dict(Participation.objects.filter(project=printam).values_list("organisation__cordis_id", "role"))
    assert roles == {"999000001": "coordinator", "999000002": "participant", "999000003": "participant"}


def test_activity_types_countries_and_roles_are_mapped():
    run()
    organisations = {o.cordis_id: o for o in Organisation.objects.all()}

    assert organisations["999000001"].type == "university"
    assert organisations["999000002"].type == "research"
    assert organisations["999000003"].type == "sme"  # PRC and SME
    assert organisations["999000008"].type == "public_authority"
    assert organisations["999000009"].type == "ngo"
    assert organisations["999000005"].country == "EL"
    assert organisations["999000006"].country == "ZZ"  # a real country outside Europe
    assert organisations["999000001"].website == "https://www.uni-lj.si"
    roles = dict(
        Participation.objects.values_list("organisation__cordis_id", "role").filter(project__cordis_id="101000004")
    )
    assert roles == {"999000007": "coordinator", "999000008": "third_party", "999000009": "associated"}
    assert Participation.objects.get(organisation__cordis_id="999000006").role == "international"


def test_organisations_get_the_platform_region_whose_nuts_code_starts_theirs():
    home = RegionFactory(slug="osrednjeslovenska", nuts_code="SI04", country="SI")
    run()

    assert Organisation.objects.get(cordis_id="999000001").region == home
    assert Organisation.objects.get(cordis_id="999000001").nuts_code == "SI041"
    assert Organisation.objects.get(cordis_id="999000009").region is None  # SI032 is another region


def test_quotes_semicolons_and_line_breaks_inside_fields_are_read_whole():
    run()
    printam = ResearchProject.objects.get(cordis_id="101000001")

    assert printam.title == 'Lasers for "3D printing"; of titanium parts'
    assert printam.objective.startswith("PRINTAM develops selective laser melting")
    assert "\nA digital twin" in printam.objective
    assert printam.objective.endswith('"Quality" is measured in-line.')
    assert Organisation.objects.get(cordis_id="999000007").name == 'Zavod "Robotika"; Ljubljana'


def test_names_with_diacritics_round_trip_and_get_ascii_slugs():
    run()
    imif = Organisation.objects.get(cordis_id="999000002")

    assert imif.name == "Sieć Badawcza Łukasiewicz – Instytut Mikroelektroniki i Fotoniki"
    assert imif.slug == "siec-badawcza-lukasiewicz-instytut-mikroelektroniki-i-fotoniki"
    assert Organisation.objects.get(cordis_id="999000008").name == "Mestna občina Kranj"


def test_an_organisation_in_several_projects_is_created_once():
    run()

    university = Organisation.objects.get(cordis_id="999000001")
    assert Organisation.objects.filter(normalised_name="univerza v ljubljani").count() == 1
    assert set(university.projects.values_list("acronym", flat=True)) == {"PRINTAM", "NANOSENSE"}


def test_broken_rows_are_rejected_with_line_number_and_reason():
    report = run()

    assert rejected(report) == EXPECTED_REJECTIONS
    assert report["rejected"] == len(EXPECTED_REJECTIONS)
    reasons = {(r["file"], r["line"]): r["reason"] for r in cordis.report_rejections(report)}
    assert reasons[("projects", 8)] == "The startDate “2021-13-45” is not a date (expected YYYY-MM-DD)."
    assert reasons[("organisations", 13)] == "The country “QQ” is not a country code."
    assert reasons[("organisations", 16)] == "Project 101000003 was rejected (projects file, line 8)."
    assert reasons[("organisations", 18)] == "This organisation's place in project 101000004 is already on line 9."


def test_a_rejected_row_leaves_nothing_behind():
    run()

    assert not ResearchProject.objects.filter(cordis_id__in=["101000003", "101000009"]).exists()
    assert not Organisation.objects.filter(cordis_id__in=["999000010", "999000011", "999000012"]).exists()
    assert not Organisation.objects.filter(name__in=["An organisation without an identifier", "Nowhere Ltd"]).exists()
    # The university's rows for a rejected and an unknown project added no place in a consortium.
    assert Participation.objects.filter(organisation__cordis_id="999000001").count() == 2


def test_importing_the_same_files_again_changes_nothing():
    run()
    before = (
        list(Organisation.objects.order_by("pk").values()),
        list(ResearchProject.objects.order_by("pk").values()),
        list(Participation.objects.order_by("pk").values()),
        list(ActorCompetence.objects.order_by("pk").values()),
    )

    report = run()

    assert report["counts"] == {
        "projects_unchanged": 3,
        "organisations_unchanged": 9,
        "participations_unchanged": 10,
    }
    assert rejected(report) == EXPECTED_REJECTIONS
    after = (
        list(Organisation.objects.order_by("pk").values()),
        list(ResearchProject.objects.order_by("pk").values()),
        list(Participation.objects.order_by("pk").values()),
        list(ActorCompetence.objects.order_by("pk").values()),
    )
    assert after == before


def test_an_organisation_entered_on_the_platform_is_merged_by_normalised_name_and_country():
    acme = OrganisationFactory(name="ACME Additive", slug="acme", country="DE", type="startup", description="Ours.")

    report = run()

    acme.refresh_from_db()
    assert report["counts"]["organisations_merged"] == 1
    assert report["counts"]["organisations_created"] == 8
    assert acme.cordis_id == "999000003"
    assert (acme.name, acme.type, acme.description, acme.source) == ("ACME Additive", "startup", "Ours.", "platform")
    assert acme.nuts_code == "DE212"  # blank before: CORDIS fills it in
    assert acme.projects.get().cordis_id == "101000001"
    assert run()["counts"]["organisations_unchanged"] == 9


def test_the_same_name_in_another_country_is_not_merged():
    OrganisationFactory(name="Acme Additive", slug="acme", country="AT")

    report = run()

    assert "organisations_merged" not in report["counts"]
    assert Organisation.objects.filter(normalised_name="acme additive").count() == 2


def test_an_organisation_with_its_cordis_id_is_matched_and_keeps_what_its_admins_wrote():
    polimi = OrganisationFactory(
        name="Politecnico di Milano (our profile)", slug="polimi", country="IT", cordis_id="999000004", website=""
    )

    report = run()

    polimi.refresh_from_db()
    assert report["counts"]["organisations_updated"] == 1  # only the blank website was filled
    assert polimi.name == "Politecnico di Milano (our profile)"
    assert polimi.website == "http://www.polimi.it"
    assert Organisation.objects.filter(cordis_id="999000004").count() == 1


def test_a_newer_file_updates_what_cordis_created():
    run()
    text = (
        (FILES / "organization.csv")
        .read_text(encoding="utf-8")
        .replace("POLITECNICO DI MILANO", "Politecnico di Milano")
    )

    with open(FILES / "project.csv", "rb") as projects:
        report = cordis.import_files(projects, io.BytesIO(text.encode()))

    assert report["counts"]["organisations_updated"] == 1
    polimi = Organisation.objects.get(cordis_id="999000004")
    assert (polimi.name, polimi.normalised_name) == ("Politecnico di Milano", "politecnico di milano")


def test_a_row_the_database_refuses_is_rejected_alone(monkeypatch):
    real_bulk_create = ResearchProject.objects.bulk_create

    def refuse_cobots(objs, *args, **kwargs):
        if any(project.cordis_id == "101000004" for project in objs):
            raise IntegrityError("simulated refusal")
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(ResearchProject.objects, "bulk_create", refuse_cobots)

    report = run()

    assert ("projects", 9, "database") in rejected(report)
    assert set(ResearchProject.objects.values_list("cordis_id", flat=True)) == {"101000001", "101000002"}
    # Its consortium is rejected with it, pointing at the project's line.
    assert ("organisations", 9, "project_rejected") in rejected(report)
    assert not Organisation.objects.filter(cordis_id="999000007").exists()


def test_a_windows_1250_file_is_read_and_its_encoding_reported():
    report = run(organisations="organization_cp1250.csv")

    assert report["encodings"] == {"projects": "UTF-8", "organisations": "Windows-1250"}
    names = set(Organisation.objects.values_list("name", flat=True))
    assert names == {"Politechnika Łódzka", "Vysoké učení technické v Brně", "Šolski center Škofja Loka"}
    assert Organisation.objects.get(cordis_id="999000020").short_name == "PŁ"


def test_a_utf8_file_with_a_bom_and_the_horizon_europe_column_order_is_read():
    report = run(projects="project_bom.csv", organisations="organization_cp1250.csv")

    assert report["encodings"]["projects"] == "UTF-8 (with BOM)"
    assert report["rejected"] == 0
    assert (
        ResearchProject.objects.get(cordis_id="101000030").title == "Mikro- und Nanotechnologien für Sensorik – Zürich"
    )
    assert ResearchProject.objects.get(cordis_id="101000004").participations.count() == 3


def test_files_without_the_cordis_columns_write_nothing():
    with pytest.raises(cordis.ImportFileError) as raised:
        run(projects="organization.csv", organisations="project.csv")

    assert cordis.file_error_text(raised.value.as_report()["error"]).startswith("The projects file has no column id")
    assert not ResearchProject.objects.exists()
    assert not Organisation.objects.exists()


def test_competences_come_from_the_projects_text():
    run()

    university = ActorCompetence.objects.filter(organisation__cordis_id="999000001")
    evidence = dict(university.values_list("term", "evidence"))
    assert evidence["additive_manufacturing"] == 1  # PRINTAM
    assert evidence["sensors"] == 2  # PRINTAM and NANOSENSE
    assert evidence["micro_nano"] == 1  # NANOSENSE
    assert not university.filter(declared=True).exists()


def test_completeness_is_computed_and_matchmaking_is_told_once():
    told = []

    def listener(sender, organisation_ids, **kwargs):
        told.append(sorted(organisation_ids))

    profile_changed.connect(listener)
    try:
        run()
    finally:
        profile_changed.disconnect(listener)

    assert len(told) == 1
    assert told[0] == sorted(Organisation.objects.values_list("pk", flat=True))
    assert Organisation.objects.get(cordis_id="999000001").completeness > 0  # a project, a website, a region


def test_imported_organisations_can_be_found_by_search():
    from synergy.core.search import search

    run()

    assert [document.title for document in search("politecnico")[:5]] == ["POLITECNICO DI MILANO"]


def test_progress_is_reported_up_to_every_row():
    calls = []

    run(progress=lambda done, total: calls.append((done, total)))

    assert calls[0] == (0, 24)  # 7 project rows and 17 organisation rows
    assert calls[-1] == (24, 24)


def synthetic_files(projects: int) -> tuple[io.BytesIO, io.BytesIO]:
    """``projects`` projects, each with the same three organisations."""
    project_lines = ["id;acronym;title;startDate;endDate;frameworkProgramme;topics;objective"]
    organisation_lines = ["projectID;organisationID;name;SME;activityType;country;nutsCode;role"]
    for number in range(projects):
        project_lines.append(
            f'{number + 1};P{number};"Robots, sensors; {number}";2020-01-01;2021-01-01;H2020;T;"Text."'
        )
        for org, activity, country in ((1, "HES", "SI"), (2, "PRC", "DE"), (3, "REC", "IT")):
            organisation_lines.append(f'{number + 1};{org};"Organisation {org}";true;{activity};{country};;participant')
    return io.BytesIO("\n".join(project_lines).encode()), io.BytesIO("\n".join(organisation_lines).encode())


def test_the_number_of_queries_does_not_grow_with_the_rows():
    with CaptureQueriesContext(connection) as few:
        cordis.import_files(*synthetic_files(10))
    ResearchProject.objects.all().delete()
    Organisation.objects.all().delete()
    with CaptureQueriesContext(connection) as many:
        report = cordis.import_files(*synthetic_files(400))

    assert report["counts"]["participations_created"] == 1200
    # A few more chunks and insert batches, not a query per row (that would be over a thousand more).
    assert len(many) <= len(few) + 40


def test_the_command_shows_progress_and_the_report():
    out, err = io.StringIO(), io.StringIO()

    call_command("import_cordis", str(FILES / "project.csv"), str(FILES / "organization.csv"), stdout=out, stderr=err)

    assert "100%" in err.getvalue()
    assert "24 / 24" in err.getvalue()
    report = out.getvalue()
    assert "Organisations: created 9, merged 0, updated 0, unchanged 0" in report
    assert "Rejected rows: 11" in report
    assert "organisations file, line 13 (999000010): The country “QQ” is not a country code." in report


def test_the_command_refuses_a_missing_file():
    with pytest.raises(CommandError):
        call_command("import_cordis", str(FILES / "nothing.csv"), str(FILES / "organization.csv"), stdout=io.StringIO())
