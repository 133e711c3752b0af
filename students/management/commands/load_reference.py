"""Load the reference data (sectors, tracks, a sample of the shortage list), idempotently.

Rows that exist are left as staff edited them, unless --update is given.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from students.models import Sector, ShortageOccupation, Track

REFERENCE_FILE = Path(__file__).resolve().parents[2] / "reference" / "reference.json"


def translated(field: str, values: dict) -> dict:
    """{"fr": "Menuisier", …} → {"name_fr": "Menuisier", …} for the languages we have."""
    return {f"{field}_{code}": values[code] for code, _name in settings.LANGUAGES if code in values}


class Command(BaseCommand):
    help = "Load sectors, tracks and the sample shortage list from students/reference/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Overwrite rows staff may have edited."
        )

    @transaction.atomic
    def handle(self, *args, update=False, **options):
        data = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
        created = {"sectors": 0, "tracks": 0, "shortages": 0}
        sectors = {}
        for item in data["sectors"]:
            values = {"position": item["position"], **translated("name", item["name"])}
            sector, new = self.upsert(Sector, {"slug": item["slug"]}, values, update)
            sectors[item["slug"]] = sector
            created["sectors"] += new
        tracks = {}
        for item in data["tracks"]:
            values = {
                "sector": sectors[item["sector"]],
                "form": item["form"],
                "position": item["position"],
                "isco_code": item.get("isco", ""),
                "taught_on_campus": item.get("taught_on_campus", True),
                **translated("name", item["name"]),
                **translated("description", item["description"]),
                **translated(
                    "occupations",
                    {code: "\n".join(lines) for code, lines in item["occupations"].items()},
                ),
            }
            track, new = self.upsert(Track, {"slug": item["slug"]}, values, update)
            tracks[item["slug"]] = track
            created["tracks"] += new
        sample = data["shortage_sample"]
        for item in sample["occupations"]:
            occupation, new = self.upsert(
                ShortageOccupation,
                {"list_year": sample["list_year"], "name_fr": item["name"]["fr"]},
                {"is_sample": True, **translated("name", item["name"])},
                update,
            )
            if new or update:
                occupation.tracks.set(tracks[slug] for slug in item["tracks"])
            created["shortages"] += new
        self.stdout.write(
            "Reference data: {sectors} sectors, {tracks} tracks, {shortages} shortage "
            "occupations created.".format(**created)
        )

    @staticmethod
    def upsert(model, lookup: dict, values: dict, update: bool):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**{**values, **lookup})
            return obj, True
        if update:
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
        return obj, False
