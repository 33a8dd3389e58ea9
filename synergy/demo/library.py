"""The demo's knowledge library: the two success stories the original regional trainings presented
(the open-innovation strategy of Emilia-Romagna and the "breathing strategy" of Baden-Württemberg),
an output and a tool. Written for the demo in general terms: they describe approaches, not figures.
"""

from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone

from synergy.actors.models import Organisation
from synergy.core.models import Region
from synergy.library.models import Attachment, Entry, Link
from synergy.trainings.models import Training

EMILIA_ROMAGNA = {
    "slug": "emilia-romagna-open-innovation-strategy",
    "kind": Entry.Kind.SUCCESS_STORY,
    "region": "emilia-romagna",
    "organisation": "art-er",
    "topics": ["strategy", "networks", "stakeholders"],
    "keywords": ["smart specialisation", "S3", "High Technology Network", "Clust-ER", "open innovation"],
    "stakeholder_types": ["public_authority", "public_organisation", "network_member", "university", "sme"],
    "en": (
        "The open-innovation strategy of Emilia-Romagna",
        "A region that organised its research laboratories, clusters, companies and public bodies into one "
        "innovation ecosystem, with open innovation as its way of working.",
        """\
Emilia-Romagna treats innovation as the work of a whole **regional ecosystem**, not of single companies
or single laboratories. Its smart specialisation strategy (S3) names the value chains in which the region
wants to grow, and the region has built lasting structures around them so that knowledge moves between
research and industry.

## How it works

- **The High Technology Network** brings together the region's industrial research laboratories and
  innovation centres, linked to the universities and research organisations. Companies find in it a
  single door to research competences and equipment.
- **The Clust-ER associations** gather companies, research laboratories, training bodies and public
  actors of one value chain each. They agree on shared priorities, start joint projects and bring the
  voice of their members into the regional strategy.
- **Open innovation as a method**: challenges posed by companies are opened to researchers and start-ups,
  and results of research are opened to companies. Meetings, calls and matchmaking are organised across
  the clusters, so that partners from different sectors meet.
- **A regional agency coordinates** the ecosystem, monitors it and connects it to European programmes.

## What other regions can take from it

1. Give the ecosystem permanent structures (networks, clusters) rather than one-off projects.
2. Let the value chains set their own priorities inside the regional strategy.
3. Offer companies one door to the region's research, and researchers one door to its industry.

The SYNERGY regional trainings presented this approach as a success story of open innovation in
Central Europe.
""",
    ),
    "it": (
        "La strategia di innovazione aperta dell'Emilia-Romagna",
        "Una regione che ha organizzato laboratori di ricerca, cluster, imprese ed enti pubblici in un unico "
        "ecosistema dell'innovazione, con l'innovazione aperta come metodo di lavoro.",
        """\
L'Emilia-Romagna considera l'innovazione il lavoro di un intero **ecosistema regionale**, non di singole
imprese o singoli laboratori. La sua strategia di specializzazione intelligente (S3) indica le filiere in
cui la regione vuole crescere, e attorno a esse sono state costruite strutture durature perché la
conoscenza circoli tra ricerca e industria.

## Come funziona

- **La Rete Alta Tecnologia** riunisce i laboratori di ricerca industriale e i centri per l'innovazione
  della regione, collegati alle università e agli enti di ricerca. Le imprese vi trovano un unico accesso
  a competenze e attrezzature di ricerca.
- **Le associazioni Clust-ER** riuniscono imprese, laboratori, enti di formazione e attori pubblici di una
  filiera ciascuna. Concordano priorità comuni, avviano progetti congiunti e portano la voce dei loro
  membri nella strategia regionale.
- **L'innovazione aperta come metodo**: le sfide delle imprese vengono aperte a ricercatori e start-up, e
  i risultati della ricerca vengono aperti alle imprese.
- **Un'agenzia regionale coordina** l'ecosistema, lo monitora e lo collega ai programmi europei.

I corsi regionali di SYNERGY hanno presentato questo approccio come caso di successo dell'innovazione
aperta in Europa centrale.
""",
    ),
}

