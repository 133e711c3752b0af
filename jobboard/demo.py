"""Demo offers for `make run`: published, pending and draft offers of the demo companies,
and the demo student's applications (one of them a hire)."""

import contextlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from campus_portal import audit
from campus_portal.models import AuditEntry
from companies.models import Company
from jobboard.applying import ApplicationRefused, _store_cv_copy
from jobboard.models import Application, ApplicationEvent, Offer, OfferLanguage
from students.models import ContractKind, StudentProfile, Track

# Per company slug: offers as dicts. "state" is published (with "days_ago"), pending or
# draft; "need" names the demo need the offer was started from, if any.
DEMO_OFFERS = {
    "elektro-brussel": [
        {
            "title": "Électricien·ne de chantier en alternance",
            "language": "fr",
            "kind": ContractKind.ALTERNANCE,
            "tracks": ["electricien-automaticien"],
            "need": "Électricien·ne de chantier",
            "description": (
                "Vous rejoignez une équipe de quatre électricien·nes sur des chantiers de "
                "rénovation à Bruxelles : pose de gaines et de câbles, montage de tableaux "
                "électriques, raccordement de prises et d'éclairages.\n\n"
                "Un tuteur vous accompagne chaque jour. Horaire de 7 h 30 à 16 h, "
                "trois jours par semaine en entreprise et deux jours au CEFA."
            ),
            "requirements": (
                "Élève en électricité (CEFA ou 5e-6e professionnelle). Ponctuel·le, "
                "soigneux·se et à l'aise en hauteur. Notions de lecture de schémas."
            ),
            "commune": "anderlecht",
            "hours_per_week": 24,
            "pay": (None, None, ""),
            "places": 2,
            "languages": [("fr", "intermediate")],
            "state": "published",
            "days_ago": 3,
        },
        {
            "title": "Stage : technicien·ne en domotique",
            "language": "fr",
            "kind": ContractKind.INTERNSHIP,
            "tracks": ["technicien-electronique", "electricien-automaticien"],
            "need": "Technicien·ne en domotique",
            "description": (
                "Stage de huit semaines au sein de notre service domotique : programmation "
                "de modules KNX, installation de capteurs et d'interrupteurs connectés, "
                "mise en service chez des particuliers avec un technicien expérimenté."
            ),
            "requirements": "Intérêt pour l'informatique et l'électronique. Curiosité.",
            "commune": "anderlecht",
            "hours_per_week": 38,
            "pay": (None, None, ""),
            "places": 1,
            "languages": [("fr", "intermediate"), ("nl", "basic")],
            "state": "published",
            "days_ago": 12,
        },
        {
            "title": "Elektricien (m/v/x) – vast contract",
            "language": "nl",
            "kind": ContractKind.PERMANENT,
            "tracks": ["electricien-automaticien"],
            "description": (
                "Voor onze projecten in Brussel en Vlaams-Brabant zoeken we een "
                "elektricien. Je plaatst installaties in woningen en kantoren, je zoekt "
                "storingen op en je werkt samen met een vaste ploeg.\n\n"
                "Wij bieden een vast contract, een bedrijfswagen na de proefperiode en "
                "opleidingen tijdens de werkuren."
            ),
            "requirements": (
                "Diploma elektriciteit (BSO of TSO). Rijbewijs B is een pluspunt. "
                "Basiskennis Frans."
            ),
            "commune": "outside",
            "postcode": "1600",
            "hours_per_week": 38,
            "pay": ("15.50", "18.00", Offer.PayPeriod.HOUR),
            "places": 1,
            "languages": [("nl", "fluent"), ("fr", "basic")],
            "state": "published",
            "days_ago": 1,
        },
        {
            "title": "Installateur·rice de panneaux solaires (CDD)",
            "language": "fr",
            "kind": ContractKind.FIXED_TERM,
            "tracks": ["electricien-automaticien", "couvreur-etancheur"],
            "description": (
                "Contrat de six mois pour notre saison d'installations photovoltaïques : "
                "pose des panneaux en toiture, câblage jusqu'à l'onduleur, contrôle de "
                "l'installation avec le chef d'équipe."
            ),
            "requirements": "Pas de vertige. Formation sécurité assurée par l'entreprise.",
            "commune": "anderlecht",
            "hours_per_week": 38,
            "pay": ("2300", "2600", Offer.PayPeriod.MONTH),
            "places": 2,
            "languages": [("fr", "intermediate")],
            "state": "pending",
        },
    ],
    "boulangerie-des-marolles": [
        {
            "title": "Apprenti·e boulanger·ère – pâtissier·ère",
            "language": "fr",
            "kind": ContractKind.ALTERNANCE,
            "tracks": ["boulanger-patissier"],
            "need": "Apprenti·e boulanger·ère",
            "description": (
                "Notre boulangerie artisanale des Marolles cherche un·e apprenti·e. Vous "
                "apprenez le pétrissage, le façonnage et la cuisson des pains au levain, "
                "puis les viennoiseries et les tartes.\n\n"
                "Le travail commence tôt (5 h) et finit à 12 h 30 ; les dimanches sont "
                "en alternance."
            ),
            "requirements": "Élève en boulangerie-pâtisserie. Goût du travail bien fait.",
            "commune": "bruxelles",
            "hours_per_week": 30,
            "pay": (None, None, ""),
            "places": 1,
            "languages": [("fr", "intermediate")],
            "state": "published",
            "days_ago": 5,
        },
        {
            "title": "Vendeur·euse en boulangerie – job étudiant",
            "language": "fr",
            "kind": ContractKind.STUDENT_JOB,
            "tracks": ["vendeur", "vendeur-cefa"],
            "description": (
                "Le samedi et le dimanche matin, vous accueillez la clientèle, conseillez "
                "sur nos pains et pâtisseries, tenez la caisse et veillez à la propreté "
                "du comptoir."
            ),
            "requirements": "Sourire, politesse et sens du contact. Dès 16 ans.",
            "commune": "bruxelles",
            "hours_per_week": 12,
            "pay": ("12.50", None, Offer.PayPeriod.HOUR),
            "places": 2,
            "languages": [("fr", "fluent"), ("nl", "basic")],
            "state": "published",
            "days_ago": 8,
        },
        {
            "title": "Pâtissier·ère (CDI)",
            "language": "fr",
            "kind": ContractKind.PERMANENT,
            "tracks": ["boulanger-patissier"],
            "description": (
                "Nous agrandissons l'atelier : vous préparez les entremets, les tartes et "
                "les petits gâteaux de la vitrine, avec notre cheffe pâtissière."
            ),
            "requirements": "Diplôme en boulangerie-pâtisserie ; une première expérience.",
            "commune": "bruxelles",
            "hours_per_week": 38,
            "pay": (None, None, ""),
            "places": 1,
            "languages": [("fr", "fluent")],
            "state": "draft",
        },
    ],
    "garage-du-canal": [
        {
            "title": "Stagiaire mécanicien·ne automobile",
            "language": "fr",
            "kind": ContractKind.INTERNSHIP,
            "tracks": ["mecanicien-automobile"],
            "need": "Mécanicien·ne automobile",
            "description": (
                "Au garage, vous participez à l'entretien et à la réparation des voitures "
                "de nos clients : vidanges, freins, pneus, diagnostic électronique, "
                "préparation au contrôle technique."
            ),
            "requirements": "Élève en mécanique automobile. Respect des consignes de sécurité.",
            "commune": "molenbeek-saint-jean",
            "hours_per_week": 38,
            "pay": (None, None, ""),
            "places": 2,
            "languages": [("fr", "intermediate")],
            "state": "published",
            "days_ago": 2,
        },
        {
            "title": "Carrossier·ère – stage de fin d'études",
            "language": "fr",
            "kind": ContractKind.INTERNSHIP,
            "tracks": ["carrossier"],
            "need": "Carrossier·ère",
            "description": (
                "Redressage de tôles, remplacement d'éléments, préparation des surfaces "
                "avant peinture : vous travaillez à l'atelier carrosserie avec deux "
                "carrossiers confirmés."
            ),
            "requirements": "Élève en carrosserie, 6e ou 7e professionnelle.",
            "commune": "molenbeek-saint-jean",
            "hours_per_week": 38,
            "pay": (None, None, ""),
            "places": 1,
            "languages": [],
            "state": "published",
            "days_ago": 20,
        },
        {
            "title": "Car mechanic – temporary contract",
            "language": "en",
            "kind": ContractKind.INTERIM,
            "tracks": ["mecanicien-automobile"],
            "description": (
                "Our garage by the canal services a fleet of delivery vans. Through a "
                "temporary agency, we are looking for a mechanic for three months: "
                "maintenance, brakes, tyres and simple electrical repairs.\n\n"
                "The workshop team speaks French, Dutch and English."
            ),
            "requirements": "Vocational diploma in car mechanics. Driving licence B.",
            "commune": "molenbeek-saint-jean",
            "hours_per_week": 38,
            "pay": ("14.80", "16.20", Offer.PayPeriod.HOUR),
            "places": 1,
            "languages": [("en", "intermediate"), ("fr", "basic")],
            "state": "published",
            "days_ago": 4,
        },
    ],
    "maison-de-repos-les-tilleuls": [
        {
            "title": "Aide familial·e (CDI, temps partiel)",
            "language": "fr",
            "kind": ContractKind.PERMANENT,
            "tracks": ["aide-familial", "aide-soignant"],
            "need": "Aide familial·e",
            "description": (
                "Dans notre maison de repos d'Uccle, vous accompagnez les résident·es dans "
                "les gestes du quotidien : repas, toilette, promenades et activités. Vous "
                "travaillez en équipe avec les soignant·es et l'animatrice."
            ),
            "requirements": (
                "Diplôme d'aide familial·e ou d'aide-soignant·e. Patience, douceur et discrétion."
            ),
            "commune": "uccle",
            "hours_per_week": 30,
            "pay": ("2100", "2400", Offer.PayPeriod.MONTH),
            "places": 2,
            "languages": [("fr", "fluent"), ("nl", "basic")],
            "state": "published",
            "days_ago": 6,
        },
        {
            "title": "Zorgkundige – studentenjob in het weekend",
            "language": "nl",
            "kind": ContractKind.STUDENT_JOB,
            "tracks": ["aide-soignant", "aide-familial"],
            "description": (
                "Tijdens het weekend help je onze bewoners bij de maaltijden, de "
                "verzorging en de activiteiten. Je werkt altijd samen met een ervaren "
                "zorgkundige."
            ),
            "requirements": "Leerling in de zorg. Vriendelijk en geduldig.",
            "commune": "uccle",
            "hours_per_week": 16,
            "pay": ("13.00", None, Offer.PayPeriod.HOUR),
            "places": 3,
            "languages": [("nl", "fluent"), ("fr", "intermediate")],
            "state": "published",
            "days_ago": 9,
        },
    ],
}


