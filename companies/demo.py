"""Demo companies, memberships and needs for `make run`."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from campus_portal import audit
from campus_portal.models import AuditEntry
from companies.models import Company, Membership, Need, NeedLanguage
from students.models import ContractKind, Sector, Track


def demo_enterprise_number(n: int) -> str:
    """A valid (mod-97) number in a range kept for the demo: 0999.990.1xx."""
    first_eight = f"{9_999_900 + n:08d}"
    return f"{first_eight}{97 - int(first_eight) % 97:02d}"


# (slug, name, sectors, city, postcode, status, languages,
#  needs: [(title, track slugs, headcount, contract kinds)])
DEMO_COMPANIES = [
    (
        "elektro-brussel",
        "Elektro Brussel",
        ["industrie", "construction"],
        "Anderlecht",
        "1070",
        Company.Status.VERIFIED,
        ["fr", "nl"],
        [
            (
                "Électricien·ne de chantier",
                ["electricien-automaticien"],
                2,
                [ContractKind.INTERNSHIP, ContractKind.ALTERNANCE],
            ),
            (
                "Technicien·ne en domotique",
                ["technicien-electronique"],
                1,
                [ContractKind.PERMANENT],
            ),
        ],
    ),
    (
        "boulangerie-des-marolles",
        "Boulangerie des Marolles",
        ["hotellerie-alimentation"],
        "Bruxelles",
        "1000",
        Company.Status.VERIFIED,
        ["fr"],
        [("Apprenti·e boulanger·ère", ["boulanger-patissier"], 1, [ContractKind.ALTERNANCE])],
    ),
    (
        "garage-du-canal",
        "Garage du Canal",
        ["industrie"],
        "Molenbeek-Saint-Jean",
        "1080",
        Company.Status.VERIFIED,
        ["fr", "nl", "en"],
        [
            (
                "Mécanicien·ne automobile",
                ["mecanicien-automobile"],
                2,
                [ContractKind.INTERNSHIP, ContractKind.FIXED_TERM],
            ),
            ("Carrossier·ère", ["carrossier"], 1, [ContractKind.INTERNSHIP]),
        ],
    ),
    (
        "maison-de-repos-les-tilleuls",
        "Maison de repos Les Tilleuls",
        ["services-aux-personnes"],
        "Uccle",
        "1180",
        Company.Status.VERIFIED,
        ["fr", "nl"],
        [
            (
                "Aide familial·e",
                ["aide-familial"],
                3,
                [ContractKind.PERMANENT, ContractKind.STUDENT_JOB],
            )
        ],
    ),
    (
        "bati-renov",
        "Bâti-Rénov",
        ["construction"],
        "Schaerbeek",
        "1030",
        Company.Status.PENDING,
        ["fr"],
        [("Maçon·ne", ["ouvrier-gros-oeuvre"], 2, [ContractKind.PERMANENT])],
    ),
]


def _record_verification(company: Company, index: int, *, staff) -> None:
    """Date the company's request some weeks back and log the staff's verification a few
    hours later, as the audit log and the dashboard's moderation delays read them."""
    requested = timezone.now() - timedelta(days=30 - index)
    verified = requested + timedelta(hours=6 + 10 * index)
    Company.objects.filter(pk=company.pk).update(created_at=requested, status_changed_at=verified)
    entry = audit.record(actor=staff, action="company.verify", target=company)
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=verified)


@transaction.atomic
def load_demo_companies(accounts: dict) -> None:
    for index, (slug, name, sectors, city, postcode, status, languages, needs) in enumerate(
        DEMO_COMPANIES, start=1
    ):
        company, created = Company.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "legal_name": f"{name} SRL",
                "enterprise_number": demo_enterprise_number(index),
                "status": status,
                "size": Company.Size.SMALL,
                "street": "Rue de l'Exemple 1",
                "postcode": postcode,
                "city": city,
                "description": (
                    f"{name} est une entreprise de démonstration : elle montre ce que voient "
                    "les élèves et les entreprises sur le portail."
                ),
                "languages": languages,
                "contact_name": "Contact de démonstration",
                "contact_email": f"contact@{slug}.example",
            },
        )
        if not created:
            continue
        if status == Company.Status.VERIFIED:
            _record_verification(company, index, staff=accounts.get("staff"))
        else:  # waiting for the staff for a few days
            three_days_ago = timezone.now() - timedelta(days=3)
            Company.objects.filter(pk=company.pk).update(created_at=three_days_ago)
        company.sectors.set(Sector.objects.filter(slug__in=sectors))
        for title, tracks, headcount, kinds in needs:
            need = Need.objects.create(
                company=company,
                title=title,
                headcount=headcount,
                contract_kinds=[str(kind) for kind in kinds],
                commune=slugify(city),
            )
            need.tracks.set(Track.objects.filter(slug__in=tracks))
            NeedLanguage.objects.create(need=need, language="fr", level="intermediate")
    recruiter = accounts.get("company")
    if recruiter is not None and not Membership.objects.filter(user=recruiter).exists():
        Membership.objects.create(
            company=Company.objects.get(slug="elektro-brussel"),
            user=recruiter,
            role=Membership.Role.OWNER,
        )
