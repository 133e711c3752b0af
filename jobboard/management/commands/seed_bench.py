"""Fill the database with benchmark companies and offers (see bench/README.md)."""

import random
from collections.abc import Iterator
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from companies.communes import Commune
from companies.models import Company
from jobboard.models import Offer, normalise_text
from students.models import ContractKind, Track

SEED = 20240901
BATCH = 2000
COMPANIES = 300
# Bench companies are recognised by this slug prefix and a reserved range of numbers.
SLUG_PREFIX = "bench-"
NUMBER_BASE = 9_000_000

# (French title, Dutch title, English title, the track slugs it fits)
JOBS = [
    ("Électricien", "Elektricien", "Electrician", ["electricien-automaticien"]),
    ("Électricienne", "Elektricienne", "Electrician", ["electricien-automaticien"]),
    (
        "Électricien industriel",
        "Industrieel elektricien",
        "Industrial electrician",
        ["electricien-automaticien", "technicien-electronique"],
    ),
    (
        "Technicien en électronique",
        "Technicus elektronica",
        "Electronics technician",
        ["technicien-electronique"],
    ),
    ("Menuisier", "Schrijnwerker", "Joiner", ["menuisier"]),
    ("Menuisière d'atelier", "Schrijnwerker in het atelier", "Workshop joiner", ["menuisier"]),
    ("Mécanicien automobile", "Automonteur", "Car mechanic", ["mecanicien-automobile"]),
    ("Carrossier", "Koetswerkhersteller", "Body repairer", ["carrossier"]),
    ("Soudeur", "Lasser", "Welder", ["soudeur-cefa"]),
    ("Maçon", "Metselaar", "Bricklayer", ["ouvrier-gros-oeuvre"]),
    (
        "Monteur en chauffage",
        "Verwarmingsinstallateur",
        "Heating fitter",
        ["monteur-chauffage-sanitaire", "monteur-chauffage-sanitaire-cefa"],
    ),
    ("Plombier", "Loodgieter", "Plumber", ["monteur-chauffage-sanitaire"]),
    ("Couvreur", "Dakdekker", "Roofer", ["couvreur-etancheur"]),
    ("Peintre en bâtiment", "Schilder", "House painter", ["peintre-batiment"]),
    ("Cuisinier", "Kok", "Cook", ["cuisinier", "hotelier-restaurateur"]),
    ("Commis de cuisine", "Keukenhulp", "Kitchen assistant", ["cuisinier"]),
    ("Boulanger-pâtissier", "Bakker-banketbakker", "Baker", ["boulanger-patissier"]),
    ("Serveur", "Kelner", "Waiter", ["commis-salle", "hotelier-restaurateur"]),
    ("Coiffeur", "Kapper", "Hairdresser", ["coiffeur"]),
    ("Esthéticienne", "Schoonheidsspecialiste", "Beautician", ["estheticien"]),
    ("Aide-soignant", "Zorgkundige", "Care assistant", ["aide-soignant"]),
    ("Aide familiale", "Gezinshulp", "Home help", ["aide-familial"]),
    ("Puériculteur", "Kinderverzorger", "Childcare worker", ["puericulteur"]),
    ("Vendeur", "Verkoper", "Shop assistant", ["vendeur", "vendeur-cefa"]),
    ("Employé de bureau", "Bediende", "Office clerk", ["technicien-bureau"]),
    ("Comptable junior", "Junior boekhouder", "Junior accountant", ["technicien-comptabilite"]),
    ("Infographiste", "Grafisch vormgever", "Graphic designer", ["technicien-infographie"]),
    ("Jardinier", "Tuinier", "Gardener", ["technicien-horticulture"]),
    ("Laborantin en chimie", "Laborant chemie", "Chemistry lab assistant", ["technicien-chimie"]),
    ("Couturière", "Naaister", "Seamstress", ["technicien-habillement", "agent-metiers-mode"]),
]
FR_TITLE_SUFFIXES = ["", "", " en alternance", " (stage)", " – job étudiant", " H/F/X", " junior"]
NL_TITLE_SUFFIXES = ["", "", " (stage)", " – studentenjob", " M/V/X", " junior"]
EN_TITLE_SUFFIXES = ["", "", " (internship)", " – student job", " junior"]

