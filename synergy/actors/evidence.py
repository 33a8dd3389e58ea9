"""Competences read from what organisations did: the terms of the shared vocabulary that
their projects' text shows.

A lexicon gives each term of ``synergy.core.taxonomy`` a few phrases, mostly English (CORDIS
text is English) with some German, Italian, Polish, Slovene and Croatian where a profile or a
manual project may use them. Text and phrases are compared as folded words (no diacritics,
lower case, a plural ``-s``/``-ies`` taken off), so "Sensors" matches "sensor" and "Lasersintern"
does not match "laser" unless a phrase says so. A phrase ending in ``*`` matches every word that
starts with it ("nano*": nanoparticles, nanomaterials).
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import transaction

from synergy.core import caching
from synergy.core.batches import batches
from synergy.core.search import fold

from .models import ActorCompetence, Participation, ResearchProject

# fmt: off
LEXICON: dict[str, tuple[str, ...]] = {
    "additive_manufacturing": (
        "additive manufacturing", "3d printing", "3d printed", "3d printer", "three dimensional printing",
        "selective laser melting", "selective laser sintering", "laser powder bed fusion", "powder bed fusion",
        "direct energy deposition", "directed energy deposition", "fused deposition modelling",
        "fused deposition modeling", "fused filament fabrication", "stereolithography", "binder jetting",
        "wire arc additive", "bioprinting", "additive fertigung", "3d druck", "manifattura additiva",
        "stampa 3d", "druk 3d", "wytwarzanie przyrostowe", "aditivna proizvodnja", "3d tisk", "3d tiskanje",
    ),
    "micro_nano": (
        "nano*", "micro electro mechanical", "microelectromechanical", "mems", "microfluidic*", "microfabrication",
        "micro fabrication", "micro machining", "micromachining", "microsystem*", "thin film", "lab on a chip",
        "quantum dot", "graphene", "carbon nanotube", "lithography", "mikrosystemtechnik", "mikrotechnologie",
        "microtecnologie", "mikrotechnologia", "mikrotehnologija", "mikro in nanotehnologije",
    ),
    "industry_40": (
        "industry 4 0", "industrie 4 0", "industria 4 0", "przemysl 4 0", "industrija 4 0", "smart factory",
        "smart manufacturing", "digital twin", "cyber physical", "cyberphysical", "industrial internet of things",
        "iiot", "internet of things", "iot", "predictive maintenance", "connected factory", "factory of the future",
        "factories of the future", "digital manufacturing", "manufacturing execution system", "edge computing",
        "intelligente fabrik", "fabbrica intelligente", "pametna tovarna", "pametna tvornica", "inteligentna fabryka",
    ),
    "product_design": (
        "product design", "product development", "industrial design", "design for manufacturing",
        "design for additive", "ecodesign", "eco design", "user centred design", "user centered design",
        "computer aided design", "cad", "ergonomic*", "produktentwicklung", "produktdesign", "design del prodotto",
        "projektowanie produktu", "oblikovanje izdelkov", "dizajn proizvoda",
    ),
    "materials": (
        "material science", "materials science", "materials engineering", "advanced material", "new material",
        "composite", "composite material", "alloy", "polymer", "ceramic", "metamaterial", "biomaterial",
        "coating", "metallurgy", "metallurgical", "werkstoff*", "materiali", "materialy",
        "gradiva", "materijali", "kompozit*",
    ),
    "prototyping": (
        "rapid prototyping", "prototyping", "prototype", "proof of concept", "demonstrator", "pilot line",
        "rapid tooling", "prototypenbau", "prototyp", "prototipazione", "prototipo", "prototypowanie",
        "prototipiranje", "izdelava prototipov",
    ),
    "simulation": (
        "simulation", "modelling", "modeling", "numerical model", "finite element", "computational fluid dynamics",
        "cfd", "multiscale model", "multi scale model", "multiphysics", "digital model", "optimisation model",
        "simulazione", "modellazione", "symulacja", "modelowanie", "simulacija", "modeliranje",
    ),
    "sensors": (
        "sensor", "sensing", "biosensor", "measurement", "metrology", "non destructive testing",
        "condition monitoring", "instrumentation", "detector", "photonic sensor", "messtechnik", "sensorik",
        "sensore", "misura", "czujnik", "pomiar", "senzor", "senzorji", "mjerenje", "merjenje",
    ),
    "electronics": (
        "electronic", "electronics", "microelectronic*", "power electronics", "semiconductor", "integrated circuit",
        "printed circuit", "embedded system", "photonic", "optoelectronic*", "chip", "elektronik", "elettronica",
        "elektronika", "semiconduttori", "polprevodnik",
    ),
    "automation": (
        "automation", "robot", "robotic", "robotics", "cobot", "collaborative robot", "autonomous system",
        "control system", "process control", "mechatronic*", "automatisierung", "robotik", "automazione",
        "robotica", "automatyzacja", "robotyka", "avtomatizacija", "robotika", "automatizacija",
    ),
    "data": (
        "artificial intelligence", "machine learning", "deep learning", "neural network", "data analytics",
        "data analysis", "data science", "big data", "data mining", "computer vision", "natural language processing",
        "predictive model", "ai based", "ai driven", "ai powered", "kunstliche intelligenz", "datenanalyse",
        "intelligenza artificiale",
        "analisi dei dati", "sztuczna inteligencja", "analiza danych", "umetna inteligenca", "analiza podatkov",
        "umjetna inteligencija", "analiza podataka",
    ),
    "software": (
        "software", "software engineering", "software development", "open source", "web platform",
        "mobile application", "cloud computing", "cloud platform", "cybersecurity", "cyber security",
        "blockchain", "programming", "softwareentwicklung", "sviluppo software", "oprogramowanie",
        "programska oprema", "razvoj programske opreme", "razvoj softvera",
    ),
    "biomedical": (
        "biomedical", "medical device", "medical devices", "implant", "prosthes*", "tissue engineering",
        "regenerative medicine", "diagnostic", "diagnostics", "medical imaging", "drug delivery", "healthcare",
        "health care", "clinical", "medizintechnik", "biomedizin*", "biomedicale", "dispositivi medici",
        "biomedyczn*", "biomedicin*", "medicinski pripomocki", "medicinsk*",
    ),
    "energy": (
        "energy", "renewable", "photovoltaic", "solar cell", "wind turbine", "battery", "batteries", "fuel cell",
        "hydrogen", "energy efficiency", "energy storage", "circular economy", "recycling", "emission", "climate",
        "environmental", "life cycle assessment", "energie", "umwelt", "energia", "ambiente", "srodowisko",
        "energija", "okolje", "okolis", "obnovljiv*",
    ),
    "quality": (
        "quality assurance", "quality control", "quality management", "certification", "standardisation",
        "standardization", "conformity assessment", "iso 9001", "inspection", "testing and validation",
        "qualitatssicherung", "zertifizierung", "controllo qualita", "certificazione", "kontrola jakosci",
        "certyfikacja", "zagotavljanje kakovosti", "certificiranje", "kontrola kvalitete", "certifikacija",
    ),
    "business": (
        "business model", "business models", "market analysis", "market uptake", "commercialisation",
        "commercialization", "exploitation plan", "go to market", "value chain", "entrepreneurship",
        "start up", "startup", "innovation management", "geschaftsmodell", "marktanalyse", "modello di business",
        "analisi di mercato", "model biznesowy", "analiza rynku", "poslovni model", "analiza trga",
        "analiza trzista",
    ),
    "ip": (
        "intellectual property", "patent", "patents", "patenting", "licensing", "technology transfer",
        "knowledge transfer", "ipr", "spin off", "spinoff", "geistiges eigentum", "technologietransfer",
        "proprieta intellettuale", "trasferimento tecnologico", "wlasnosc intelektualna", "transfer technologii",
        "intelektualna lastnina", "prenos tehnologij", "intelektualno vlasnistvo", "transfer tehnologije",
    ),
}
# fmt: on

_WORD = re.compile(r"\w+", re.UNICODE)
# A phrase is matched only this many words long at most; longer phrases in the lexicon are cut.
_MAX_PHRASE_WORDS = 5


def _stem(word: str) -> str:
    """A plural taken off, the same way for the text and for the lexicon: "technologies" ->
    "technology", "sensors" -> "sensor" (and "process" -> "proces", harmlessly, on both sides)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words_of(text: str) -> list[str]:
    """The text as folded, lower-case, singular words."""
    text = text or ""
    if not text.isascii():  # folding looks at every character: most project text needs none
        text = fold(text)
    return [_stem(word) for word in _WORD.findall(text.casefold())]


