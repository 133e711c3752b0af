"""The 19 communes of the Brussels-Capital Region, and "outside Brussels"."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Commune(models.TextChoices):
    ANDERLECHT = "anderlecht", _("Anderlecht")
    AUDERGHEM = "auderghem", _("Auderghem")
    BERCHEM = "berchem-sainte-agathe", _("Berchem-Sainte-Agathe")
    BRUXELLES = "bruxelles", _("Bruxelles-Ville")
    ETTERBEEK = "etterbeek", _("Etterbeek")
    EVERE = "evere", _("Evere")
    FOREST = "forest", _("Forest")
    GANSHOREN = "ganshoren", _("Ganshoren")
    IXELLES = "ixelles", _("Ixelles")
    JETTE = "jette", _("Jette")
    KOEKELBERG = "koekelberg", _("Koekelberg")
    MOLENBEEK = "molenbeek-saint-jean", _("Molenbeek-Saint-Jean")
    SAINT_GILLES = "saint-gilles", _("Saint-Gilles")
    SAINT_JOSSE = "saint-josse-ten-noode", _("Saint-Josse-ten-Noode")
    SCHAERBEEK = "schaerbeek", _("Schaerbeek")
    UCCLE = "uccle", _("Uccle")
    WATERMAEL = "watermael-boitsfort", _("Watermael-Boitsfort")
    WOLUWE_SL = "woluwe-saint-lambert", _("Woluwe-Saint-Lambert")
    WOLUWE_SP = "woluwe-saint-pierre", _("Woluwe-Saint-Pierre")
    OUTSIDE = "outside", _("Hors de Bruxelles")


def place_label(commune: str, postcode: str = "") -> str:
    """Where a job is, for people: the commune, or "1500 (Hors de Bruxelles)"."""
    if commune == Commune.OUTSIDE:
        label = str(Commune.OUTSIDE.label)
        return f"{postcode} ({label})" if postcode else label
    return str(Commune(commune).label) if commune in Commune.values else commune