def _log(*, actor, action: str, target, at) -> None:
    """An audit entry dated in the past, as moderation would have left it."""
    entry = audit.record(actor=actor, action=action, target=target)
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=at)


def _create_offer(company: Company, spec: dict, now, *, staff=None) -> Offer:
    pay_min, pay_max, pay_period = spec["pay"]
    offer = Offer(
        company=company,
        need=company.needs.filter(title=spec["need"]).first() if spec.get("need") else None,
        title=spec["title"],
        language=spec["language"],
        kind=spec["kind"],
        description=spec["description"],
        requirements=spec["requirements"],
        commune=spec["commune"],
        postcode=spec.get("postcode", ""),
        start_date=timezone.localdate() + timedelta(days=30),
        hours_per_week=spec["hours_per_week"],
        pay_min=pay_min,
        pay_max=pay_max,
        pay_period=pay_period,
        places=spec["places"],
    )
    if spec["state"] == "published":
        published = now - timedelta(days=spec["days_ago"])
        offer.status = Offer.Status.PUBLISHED
        offer.submitted_at = published - timedelta(days=1)
        offer.published_at = published
        offer.expires_at = published + timedelta(days=offer.publication_days)
    elif spec["state"] == "pending":
        offer.status = Offer.Status.PENDING
        offer.submitted_at = now - timedelta(hours=20)
    offer.save()
    if offer.submitted_at:
        _log(actor=None, action="offer.submit", target=offer, at=offer.submitted_at)
    if offer.published_at:
        _log(actor=staff, action="offer.publish", target=offer, at=offer.published_at)
    offer.tracks.set(Track.objects.filter(slug__in=spec["tracks"]))
    OfferLanguage.objects.bulk_create(
        OfferLanguage(offer=offer, language=language, level=level)
        for language, level in spec["languages"]
    )
    return offer