BADEN_WURTTEMBERG = {
    "slug": "baden-wurttemberg-breathing-strategy",
    "kind": Entry.Kind.BEST_PRACTICE,
    "region": "baden-wurttemberg",
    "organisation": "kit",
    "topics": ["strategy", "stakeholders"],
    "keywords": ["breathing strategy", "learning strategy", "smart specialisation", "stakeholder dialogue"],
    "stakeholder_types": ["public_authority", "public_organisation", "university", "large_enterprise", "sme"],
    "en": (
        "The \u201cbreathing strategy\u201d of Baden-Württemberg",
        "An innovation strategy that is never finished: it is reviewed and adjusted continuously, together "
        "with the stakeholders who carry it out.",
        """\
Baden-Württemberg describes its innovation strategy as a **"breathing" strategy**: a learning document
that changes with the economy and technology it is meant to serve, instead of a plan fixed for a
whole programme period.

## How it works

- **Continuous review**: priorities and measures are checked regularly against what is happening in the
  region's industries and research, and adjusted when they no longer fit.
- **Dialogue with stakeholders**: companies, universities, research institutes, clusters and public
  bodies take part in revising the strategy, so that it reflects what they see and what they will do.
- **Learning from monitoring**: what the measures achieve is observed, and the lessons flow into the next
  revision; new fields can be taken up and others given up.

## What other regions can take from it

1. Plan for revision from the start: say when and how the strategy will be reviewed.
2. Make the stakeholders co-owners of the strategy, not only its audience.
3. Use the platform's own figures (people trained, challenges, network members) as the evidence that
   each review starts from.

The SYNERGY regional trainings presented this approach as a success story of open innovation in
Central Europe.
""",
    ),
    "de": (
        "Die \u201eatmende Strategie\u201c Baden-Württembergs",
        "Eine Innovationsstrategie, die nie fertig ist: Sie wird laufend überprüft und gemeinsam mit den "
        "Akteuren, die sie umsetzen, angepasst.",
        """\
Baden-Württemberg versteht seine Innovationsstrategie als **„atmende“ Strategie**: ein lernendes
Dokument, das sich mit Wirtschaft und Technologie verändert, statt ein für eine ganze Förderperiode
festgelegter Plan zu sein.

## Wie sie funktioniert

- **Laufende Überprüfung**: Schwerpunkte und Maßnahmen werden regelmäßig daran gemessen, was in Industrie
  und Forschung des Landes geschieht, und angepasst, wenn sie nicht mehr passen.
- **Dialog mit den Akteuren**: Unternehmen, Hochschulen, Forschungseinrichtungen, Cluster und Behörden
  wirken an der Fortschreibung mit.
- **Lernen aus dem Monitoring**: Was die Maßnahmen bewirken, fließt in die nächste Fortschreibung ein.

Die regionalen SYNERGY-Schulungen stellten diesen Ansatz als Erfolgsbeispiel offener Innovation in
Mitteleuropa vor.
""",
    ),
}

STRATEGY_OUTPUT = {
    "slug": "regional-crowd-innovation-strategy-summary",
    "kind": Entry.Kind.OUTPUT,
    "region": None,
    "organisation": "wrust",
    "topics": ["strategy", "crowdsourcing", "crowdfunding", "infrastructure", "training"],
    "keywords": ["plan of actions", "crowd innovation"],
    "stakeholder_types": ["public_authority", "public_organisation", "network_member"],
    "en": (
        "The Regional Strategy on Crowd Innovation in brief",
        "What the ready-to-adopt plan of actions contains and how a region adopts it on Synergy.",
        """\
The **Regional Strategy on Crowd Innovation** is a ready-to-adopt plan of actions for spreading open
innovation among industry, academia, policy makers and the public. It is public and translated into the
partners' languages; other translations are made on request.

A region adopts it on Synergy: its coordinator picks and adapts actions, adds the region's own, names an
owner, dates and targets, and follows progress. Indicators the platform can count — people trained,
challenges launched, network members, equipment shared — are counted automatically.

The leaflet attached sums up the strategy on one page.
""",
    ),
}

