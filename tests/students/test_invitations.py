"""Class invitations: staff upload a class list, each pupil creates a prefilled account."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campus_portal import audit
from campus_portal.models import AuditEntry, User
from students.invitations import (
    erase_invitations,
    export_invitations,
    remove_stale_invitations,
)
from students.models import ClassInvitation, StudentProfile, current_school_year
from tests.factories import UserFactory
from tests.students.factories import TrackFactory

UPLOAD_URL = "/admin/students/classinvitation/upload/"
STRONG_PASSWORD = "lampe-verte-tournevis-42"


@pytest.fixture
def tracks(db):
    return {
        "electricite": TrackFactory(slug="electricite", name_fr="Électricien automaticien"),
        "menuiserie": TrackFactory(slug="menuiserie", name_fr="Menuisier"),
    }


def upload(client, content: bytes, capture, language="fr"):
    with capture(execute=True):
        return client.post(
            UPLOAD_URL,
            {"file": SimpleUploadedFile("classe.csv", content, "text/csv"), "language": language},
        )


def make_invitation(**fields):
    return ClassInvitation.objects.create(
        **{
            "email": "amina@example.be",
            "first_name": "Amina",
            "last_name": "Benali",
            "track": fields.pop("track", None) or TrackFactory(),
            "status_year": StudentProfile.Status.YEAR_6,
            **fields,
        }
    )


def accept(client, invitation, **data):
    return client.post(
        invitation.get_absolute_url(),
        {
            "first_name": invitation.first_name,
            "last_name": invitation.last_name,
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
            **data,
        },
    )


def link_in(message) -> str:
    return urlparse(re.search(r"https?://\S+/join/\S+/", message.body).group()).path


CLASS_LIST = (
    "\ufeffprénom;nom;email;track;year\n"  # French headings, BOM and ";" as Excel writes them
    "Amina;Benali;amina@example.be;electricite;5\n"
    "Lucas;Peeters;Lucas.Peeters@Example.be;MENUISIER;diplômé 2025\n"
    "Sara;Ndiaye;pas-une-adresse;electricite;6\n"
    "Tom;Janssens;tom@example.be;plomberie;6\n"
    "Amina;Benali;AMINA@example.be;electricite;5\n"
    "Déjà;Inscrite;deja@example.be;electricite;7\n"
    "Noor;El Amrani;noor@example.be;electricite;8\n"
    ";Sans prénom;vide@example.be;electricite;cefa\n"
    "\n"
)


def test_upload_invites_the_class_and_reports_what_it_skipped(
    client, staff, tracks, django_capture_on_commit_callbacks, mailoutbox
):
    UserFactory(email="deja@example.be")
    client.force_login(staff)

    response = upload(
        client, CLASS_LIST.encode(), django_capture_on_commit_callbacks, language="nl"
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "2 invitations envoyées" in page
    assert "1 adresse a déjà un compte" in page
    assert "5 lignes refusées" in page
    assert "<td>4</td><td>pas-une-adresse</td><td>Adresse e-mail invalide" in page
    assert "<td>5</td><td>tom@example.be</td><td>Filière inconnue : « plomberie »" in page
    assert "<td>6</td><td>AMINA@example.be</td><td>Adresse déjà présente à la ligne 2" in page
    assert "<td>8</td><td>noor@example.be</td><td>Année inconnue : « 8 »" in page
    assert "<td>9</td><td>vide@example.be</td><td>Prénom ou nom manquant." in page
    assert "<li>deja@example.be</li>" in page

    amina = ClassInvitation.objects.get(email="amina@example.be")
    assert (amina.track, amina.status_year, amina.graduation_year) == (
        tracks["electricite"],
        StudentProfile.Status.YEAR_5,
        None,
    )
    lucas = ClassInvitation.objects.get(email="lucas.peeters@example.be")
    assert (lucas.track, lucas.status_year, lucas.graduation_year) == (
        tracks["menuiserie"],
        StudentProfile.Status.GRADUATE,
        2025,
    )
    assert ClassInvitation.objects.count() == 2
    assert {invitation.language for invitation in ClassInvitation.objects.all()} == {"nl"}

    # One email each, nothing for the existing account; links lead to the Dutch pages.
    assert sorted(message.to[0] for message in mailoutbox) == [
        "amina@example.be",
        "lucas.peeters@example.be",
    ]
    to_amina = next(message for message in mailoutbox if message.to == ["amina@example.be"])
    assert "Amina" in to_amina.body
    assert link_in(to_amina) == f"/nl/join/{amina.token}/"
    assert amina.expires_at.strftime("%Y") in to_amina.body

    entry = AuditEntry.objects.get(action="class.invite")
    assert entry.actor == staff
    assert entry.reason.startswith("2 invitations")

    # The link works for the pupil.
    client.logout()
    response = client.get(link_in(to_amina))
    assert response.status_code == 200
    assert "Amina" in response.content.decode()


def test_a_new_upload_sends_a_new_link_and_the_old_one_stops_working(
    client, staff, tracks, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(staff)
    content = b"first_name,last_name,email,track,year\nAmina,Benali,amina@example.be,electricite,6"
    upload(client, content, django_capture_on_commit_callbacks)
    old_link = link_in(mailoutbox[0])

    response = upload(client, content, django_capture_on_commit_callbacks)

    assert "1 invitation renvoyée avec un nouveau lien" in response.content.decode()
    assert ClassInvitation.objects.count() == 1
    new_link = link_in(mailoutbox[1])
    assert new_link != old_link
    client.logout()
    assert client.get(old_link).status_code == 404
    assert client.get(new_link).status_code == 200


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("prénom;nom\nAmina;Benali\n".encode("latin-1"), "pas encodé en UTF-8"),
        (b"first_name,last_name,email\nAmina,Benali,amina@example.be\n", "Colonnes manquantes"),
        (b"", "est vide."),
        ("\ufeff\n \n".encode(), "Le fichier est vide."),
        (b"first_name,last_name,email,track,year\n", "aucun élève"),
        (b"first_name,last_name,email,track,year\n" + b"x" * 1024 * 1024, "dépasse 1 Mo"),
        (
            b"first_name,last_name,email,track,year\n"
            + b"".join(b"A,B,p%d@example.be,electricite,5\n" % n for n in range(1001)),
            "plus de 1000 lignes",
        ),
    ],
    ids=["not-utf8", "missing-columns", "empty", "blank", "no-rows", "too-big", "too-many-rows"],
)
def test_an_unusable_file_creates_nothing(
    client, staff, tracks, django_capture_on_commit_callbacks, mailoutbox, content, message
):
    client.force_login(staff)

    response = upload(client, content, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ClassInvitation.objects.exists()
    assert not mailoutbox
    assert not AuditEntry.objects.exists()


def test_staff_without_the_permission_cannot_upload(client, db):
    clerk = UserFactory(is_staff=True)
    client.force_login(clerk)

    assert client.get(UPLOAD_URL).status_code == 403

    clerk.user_permissions.add(Permission.objects.get(codename="add_classinvitation"))
    clerk = User.objects.get(pk=clerk.pk)  # no cached permissions
    client.force_login(clerk)
    assert client.get(UPLOAD_URL).status_code == 200


def test_the_changelist_links_to_the_upload(client, staff):
    client.force_login(staff)

    response = client.get(reverse("admin:students_classinvitation_changelist"))

    assert UPLOAD_URL in response.content.decode()
    assert "Inviter une classe (CSV)" in response.content.decode()


@pytest.mark.parametrize(
    ("status_year", "graduation_year", "confirmed_school_year"),
    [
        (StudentProfile.Status.YEAR_6, None, current_school_year()),
        (StudentProfile.Status.GRADUATE, 2024, None),
    ],
)
def test_accepting_creates_a_prefilled_account_and_logs_in(
    client, db, status_year, graduation_year, confirmed_school_year
):
    invitation = make_invitation(
        status_year=status_year, graduation_year=graduation_year, language="nl"
    )

    response = accept(client, invitation, first_name="Aminata")

    assert response.status_code == 302
    assert response["Location"] == reverse("students:profile_edit")
    user = User.objects.get(email="amina@example.be")
    assert (user.first_name, user.last_name, user.preferred_language) == (
        "Aminata",
        "Benali",
        "nl",
    )
    assert user.check_password(STRONG_PASSWORD)
    assert EmailAddress.objects.filter(
        user=user, email="amina@example.be", verified=True, primary=True
    ).exists()
    profile = user.student_profile
    assert (
        profile.track,
        profile.status,
        profile.graduation_year,
        profile.confirmed_school_year,
    ) == (invitation.track, status_year, graduation_year, confirmed_school_year)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.user == user
    # Logged in: the student area opens.
    assert client.get(reverse("students:area")).status_code == 200


def test_a_used_link_is_not_found(client, db):
    invitation = make_invitation()
    accept(client, invitation)

    assert client.get(invitation.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(invitation.get_absolute_url()).status_code == 404
    assert accept(client, invitation).status_code == 404
    assert User.objects.filter(email="amina@example.be").count() == 1


def test_an_expired_link_is_not_found(client, db):
    invitation = make_invitation(expires_at=timezone.now() - timedelta(minutes=1))

    assert client.get(invitation.get_absolute_url()).status_code == 404
    assert accept(client, invitation).status_code == 404
    assert not User.objects.filter(email="amina@example.be").exists()


@pytest.mark.parametrize(
    ("password1", "password2", "error"),
    [
        ("12345678", "12345678", "Ce mot de passe est trop courant."),
        (STRONG_PASSWORD, STRONG_PASSWORD + "x", "Les deux mots de passe ne correspondent pas."),
        ("amina.benali", "amina.benali", "trop semblable"),
    ],
    ids=["common", "mismatch", "like-the-name"],
)
def test_a_refused_password_creates_nothing_and_keeps_the_names(
    client, db, password1, password2, error
):
    invitation = make_invitation()

    response = accept(
        client, invitation, first_name="Aminata", password1=password1, password2=password2
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert 'value="Aminata"' in page
    assert not User.objects.filter(email="amina@example.be").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_account_created_meanwhile_is_not_duplicated(client, db):
    invitation = make_invitation()
    UserFactory(email="amina@example.be")

    response = accept(client, invitation)

    assert response.status_code == 200
    assert "Un compte existe déjà avec l&#x27;adresse amina@example.be" in response.content.decode()
    assert User.objects.filter(email="amina@example.be").count() == 1
    assert not StudentProfile.objects.filter(user__email="amina@example.be").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_logged_in_person_is_asked_to_log_out_first(client, student):
    invitation = make_invitation()
    client.force_login(student)

    response = client.get(invitation.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "déconnecte-toi d'abord" in page
    assert 'name="password1"' not in page
    assert accept(client, invitation).status_code == 200
    assert not User.objects.filter(email="amina@example.be").exists()


def test_the_invitation_is_exported_and_erased_with_the_account(client, staff):
    invitation = make_invitation()
    audit.record(actor=staff, action="class.invite", target=invitation, reason="1 invitation")
    accept(client, invitation)
    user = User.objects.get(email="amina@example.be")

    assert export_invitations(user)[0]["email"] == "amina@example.be"

    erase_invitations(user)

    assert not ClassInvitation.objects.exists()
    assert AuditEntry.objects.get(action="class.invite").target_label == "données effacées"


def test_invitations_never_accepted_are_deleted_a_month_after_expiry(db):
    now = timezone.now()
    stale = make_invitation(email="stale@example.be", expires_at=now - timedelta(days=31))
    recent = make_invitation(email="recent@example.be", expires_at=now - timedelta(days=29))
    pending = make_invitation(email="pending@example.be")

    assert remove_stale_invitations(now) == 1

    assert set(ClassInvitation.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}
    assert not ClassInvitation.objects.filter(pk=stale.pk).exists()
