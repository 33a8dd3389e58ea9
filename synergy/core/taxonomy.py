"""The shared vocabulary of competences and key areas.

Challenges say what they seek in these terms and, later, actor profiles say what they
offer in the same terms, so the two can be matched. The key areas are the original
project's three; competences are a short controlled list, with free keywords beside them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KeyArea(models.TextChoices):
    ADDITIVE_MANUFACTURING = "additive_manufacturing", _("Additive manufacturing and 3D printing")
    MICRO_NANO = "micro_nano", _("Micro- and nanotechnologies")
    INDUSTRY_40 = "industry_40", _("Industry 4.0")


class Competence(models.TextChoices):
    PRODUCT_DESIGN = "product_design", _("Product design")
    MATERIALS = "materials", _("Materials science")
    PROTOTYPING = "prototyping", _("Rapid prototyping")
    SIMULATION = "simulation", _("Modelling and simulation")
    SENSORS = "sensors", _("Sensors and measurement")
    ELECTRONICS = "electronics", _("Electronics")
    AUTOMATION = "automation", _("Automation and robotics")
    DATA = "data", _("Data analysis and artificial intelligence")
    SOFTWARE = "software", _("Software development")
    BIOMEDICAL = "biomedical", _("Biomedical engineering")
    ENERGY = "energy", _("Energy and environment")
    QUALITY = "quality", _("Quality and certification")
    BUSINESS = "business", _("Business models and market analysis")
    IP = "ip", _("Intellectual property and technology transfer")


# Every term of the controlled vocabulary, key areas first: what profiles declare, what project
# text is mapped to, and what challenges seek.
TERM_CHOICES = [*KeyArea.choices, *Competence.choices]
TERM_LABELS = dict(TERM_CHOICES)


def term_label(code: str) -> str:
    return str(TERM_LABELS.get(code, code))


def keyword_list(text: str) -> list[str]:
    """Free keywords as typed: separated by commas or semicolons, blanks and repeats dropped."""
    seen: dict[str, str] = {}
    for word in text.replace(";", ",").split(","):
        word = " ".join(word.split())
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    return list(seen.values())
