"""The language switcher: same page, remembered on the account, used on the admin and in mail."""

import pytest

from campus_portal.models import User


@pytest.mark.django_db
def test_switcher_keeps_the_visitor_on_the_same_page(client):
    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/fr/help/"})
    assert response.status_code == 302
    assert response.url == "/nl/help/"
    assert response.cookies["campus_language"].value == "nl"


@pytest.mark.django_db
def test_switcher_keeps_query_strings_and_refuses_foreign_targets(client):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/fr/accounts/login/?next=/fr/me/"}
    )
    assert response.url == "/en/accounts/login/?next=/fr/me/"
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert not response.url.startswith("https://evil.example")


@pytest.mark.django_db
def test_switcher_stores_the_users_preferred_language(client, student):
    client.force_login(student)
    client.post("/i18n/setlang/", {"language": "en", "next": "/fr/me/"})
    student.refresh_from_db()
    assert student.preferred_language == "en"


@pytest.mark.django_db
def test_unknown_language_changes_nothing(client, student):
    client.force_login(student)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/fr/me/"})
    assert User.objects.get(pk=student.pk).preferred_language == "fr"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_admin_speaks_the_staff_members_language(client, staff, language):
    from django.utils import translation

    staff.preferred_language = language
    staff.save()
    client.force_login(staff)
    with translation.override(language):
        expected = translation.gettext("Gestion du portail")
    content = client.get("/admin/", headers={"accept-language": "fr"}).content.decode()
    assert f'lang="{language}"' in content
    assert expected in content
