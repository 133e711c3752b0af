"""CV upload: checked by content, stored privately under a random name, served only to whom may see it."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from students.models import StudentProfile
from tests.students.factories import pdf_bytes

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def private_files(settings):
    root = settings.PRIVATE_MEDIA_ROOT
    found = []
    for folder, _dirs, files in os.walk(root):
        found += [os.path.join(folder, name) for name in files]
    return found


def upload(client, content, name="cv.pdf"):
    return client.post(
        reverse("students:cv_manage"),
        {"upload": "1", "cv": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


@pytest.fixture
def logged_student(client, student):
    client.force_login(student)
    return student


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (PNG, "cv.pdf", "n&#x27;est pas un PDF"),
        (b"", "cv.pdf", "Ce fichier est vide."),
        (b"%PDF-1.7\n" + b"0" * (6 * 1024 * 1024), "cv.pdf", "le CV ne peut pas dépasser 5 Mo"),
        (b"%PDF-1.4\nnot really a pdf", "cv.pdf", "abîmé ou illisible"),
        (b"hello", "../../etc/passwd.pdf", "n&#x27;est pas un PDF"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    client, logged_student, settings, content, name, message
):
    response = upload(client, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert private_files(settings) == []
    assert not StudentProfile.objects.get(user=logged_student).cv


def test_upload_then_download_the_same_pdf(client, logged_student, settings):
    content = pdf_bytes(2)
    response = upload(client, content, "Mon CV (final).pdf")
    assert response.status_code == 302
    profile = StudentProfile.objects.get(user=logged_student)
    # A random name in the private store, not the name the student gave.
    assert profile.cv.name.startswith("cvs/")
    assert "final" not in profile.cv.name
    assert private_files(settings) == [os.path.join(settings.PRIVATE_MEDIA_ROOT, profile.cv.name)]
    with pytest.raises(NotImplementedError):
        profile.cv.url  # noqa: B018 - no public URL for a private file

    response = client.get(profile.get_cv_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="CV-Ines-')
    assert b"".join(response.streaming_content) == content


def test_replacing_the_cv_removes_the_old_file(
    client, logged_student, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, pdf_bytes(1))
    first = StudentProfile.objects.get(user=logged_student).cv.name
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, pdf_bytes(2))
    second = StudentProfile.objects.get(user=logged_student).cv.name
    assert first != second
    assert private_files(settings) == [os.path.join(settings.PRIVATE_MEDIA_ROOT, second)]


def test_deleting_the_cv_removes_the_file(
    client, logged_student, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, pdf_bytes())
        client.post(reverse("students:cv_manage"), {"delete": "1"})
    assert private_files(settings) == []
    profile = StudentProfile.objects.get(user=logged_student)
    assert not profile.cv
    assert client.get(profile.get_cv_url()).status_code == 404


@pytest.mark.parametrize("persona", ["visitor", "other_student", "recruiter"])
def test_others_get_404_on_the_cv_and_the_profile(client, student, persona, request):
    profile = student.student_profile
    client.force_login(student)
    upload(client, pdf_bytes())
    client.logout()
    if persona != "visitor":
        client.force_login(request.getfixturevalue(persona))
    assert client.get(profile.get_cv_url()).status_code == 404
    assert (
        client.get(reverse("students:profile_detail", args=[profile.public_id])).status_code == 404
    )


def test_staff_can_read_a_cv(client, student, staff):
    client.force_login(student)
    upload(client, pdf_bytes())
    client.force_login(staff)
    assert client.get(student.student_profile.get_cv_url()).status_code == 200