@transaction.atomic
def load_demo_offers(accounts: dict) -> None:
    now = timezone.now()
    for slug, specs in DEMO_OFFERS.items():
        company = Company.objects.filter(slug=slug).first()
        if company is None or company.offers.exists():
            continue
        for spec in specs:
            _create_offer(company, spec, now, staff=accounts.get("staff"))
    _apply_demo_student(accounts, now)


# The demo student's applications: (offer title, status, days ago sent, days ago closed).
DEMO_APPLICATIONS = [
    ("Électricien·ne de chantier en alternance", Application.Status.SHORTLISTED, 2, None),
    ("Stage : technicien·ne en domotique", Application.Status.SUBMITTED, 5, None),
    ("Vendeur·euse en boulangerie – job étudiant", Application.Status.HIRED, 7, 2),
]


# Each demo application's history, step by step (the moves the pipeline allows).
DEMO_PATHS = {
    Application.Status.SUBMITTED: ["submitted"],
    Application.Status.SHORTLISTED: ["submitted", "viewed", "shortlisted"],
    Application.Status.HIRED: ["submitted", "viewed", "offered", "hired"],
}


def _apply_demo_student(accounts: dict, now) -> None:
    """A few applications, so that the company's pipeline, the student's list and the
    staff dashboard have something to show."""
    user = accounts.get("student")
    student = StudentProfile.objects.filter(user=user).first() if user else None
    if student is None or student.applications.exists():
        return
    for title, status, sent_days_ago, closed_days_ago in DEMO_APPLICATIONS:
        offer = Offer.objects.filter(title=title).first()
        if offer is None:
            continue
        sent = now - timedelta(days=sent_days_ago)
        application = Application.objects.create(
            offer=offer, student=student, message="Bonjour, votre offre m'intéresse beaucoup."
        )
        with contextlib.suppress(ApplicationRefused):  # no CV: no copy
            _store_cv_copy(application, student=student, cv_upload=None)
        closed = now - timedelta(days=closed_days_ago) if closed_days_ago else None
        Application.objects.filter(pk=application.pk).update(
            status=status, created_at=sent, closed_at=closed
        )
        # The history, one step a day from the sending, the last one on the closing.
        path = DEMO_PATHS[status]
        dates = [sent + timedelta(days=step) for step in range(len(path))]
        if closed:
            dates[-1] = closed
        ApplicationEvent.objects.bulk_create(
            ApplicationEvent(
                application=application, from_status=before, to_status=after, created_at=at
            )
            for before, after, at in zip(["", *path], path, dates, strict=False)
        )