FR_SENTENCES = [
    "Nous cherchons un·e {job} motivé·e pour renforcer notre équipe à Bruxelles.",
    "Tu travailleras avec des professionnels expérimentés sur nos chantiers et à l'atelier.",
    "Notre entreprise familiale forme des jeunes depuis plus de vingt ans.",
    "Tu apprendras le métier pas à pas, avec un tuteur qui t'accompagne chaque jour.",
    "Les horaires sont réguliers, du lundi au vendredi, sans travail le week-end.",
    "Une formation interne est prévue pendant les premières semaines.",
    "Nous travaillons pour des particuliers, des écoles et des bureaux de la région.",
    "L'équipe parle français, néerlandais et anglais : chacun y trouve sa place.",
    "Le poste est accessible en transports en commun (métro, tram et bus).",
    "Tu participeras à l'installation, à l'entretien et au dépannage.",
]
FR_REQUIREMENTS = [
    "Élève ou diplômé·e de l'enseignement qualifiant.",
    "Tu es ponctuel·le, curieux·se et tu aimes le travail en équipe.",
    "Le permis B est un atout.",
    "Tu connais les règles de sécurité de base.",
    "Des notions de néerlandais sont appréciées.",
]
NL_SENTENCES = [
    "Wij zoeken een gemotiveerde {job} om ons team in Brussel te versterken.",
    "Je werkt samen met ervaren vakmensen op de werf en in het atelier.",
    "Ons familiebedrijf leidt al meer dan twintig jaar jongeren op.",
    "Je leert het vak stap voor stap, met een mentor die je elke dag begeleidt.",
    "De werkuren zijn regelmatig, van maandag tot vrijdag.",
    "Tijdens de eerste weken krijg je een interne opleiding.",
    "We werken voor particulieren, scholen en kantoren in de regio.",
]
NL_REQUIREMENTS = [
    "Leerling of afgestudeerde van het beroepsonderwijs.",
    "Je bent stipt, nieuwsgierig en werkt graag in team.",
    "Een rijbewijs B is een pluspunt.",
    "Kennis van het Frans is een troef.",
]
EN_SENTENCES = [
    "We are looking for a motivated {job} to join our team in Brussels.",
    "You will work alongside experienced professionals on site and in the workshop.",
    "Our family business has trained young people for more than twenty years.",
    "Regular hours, Monday to Friday, with training in the first weeks.",
]
EN_REQUIREMENTS = [
    "Student or graduate of vocational education.",
    "Punctual, curious and a team player.",
    "Some French or Dutch is welcome.",
]
TEXTS = {
    "fr": (FR_TITLE_SUFFIXES, FR_SENTENCES, FR_REQUIREMENTS),
    "nl": (NL_TITLE_SUFFIXES, NL_SENTENCES, NL_REQUIREMENTS),
    "en": (EN_TITLE_SUFFIXES, EN_SENTENCES, EN_REQUIREMENTS),
}
COMPANY_WORDS = [
    "Atelier", "Bâti", "Brico", "Cuisine", "Élec", "Garage", "Habitat", "Jardin", "Lumière",
    "Maison", "Menuiserie", "Services", "Soins", "Studio", "Techno", "Toiture",
]  # fmt: skip
COMMUNES = [value for value, _label in Commune.choices]
KINDS = [value for value, _label in ContractKind.choices]


def chunks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


