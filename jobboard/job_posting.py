"""The schema.org `JobPosting` of a listed offer, as JSON-LD for search engines."""

import json
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

from companies.communes import Commune
from jobboard.models import Offer
from students.models import ContractKind

EMPLOYMENT_TYPES = {
    ContractKind.PERMANENT: "FULL_TIME",
    ContractKind.FIXED_TERM: "TEMPORARY",
    ContractKind.INTERIM: "TEMPORARY",
    ContractKind.INTERNSHIP: "INTERN",
    ContractKind.ALTERNANCE: "INTERN",  # work-based learning: the nearest schema.org kind
    ContractKind.STUDENT_JOB: "PART_TIME",
}

# The postcode of each commune's centre, for offers that give a Brussels commune only.
COMMUNE_POSTCODES = {
    Commune.ANDERLECHT: "1070",
    Commune.AUDERGHEM: "1160",
    Commune.BERCHEM: "1082",
    Commune.BRUXELLES: "1000",
    Commune.ETTERBEEK: "1040",
    Commune.EVERE: "1140",
    Commune.FOREST: "1190",
    Commune.GANSHOREN: "1083",
    Commune.IXELLES: "1050",
    Commune.JETTE: "1090",
    Commune.KOEKELBERG: "1081",
    Commune.MOLENBEEK: "1080",
    Commune.SAINT_GILLES: "1060",
    Commune.SAINT_JOSSE: "1210",
    Commune.SCHAERBEEK: "1030",
    Commune.UCCLE: "1180",
    Commune.WATERMAEL: "1170",
    Commune.WOLUWE_SL: "1200",
    Commune.WOLUWE_SP: "1150",
}

# What `django.utils.html.json_script` escapes, so that the text cannot end the element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

SALARY_UNITS = {Offer.PayPeriod.HOUR: "HOUR", Offer.PayPeriod.MONTH: "MONTH"}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def job_posting(offer: Offer, *, absolute_url, tracks=None) -> dict:
    """The JobPosting of `offer`; `absolute_url(path)` makes a full URL, `tracks` are the
    offer's tracks if already fetched."""
    company = offer.company
    tracks = list(offer.tracks.all() if tracks is None else tracks)
    organisation = {"@type": "Organization", "name": company.name}
    if company.website:
        organisation["sameAs"] = company.website
    if company.logo:
        organisation["logo"] = absolute_url(company.logo.url)

    address = {"@type": "PostalAddress", "addressCountry": "BE"}
    if offer.commune != Commune.OUTSIDE:
        address["addressLocality"] = offer.get_commune_display()
        address["addressRegion"] = "Bruxelles-Capitale"
    postcode = offer.postcode or COMMUNE_POSTCODES.get(offer.commune, "")
    if postcode:
        address["postalCode"] = postcode

    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": offer.title,
        "description": offer.description,
        "datePosted": offer.published_at.date().isoformat() if offer.published_at else None,
        "validThrough": offer.expires_at.isoformat() if offer.expires_at else None,
        "employmentType": EMPLOYMENT_TYPES.get(offer.kind, "OTHER"),
        "hiringOrganization": organisation,
        "jobLocation": {"@type": "Place", "address": address},
        "url": absolute_url(offer.get_absolute_url()),
        "directApply": True,
        "totalJobOpenings": offer.places,
    }
    if offer.requirements:
        data["qualifications"] = offer.requirements
    if offer.hours_per_week:
        data["workHours"] = f"{offer.hours_per_week} h/semaine"
    isco = next((track.isco_code for track in tracks if track.isco_code), "")
    if isco:
        data["occupationalCategory"] = f"ISCO-08 {isco}"
    if offer.pay_min is not None or offer.pay_max is not None:
        value = {"@type": "QuantitativeValue"}
        if (
            offer.pay_min is not None
            and offer.pay_max is not None
            and offer.pay_min != offer.pay_max
        ):
            value["minValue"] = _number(offer.pay_min)
            value["maxValue"] = _number(offer.pay_max)
        else:
            value["value"] = _number(offer.pay_min if offer.pay_min is not None else offer.pay_max)
        if offer.pay_period in SALARY_UNITS:
            value["unitText"] = SALARY_UNITS[offer.pay_period]
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    return {key: value for key, value in data.items() if value is not None}


def as_json_ld(data: dict) -> SafeString:
    """JSON safe to put inside a `<script>` element, escaped as `json_script` does."""
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - <, > and & are escaped above
