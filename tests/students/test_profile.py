"""Student onboarding: the profile form, its checks, the progress shown and the September banner."""

import datetime

import pytest
from django.urls import reverse

from students.models import StudentProfile, current_school_year
from tests.students.factories import StudentFactory, TrackFactory


def profile_data(the_track, **overrides):
    data = {
        "track": the_track.pk,
        "status": "year6",
        "graduation_year": "",
        "date_of_birth": "2009-03-14",
        "contract_kinds": ["internship", "alternance"],
        "available_from": "",
        "availability_note": "Le mercredi après-midi",
        "driving_licence": "none",
        "skills": "Soudure, lecture de plans",
        "presentation": "J'aime le travail bien fait.",
        "phone": "0470 12 34 56",
        "languages-TOTAL_FORMS": "2",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "12",
        "languages-0-language": "fr",
        "languages-0-level": "native",
        "languages-1-language": "nl",
        "languages-1-level": "basic",
    }
    data.update(overrides)
    return data


@pytest.fixture
def track(db):
    return TrackFactory()


def test_new_student_lands_on_the_profile_form_after_login(client, track):
    profile = StudentFactory()
    response = client.post(
        reverse("account_login"),
        {"login": profile.user.email, "password": "correct-horse-battery-staple"},
    )
    assert response.url == reverse("students:profile_edit")


def test_complete_student_lands_on_the_area(client, db):
    profile = StudentFactory(complete=True)
    response = client.post(
        reverse("account_login"),
        {"login": profile.user.email, "password": "correct-horse-battery-staple"},
    )
    assert response.url == reverse("students:area")


def test_filling_the_profile_saves_everything_and_asks_for_the_cv(client, student, track):
    client.force_login(student)
    response = client.post(reverse("students:profile_edit"), profile_data(track))
    assert response.status_code == 302
    assert response.url == reverse("students:cv_manage")
    profile = StudentProfile.objects.get(user=student)
    assert profile.track == track
    assert profile.contract_kinds == ["internship", "alternance"]
    assert [str(language) for language in profile.languages.all()] == [
        "Français (Langue maternelle)",
        "Néerlandais (Notions)",
    ]
    assert profile.confirmed_school_year == current_school_year()
    assert profile.missing_fields() == ["ton CV"]
    assert profile.completeness == 83


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"date_of_birth": "2030-01-01"},
            "date_of_birth",
            "La date de naissance doit être dans le passé.",
        ),
        ({"date_of_birth": "1900-01-01"}, "date_of_birth", "Vérifie ta date de naissance"),
        ({"date_of_birth": "pas une date"}, "date_of_birth", "Saisissez une date valide."),
        ({"status": "graduate"}, "graduation_year", "Indique l'année de ton diplôme."),
        ({"status": "graduate", "graduation_year": "1850"}, "graduation_year", "entre 1970 et"),
        ({"phone": "appelle-moi"}, "phone", "Entre un numéro de téléphone"),
        ({"track": "999999"}, "track", "Sélectionnez un choix valide."),
        ({"contract_kinds": ["astronaut"]}, "contract_kinds", "Sélectionnez un choix valide."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_kept(
    client, student, track, overrides, field, message
):
    client.force_login(student)
    response = client.post(reverse("students:profile_edit"), profile_data(track, **overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    content = response.content.decode()
    assert "Soudure, lecture de plans" in content  # what was typed is kept
    assert StudentProfile.objects.get(user=student).track is None


def test_a_language_twice_is_refused(client, student, track):
    client.force_login(student)
    data = profile_data(track, **{"languages-1-language": "fr", "languages-1-level": "fluent"})
    response = client.post(reverse("students:profile_edit"), data)
    assert response.status_code == 200
    assert "Cette langue est déjà dans ta liste." in response.content.decode()


def test_other_language_needs_its_name(client, student, track):
    client.force_login(student)
    data = profile_data(track, **{"languages-1-language": "other", "languages-1-level": "fluent"})
    response = client.post(reverse("students:profile_edit"), data)
    assert "Indique de quelle langue il s&#x27;agit." in response.content.decode()
    data["languages-1-other_name"] = "Lingala"
    response = client.post(reverse("students:profile_edit"), data)
    assert response.status_code == 302
    assert "Lingala (Courant)" in [
        str(lang) for lang in StudentProfile.objects.get(user=student).languages.all()
    ]


def test_graduation_year_is_dropped_for_a_pupil(client, student, track):
    client.force_login(student)
    client.post(reverse("students:profile_edit"), profile_data(track, graduation_year="2024"))
    assert StudentProfile.objects.get(user=student).graduation_year is None


def test_the_area_shows_progress_and_what_is_missing(client, student):
    client.force_login(student)
    content = client.get(reverse("students:area")).content.decode()
    assert "Profil complété à 0 %" in content
    assert "ta filière" in content
    assert 'value="0"' in content


def test_september_banner_until_the_year_is_confirmed(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    profile = StudentFactory(complete=True, confirmed_school_year=current_school_year() - 1)
    client.force_login(profile.user)
    banner = "Nouvelle année scolaire"
    assert banner in client.get("/fr/tracks/").content.decode()
    response = client.post(reverse("students:confirm_year"), {"next": "/fr/tracks/"})
    assert response.url == "/fr/tracks/"
    profile.refresh_from_db()
    assert profile.confirmed_school_year == current_school_year()
    assert banner not in client.get("/fr/tracks/").content.decode()


def test_confirm_year_never_redirects_elsewhere(client, db):
    profile = StudentFactory(complete=True)
    client.force_login(profile.user)
    response = client.post(reverse("students:confirm_year"), {"next": "https://evil.example/"})
    assert response.url == reverse("students:area")


def test_graduates_get_no_banner(client, db):
    profile = StudentFactory(complete=True, status="graduate", graduation_year=2024)
    client.force_login(profile.user)
    assert not profile.needs_year_confirmation
    assert "Nouvelle année scolaire" not in client.get("/fr/me/").content.decode()


def test_school_year_starts_in_september():
    assert current_school_year(datetime.date(2026, 8, 31)) == 2025
    assert current_school_year(datetime.date(2026, 9, 1)) == 2026


def test_september_reminder_is_sent_once_per_school_year_in_the_students_language(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    pupil = StudentFactory(complete=True, confirmed_school_year=current_school_year() - 1)
    pupil.user.preferred_language = "nl"
    pupil.user.save()
    StudentFactory(complete=True, confirmed_school_year=current_school_year())
    StudentFactory(complete=True, status="graduate", graduation_year=2023)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_school_year", verbosity=0)
        call_command("remind_school_year", verbosity=0)
    assert [message.to for message in mailoutbox] == [[pupil.user.email]]
    assert "/nl/me/profile/" in mailoutbox[0].body
