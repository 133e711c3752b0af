"""Site pages render, styled and translated, in the three languages."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from campus_portal.models import SchoolOffice

LANGUAGES = ["fr", "nl", "en"]


def in_language(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("url_name", "text"),
    [
        ("home", "Ton métier commence ici."),
        ("account_login", "Se connecter"),
        ("account_signup", "Je suis élève ou diplômé·e"),
        ("campus", "Le Campus des Arts et Métiers"),
        ("help", "Contacter le secrétariat"),
        ("privacy", "Qui voit vos données"),
        ("accessibility", "Déclaration d'accessibilité"),
    ],
)
def test_page_renders_in_each_language(client, language, url_name, text):
    with translation.override(language):
        url = reverse(url_name)
    assert url.startswith(f"/{language}/")
    response = client.get(url)
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    assert f'<html lang="{language}">' in content
    assert "bootstrap/css/bootstrap.min.css" in content
    translated = in_language(text, language)
    if language != "fr":
        assert translated != text, f"{text!r} has no {language} translation"
    assert translated in content


@pytest.mark.django_db
def test_no_page_loads_anything_from_another_site(client):
    for url in ["/fr/", "/fr/accounts/signup/", "/fr/accounts/login/", "/fr/help/"]:
        content = client.get(url).content.decode()
        assert "cdn." not in content
        assert 'src="http' not in content
        assert 'href="http' not in content.replace('href="http://testserver', "")


def test_root_redirects_to_french_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/fr/"


def test_root_redirects_to_the_browser_language(client):
    response = client.get("/", headers={"accept-language": "nl-BE,nl;q=0.9,en;q=0.5"})
    assert response.url == "/nl/"


def test_root_prefers_the_language_cookie_to_the_browser(client):
    client.cookies["campus_language"] = "en"
    response = client.get("/", headers={"accept-language": "nl"})
    assert response.url == "/en/"


@pytest.mark.django_db
def test_help_page_shows_the_office_facts_staff_entered(client):
    assert "pas encore été publiées" in client.get("/fr/help/").content.decode()
    SchoolOffice.objects.create(
        name="Secrétariat du campus",
        street="Rue Exemple 1",
        postcode="1000",
        city="Bruxelles",
        phone="02 000 00 00",
        opening_hours_fr="Du lundi au vendredi",
        opening_hours_nl="Maandag tot vrijdag",
    )
    content = client.get("/fr/help/").content.decode()
    assert "Rue Exemple 1" in content
    assert 'href="tel:020000000"' in content
    assert "Du lundi au vendredi" in content
    assert "Maandag tot vrijdag" in client.get("/nl/help/").content.decode()


@pytest.mark.django_db
def test_area_pages_greet_the_user_in_the_page_language(client, student):
    client.force_login(student)
    assert "Bonjour Inès" in client.get("/fr/me/").content.decode()
    greeting = in_language("Bonjour %(name)s", "nl") % {"name": "Inès"}
    assert greeting != "Bonjour Inès"
    assert greeting in client.get("/nl/me/").content.decode()