def _compile() -> tuple[dict[tuple[str, ...], str], list[tuple[str, str]]]:
    phrases: dict[tuple[str, ...], str] = {}
    prefixes: list[tuple[str, str]] = []
    for term, entries in LEXICON.items():
        for entry in entries:
            if entry.endswith("*"):
                if " " in entry:
                    raise ValueError(f"a prefix is one word: {entry!r}")
                prefixes.append((fold(entry[:-1]).casefold(), term))
            else:
                key = tuple(words_of(entry))[:_MAX_PHRASE_WORDS]
                phrases.setdefault(key, term)
    return phrases, prefixes


_PHRASES, _PREFIXES = _compile()
_PREFIX_STARTS = tuple(prefix for prefix, _term in _PREFIXES)


def _by_first_word() -> dict[str, list[tuple[int, tuple[str, ...], str]]]:
    """Phrases by their first word, longest first: most words start none and cost one lookup."""
    index = defaultdict(list)
    for key, term in _PHRASES.items():
        index[key[0]].append((len(key), key, term))
    return {word: sorted(candidates, reverse=True) for word, candidates in index.items()}


_BY_FIRST_WORD = _by_first_word()


def derive_terms(text: str) -> dict[str, int]:
    """Taxonomy term code -> how many times one of its phrases occurs in ``text``.

    The longest phrase at a position wins and its words are not counted again, so "3D printing"
    counts once for additive manufacturing, not also for something "printing" might mean.
    """
    words = words_of(text)
    hits: Counter[str] = Counter()
    position, end = 0, len(words)
    while position < end:
        word = words[position]
        for length, key, term in _BY_FIRST_WORD.get(word, ()):
            if position + length <= end and tuple(words[position : position + length]) == key:
                hits[term] += 1
                position += length
                break
        else:
            if word.startswith(_PREFIX_STARTS):
                hits[next(term for prefix, term in _PREFIXES if word.startswith(prefix))] += 1
            position += 1
    return dict(hits)


