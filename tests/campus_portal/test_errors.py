"""Error pages are styled, translated and answer with the right status."""

import pytest
from django.test import Client
from django.urls import path
from django.utils import translation


def crash(request):
    raise RuntimeError("boom")


urlpatterns = [path("crash/", crash)]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_404_page_is_styled_and_translated(client, language):
    response = client.get(f"/{language}/nowhere/")
    assert response.status_code == 404
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    with translation.override(language):
        assert translation.gettext("Page introuvable") in content


@pytest.mark.django_db
def test_csrf_failure_page_explains_what_to_do():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/nl/accounts/login/", {"login": "a@b.be", "password": "x"})
    assert response.status_code == 403
    with translation.override("nl"):
        assert translation.gettext("Formulaire expiré") in response.content.decode()


@pytest.mark.django_db
def test_403_page_for_the_wrong_role(client, recruiter):
    client.force_login(recruiter)
    response = client.get("/fr/me/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


@pytest.mark.django_db
def test_500_page_is_standalone_and_styled(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/crash/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Erreur du serveur" in content
    assert "portal.css" in content


@pytest.mark.django_db
def test_400_page_for_a_bad_request(client):
    response = client.get("/fr/", headers={"host": "not-our-host.example"})
    assert response.status_code == 400
    assert "Demande incorrecte" in response.content.decode()
