"""Words of a profile or a need, as the term index counts them.

Text is folded (no diacritics), case-folded and split into words; words of fewer than three
characters are dropped except a few that carry meaning in this field ("3d", "ai"), and so are
the commonest words of the platform's languages. English words lose their inflection by a
few suffix rules (printers → printer, automated → automat, machining → machin) — light on
purpose: a wrong cut joins two words that should stay apart, which full stemmers do more
often on short technical text. A short table of synonyms, across the platform's languages,
brings common variants of one notion to one word ("stampa", "druk" and "Druck" → "print").
"""

import re
from collections import Counter

from synergy.core.search import fold

MAX_TEXT = 20_000  # characters of one field read: a 100,000-character description is not a profile

SHORT_WORDS = frozenset({"3d", "4d", "ai", "ml", "ip", "5g", "ar", "vr", "pv", "ev", "uv", "ic"})

_STOPWORD_TEXT = (
    # English
    "the and for with from that this are was were been has have had not but all any can our their they them you "
    "your its into onto over under about also such who whom which what when where why how more most other some "
    "than then there these those very will would should could may might must shall use used using able need "
    "needs needed want wants looking seek seeking find partner partners company companies organisation "
    "organisations organization organizations offer offers provide provides including based well new per via "
    "one two three each every within without between both while through across help "
    "before after next fast faster quick quickly long longer old older like make makes made want instead only "
    "still less many much just often same does doing done get gets got know whether too own out off again "
    "ever even back down first last few lot lots something someone anything way ways thing things good better "
    "best able since until upon around near now today year years month months week weeks day days "
    "would like should must could please currently already yet "
    # German
    "der die das den dem des ein eine einen einem einer und oder mit von fur auf aus bei nach sich ist sind wir "
    "ihr sie zum zur wie auch nicht aber als noch nur suchen suche unternehmen partner fuer "
    "unser unsere unserer unseren soll sollen werden wird mochten moechten konnen kann fruh schnell "
    "einen dass damit wenn dann sehr mehr neue neuen "
    # Italian
    "il lo la gli le uno una del della dei delle degli con per tra fra che non sono siamo nostro nostra nostri "
    "come anche piu alla alle allo agli dal dalla nel nella nei cerchiamo cerca azienda aziende partner "
    "vorremmo vogliamo abbiamo nostre poi chi puo possono automaticamente sulle sui degli "
    # Polish
    "oraz lub dla jest sa nie nas nasz nasza nasze jak tak ale czy przez przy pod nad ktory ktora ktore "
    "szukamy szukam firma firmy partnera partnerow "
    "chcemy chce ktora ktory pomocy przy zeby aby ich jego jej czym bardzo "
    # Slovenian and Croatian
    "ali ter ki je so za na pri po iz kot tudi smo ste ima imamo iscemo podjetje partnerja sto koji koja koje "
    "jest trazimo tvrtka tvrtke"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Variants of one notion, across languages, read as its English word (folded, before stemming).
SYNONYMS = {
    "print": "druk druku drukiem drukowanie drukarka drukarki druck drucker drucken stampa stampaggio stampante "
    "tisk tiskanje tiskalnik tiskalniki ispis printing printed printer printers",
    "additive": "addytywne addytywna additiva additivo additive aditivna aditivne generativ generative",
    "sensor": "czujnik czujniki czujnikow sensore sensori senzor senzorji senzori fuhler messfuhler",
    "measure": "pomiar pomiary pomiarowe messung messtechnik misura misure meritev meritve mjerenje metrology "
    "metrologia metrologie",
    "robot": "robota roboty robotyka robotica robotik robotika robotics robotic cobot cobots",
    "automation": "automatyka automatyzacja automazione automatisierung avtomatizacija automatizacija",
    "material": "materialy materialow werkstoff werkstoffe materiale materiali materialov",
    "composite": "kompozyt kompozyty kompozytowe verbundwerkstoff composito compositi kompozit kompoziti",
    "titanium": "tytan tytanu titan titanio titanu",
    "metal": "metalu metale metallo metalli metall metalle kovina kovine kovinski",
    "polymer": "polimer polimery polimeri kunststoff kunststoffe plastic plastics plastica tworzywo tworzywa",
    "software": "oprogramowanie programmi programska",
    "data": "dane dati daten podatki podaci",
    "artificial": "sztuczna kunstliche artificiale umetna",
    "intelligence": "inteligencja intelligenz intelligenza inteligenca",
    "learning": "uczenie lernen apprendimento ucenje",
    "energy": "energia energii energie energija",
    "battery": "bateria baterie akumulator akumulatory batterie batteria baterija",
    "solar": "fotowoltaika fotowoltaiczne photovoltaic photovoltaik fotovoltaico fotovoltaika",
    "medical": "medyczne medyczny medizinisch medizintechnik medicale medicina medicinski medical biomedical "
    "biomedyczne biomedizinisch biomedicale",
    "implant": "implanty implantat implantate impianto impianti implantat",
    "prosthesis": "proteza protezy prothese protesi proteza",
    "design": "projektowanie konstrukcja entwurf gestaltung progettazione design oblikovanje dizajn",
    "prototype": "prototyp prototypy prototypowanie prototipo prototipi prototipiranje prototyping",
    "simulation": "symulacja symulacje simulazione simulacija fem fea cfd",
    "quality": "jakosc jakosci qualitat qualita kakovost kvaliteta",
    "certification": "certyfikacja certyfikat zertifizierung certificazione certifikacija",
    "test": "testy testowanie badania prufung pruefung collaudo prova prove testiranje preizkus",
    "nano": "nanotechnologia nanotechnologie nanotecnologia nanotecnologie nanotehnologija nanotechnology",
    "micro": "mikro micro",
    "electronics": "elektronika elektronik elettronica elektronika electronic electronics",
    "manufacturing": "produkcja wytwarzanie fertigung produktion produzione fabbricazione proizvodnja manifattura",
    "machining": "obrobka skrawanie zerspanung lavorazione fresatura obdelava",
    "factory": "fabryka zaklad fabrik stabilimento fabbrica tovarna tvornica",
    "maintenance": "utrzymanie konserwacja wartung instandhaltung manutenzione vzdrzevanje odrzavanje",
    "predictive": "predykcyjne predykcyjna pradiktive predittiva prediktivno",
    "vision": "wizja bildverarbeitung visione",
    "camera": "kamera kamery kameras telecamera telecamere",
    "food": "zywnosc lebensmittel alimentare alimenti hrana",
    "agriculture": "rolnictwo landwirtschaft agricoltura kmetijstvo poljoprivreda",
    "water": "woda wasser acqua voda",
    "recycling": "recykling riciclo reciklaza",
    "waste": "odpady abfall rifiuti odpadki otpad",
    "patent": "patenty patente brevetto brevetti",
    "licensing": "licencja licencje lizenz lizenzierung licenza licenziamento licenciranje",
    "market": "rynek rynku markt mercato trg",
    "business": "biznes geschaft geschaeft affari poslovni poslovanje",
    "funding": "finansowanie finanzierung finanziamento financiranje",
    "training": "szkolenie szkolenia schulung formazione usposabljanje",
    "textile": "tekstylia tekstylne textil textilien tessile tessuti tekstil",
    "wood": "drewno holz legno les drvo",
    "glass": "szklo glas vetro steklo staklo",
    "coating": "powloka powloki beschichtung rivestimento premaz prevleka",
    "laser": "laserowe laserowy lasera",
    "welding": "spawanie schweissen saldatura varjenje zavarivanje",
    "optical": "optyka optyczne optik ottica optika photonics fotonika photonik fotonica",
    "chip": "chipy chips halbleiter semiconductor semiconductors semiconduttori polprzewodniki",
    "vehicle": "pojazd pojazdy fahrzeug fahrzeuge veicolo veicoli vozilo automotive motoryzacja",
    "aerospace": "lotnictwo lotniczy luftfahrt aerospaziale letalstvo aeronautics aviation",
    "building": "budownictwo bauwesen edilizia gradbenistvo graditeljstvo construction",
    "twin": "blizniak zwilling gemello dvojcek",
    "digital": "cyfrowy cyfrowa cyfrowe digitale digitalen digitalni",
    "cybersecurity": "cyberbezpieczenstwo cybersicherheit cybersicurezza kibernetska",
    "cloud": "chmura",
    "drone": "dron drony drohne drohnen droni",
    "packaging": "opakowania opakowanie verpackung imballaggio embalaza",
}
_VARIANT_OF = {variant: word for word, variants in SYNONYMS.items() for variant in variants.split()}

_WORD = re.compile(r"\w+", re.UNICODE)

# Suffix rules, first match wins; the stem must keep at least three characters and a vowel.
_SUFFIXES = [
    ("izations", "is"), ("isations", "is"), ("ization", "is"), ("isation", "is"), ("izing", "is"),
    ("ising", "is"), ("ized", "is"), ("ised", "is"), ("izes", "is"), ("ises", "is"), ("ize", "is"),
    ("ations", "at"), ("ation", "at"), ("ating", "at"), ("ated", "at"), ("ates", "at"), ("ate", "at"),
    ("ies", "y"), ("ied", "y"), ("ings", ""), ("ing", ""), ("ical", "ic"), ("ics", "ic"),
    ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"), ("ers", "er"), ("ed", ""),
]  # fmt: skip
_KEEP_DOUBLE = "lsz"
_VOWEL = re.compile("[aeiouy]")


def stem(word: str) -> str:
    """A light English stem; words of other languages pass mostly unchanged."""
    if len(word) <= 4 or not word.isalpha() or word.endswith("eed"):
        return word  # "speed" and "need" are not past tenses
    for suffix, replacement in _SUFFIXES:
        rest = word[: -len(suffix)]
        if word.endswith(suffix) and len(rest) >= 3 and _VOWEL.search(rest):
            word = rest + replacement
            if not replacement and word[-1] == word[-2] and word[-1] not in _KEEP_DOUBLE + "aeiou":
                word = word[:-1]  # cutting → cutt → cut
            break
    else:
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]  # machine and machining → machin
    return word


def surface_words(text: str) -> list[str]:
    """The words of ``text`` that count, folded and lower-case, before stemming."""
    words = []
    for word in _WORD.findall(fold(text[:MAX_TEXT]).casefold().replace("_", " ")):
        if (len(word) >= 3 or word in SHORT_WORDS) and word not in STOPWORDS and not word.isdigit():
            words.append(_VARIANT_OF.get(word, word))
    return words


def tokens(text: str) -> list[str]:
    """The index terms of ``text``, in order, repeats kept."""
    return [stem(word) for word in surface_words(text)]


def term_counts(text: str) -> Counter:
    return Counter(tokens(text))


def readable_words(text: str) -> dict[str, str]:
    """Each index term of ``text`` with the first word that produced it, as it was written."""
    readable: dict[str, str] = {}
    for original in _WORD.findall(text[:MAX_TEXT]):
        for word in surface_words(original):
            readable.setdefault(stem(word), original)
    return readable