def project_terms(title: str, objective: str, topics: str, domain: str) -> frozenset[str]:
    """The terms a project shows: in its text, and its technology domain."""
    terms = set(derive_terms(" ".join((title or "", topics or "", objective or ""))))
    if domain:
        terms.add(domain)
    return frozenset(terms)


def refresh_competences(organisation_ids: Iterable[int]) -> None:
    """Recompute ``ActorCompetence.evidence`` (the number of projects that show each term) for
    these organisations; what their admins declared stays; rows neither declared nor shown go.

    A handful of queries per batch of organisations (``core.batches``), whatever the number of projects; each
    project's text is read and matched once per call.
    """
    project_cache: dict[int, frozenset[str]] = {}
    touched = False
    for batch in batches(organisation_ids):
        _refresh_batch(batch, project_cache)
        touched = True
    if touched:
        caching.bump("actors")


def _refresh_batch(organisation_ids: list[int], project_cache: dict[int, frozenset[str]]) -> None:
    projects_of: dict[int, list[int]] = defaultdict(list)
    places = Participation.objects.confirmed().filter(organisation_id__in=organisation_ids)
    for organisation_id, project_id in places.values_list("organisation_id", "project_id"):
        projects_of[organisation_id].append(project_id)
    unknown = {pk for pks in projects_of.values() for pk in pks} - project_cache.keys()
    for pk, title, objective, topics, domain in ResearchProject.objects.filter(pk__in=unknown).values_list(
        "pk", "title", "objective", "topics", "domain"
    ):
        project_cache[pk] = project_terms(title, objective, topics, domain)

    evidence: dict[tuple[int, str], int] = Counter()
    for organisation_id, project_ids in projects_of.items():
        for project_id in set(project_ids):
            for term in project_cache.get(project_id, ()):
                evidence[(organisation_id, term)] += 1

    existing = {
        (organisation_id, term): (pk, declared, count)
        for pk, organisation_id, term, declared, count in ActorCompetence.objects.filter(
            organisation_id__in=organisation_ids
        ).values_list("pk", "organisation_id", "term", "declared", "evidence")
    }
    changed = [
        ActorCompetence(organisation_id=organisation_id, term=term, evidence=count)
        for (organisation_id, term), count in evidence.items()
        if existing.get((organisation_id, term), (None, None, None))[2] != count
    ]
    gone = [key for key in existing if key not in evidence]
    to_zero = [existing[key][0] for key in gone if existing[key][1] and existing[key][2]]
    to_delete = [existing[key][0] for key in gone if not existing[key][1]]
    with transaction.atomic():
        if changed:
            # An upsert: a competence an admin declares meanwhile keeps ``declared`` and gets the count.
            ActorCompetence.objects.bulk_create(
                changed,
                batch_size=1000,
                update_conflicts=True,
                unique_fields=["organisation", "term"],
                update_fields=["evidence"],
            )
        if to_zero:
            ActorCompetence.objects.filter(pk__in=to_zero).update(evidence=0)
        if to_delete:
            ActorCompetence.objects.filter(pk__in=to_delete, declared=False).delete()