CHALLENGE_TOOL = {
    "slug": "checklist-for-a-crowd-innovation-challenge",
    "kind": Entry.Kind.TOOL,
    "region": "saxony",
    "organisation": "saxony-printing-sme",
    "topics": ["crowdsourcing", "additive_manufacturing", "ip"],
    "keywords": ["challenge brief", "jury", "prize"],
    "stakeholder_types": ["sme", "large_enterprise", "university"],
    "en": (
        "Checklist for a crowd-innovation challenge",
        "Ten questions a challenge giver answers before posting a challenge.",
        """\
Before you post a challenge on Synergy, answer these questions:

1. What **need** must the solution meet, in measurable terms?
2. Which **competences** do you seek (use the platform's list, so matchmaking finds solvers)?
3. What are the **dates**: submission, refinement, evaluation, results?
4. What is the **prize** or voucher, and what does it include?
5. Who keeps the **intellectual property**, and what option do you take on it?
6. How **confidential** are the proposals, and who may read them?
7. Who sits on the **jury**, and have they signed the confidentiality and no-conflict declarations?
8. Which **criteria**, with which weights, will the jury score?
9. Is a minimum **team size** required?
10. How will you tell the **winners**, and what happens after the award?
""",
    ),
}

ENTRIES = [EMILIA_ROMAGNA, BADEN_WURTTEMBERG, STRATEGY_OUTPUT, CHALLENGE_TOOL]

LINKS = {
    EMILIA_ROMAGNA["slug"]: [("ART-ER Attractiveness Research Territory", "https://www.art-er.it")],
    BADEN_WURTTEMBERG["slug"]: [("Karlsruhe Institute of Technology", "https://www.kit.edu")],
}


def seed_library() -> None:
    """Create or bring up to date the demo entries, published, with their languages, links and file."""
    past_trainings = list(Training.objects.filter(slug__endswith="-strategy-training-past"))
    for spec in ENTRIES:
        entry = _seed_entry(spec)
        if spec["kind"] in (Entry.Kind.SUCCESS_STORY, Entry.Kind.BEST_PRACTICE):
            entry.related_trainings.set(past_trainings)  # every regional training presented both
        for position, (label, url) in enumerate(LINKS.get(spec["slug"], [])):
            Link.objects.update_or_create(entry=entry, position=position, defaults={"label": label, "url": url})
    _seed_leaflet(Entry.objects.get(slug=STRATEGY_OUTPUT["slug"]))


def _seed_entry(spec) -> Entry:
    texts = {}
    for language in ("en", "pl", "de", "it", "sl", "hr"):
        title, summary, body = spec.get(language, ("", "", ""))
        texts |= {f"title_{language}": title, f"summary_{language}": summary, f"body_{language}": body}
    entry, _created = Entry.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            **texts,
            "kind": spec["kind"],
            "region": Region.objects.get(slug=spec["region"]) if spec["region"] else None,
            "organisation": Organisation.objects.get(slug=spec["organisation"]),
            "topics": spec["topics"],
            "keywords": spec["keywords"],
            "stakeholder_types": spec["stakeholder_types"],
            "status": Entry.Status.PUBLISHED,
        },
    )
    if entry.published_at is None:
        entry.published_at = timezone.now()
        entry.save(update_fields=["published_at"])
    return entry


def _seed_leaflet(entry: Entry) -> None:
    if entry.attachments.exists():
        return
    Attachment.objects.create(
        entry=entry, title="The strategy on one page (PDF)", language="en",
        file=ContentFile(_leaflet_pdf(entry), name="crowd-innovation-strategy-in-brief.pdf"),
    )  # fmt: skip


def _leaflet_pdf(entry: Entry) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from synergy.core.pdf import register_fonts, wrap_text

    register_fonts()
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(entry.title_en)
    width, height = A4
    pdf.setFont("DejaVuSans-Bold", 18)
    pdf.drawString(60, height - 80, entry.title_en)
    y = height - 120
    pdf.setFont("DejaVuSans", 11)
    for paragraph in entry.body_en.replace("**", "").split("\n\n"):
        for line in wrap_text(paragraph, "DejaVuSans", 11, width - 120):
            pdf.drawString(60, y, line)
            y -= 16
        y -= 8
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