class Command(BaseCommand):
    help = (
        "Create about 300 verified companies and N offers (100,000 by default) for the "
        "benchmark, always the same ones (fixed random seed). Skips if already seeded; "
        "--reset deletes the bench data first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--offers", type=int, default=100_000, help="How many offers.")
        parser.add_argument(
            "--reset", action="store_true", help="Delete the bench companies and offers first."
        )

    def handle(self, *args, offers: int, reset: bool, **options):
        if offers < 1:
            raise CommandError("--offers must be at least 1.")
        tracks = {track.slug: track.pk for track in Track.objects.all()}
        if not tracks:
            raise CommandError("No tracks: run `manage.py load_reference` first.")
        bench_companies = Company.objects.filter(slug__startswith=SLUG_PREFIX)
        if reset:
            self.delete(bench_companies)
        elif bench_companies.exists():
            existing = Offer.objects.filter(company__in=bench_companies).count()
            self.stdout.write(
                f"Already seeded ({bench_companies.count()} companies, {existing} offers): "
                "nothing done. Use --reset to start again."
            )
            return

        rng = random.Random(SEED)  # noqa: S311 - benchmark data, reproducible on purpose
        company_ids = self.create_companies(rng)
        now = timezone.now()
        created = 0
        for batch in chunks(offers, BATCH):
            with transaction.atomic():
                jobs = [rng.choice(JOBS) for _ in batch]
                objects = [self.offer(rng, job, company_ids, now) for job in jobs]
                Offer.objects.bulk_create(objects)
                links = [
                    Offer.tracks.through(offer_id=offer.pk, track_id=track_id)
                    for offer, job in zip(objects, jobs, strict=True)
                    for track_id in self.tracks_of(rng, job, tracks)
                ]
                Offer.tracks.through.objects.bulk_create(links)
            created += len(objects)
            self.stdout.write(f"  {created:>7,} / {offers:,} offers")
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would give them later: the planner needs them.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE jobboard_offer, jobboard_offer_tracks, companies_company")
        self.stdout.write(
            self.style.SUCCESS(f"Seeded {len(company_ids)} companies, {created:,} offers.")
        )

    def delete(self, companies):
        offers = Offer.objects.filter(company__in=companies)
        while ids := list(offers.values_list("pk", flat=True)[:BATCH]):
            with transaction.atomic():
                Offer.tracks.through.objects.filter(offer_id__in=ids).delete()
                Offer.objects.filter(pk__in=ids).delete()
            self.stdout.write(f"  deleted {len(ids)} offers")
        deleted, _by_model = companies.delete()
        self.stdout.write(f"Deleted the bench data ({deleted} rows with the companies).")

    def create_companies(self, rng: random.Random) -> list[int]:
        companies = []
        for n in range(COMPANIES):
            name = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_WORDS)} {n + 1}"
            base = NUMBER_BASE + n
            commune = rng.choice(COMMUNES[:-1])
            companies.append(
                Company(
                    legal_name=f"{name} SRL",
                    name=name,
                    slug=f"{SLUG_PREFIX}{n + 1}",
                    enterprise_number=f"{base:08d}{97 - base % 97:02d}",
                    status=Company.Status.VERIFIED,
                    size=rng.choice(Company.Size.values),
                    street=f"Rue de l'Atelier {n + 1}",
                    postcode="1000",
                    city=Commune(commune).label,
                    description="Une entreprise bruxelloise qui forme des jeunes.",
                    languages=["fr", "nl"],
                    contact_name="Bench",
                    contact_email=f"bench{n + 1}@example.invalid",
                )
            )
        created = Company.objects.bulk_create(companies, batch_size=100)
        self.stdout.write(f"  {len(created)} companies")
        return [company.pk for company in created]

    def offer(self, rng: random.Random, job: tuple, company_ids: list[int], now) -> Offer:
        language = rng.choices(["fr", "nl", "en"], weights=[80, 15, 5])[0]
        suffixes, sentences, requirements = TEXTS[language]
        job_title = {"fr": job[0], "nl": job[1], "en": job[2]}[language]
        title = job_title + rng.choice(suffixes)
        description = "\n".join(
            sentence.format(job=job_title.lower())
            for sentence in [sentences[0], *rng.sample(sentences[1:], 3)]
        )
        requirement_text = "\n".join(rng.sample(requirements, 2))
        days = rng.choice([30, 60, 60, 60, 90, 183])
        # 94 % listed; the rest in the states the list must leave out.
        fate = rng.choices(
            ["listed", "expired", "past_end", "closed", "pending", "draft"],
            weights=[94, 2, 1, 1, 1, 1],
        )[0]
        published_at = now - timedelta(days=rng.randrange(days), seconds=rng.randrange(86400))
        status, expires_at = Offer.Status.PUBLISHED, published_at + timedelta(days=days)
        if fate in ("expired", "past_end"):
            published_at -= timedelta(days=days + 1)
            expires_at = published_at + timedelta(days=days)
            if fate == "expired":
                status = Offer.Status.EXPIRED
        elif fate == "closed":
            status = Offer.Status.CLOSED
        elif fate in ("pending", "draft"):
            status = Offer.Status(fate)
            published_at = expires_at = None
        commune = rng.choice(COMMUNES)
        return Offer(
            company_id=rng.choice(company_ids),
            title=title,
            language=language,
            kind=rng.choice(KINDS),
            description=description,
            requirements=requirement_text,
            commune=commune,
            postcode="1500" if commune == Commune.OUTSIDE else "",
            hours_per_week=rng.choice([19, 24, 30, 38, 38, 38]),
            publication_days=days,
            status=status,
            submitted_at=published_at,
            published_at=published_at,
            expires_at=expires_at,
            closed_at=now if status == Offer.Status.CLOSED else None,
            # What Offer.save() computes, which bulk_create does not call.
            search_text=normalise_text(" ".join([title, description, requirement_text])),
        )

    def tracks_of(self, rng: random.Random, job: tuple, tracks: dict[str, int]) -> set[int]:
        chosen = {tracks[slug] for slug in job[3] if slug in tracks}
        if not chosen or rng.random() < 0.1:
            chosen.add(rng.choice(list(tracks.values())))
        return chosen
