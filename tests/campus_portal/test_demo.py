"""`make run`'s data: reference and demo accounts load twice without change, only in development."""

import pytest
from django.core.management import CommandError, call_command

from campus_portal.models import User
from companies.models import Company, Need
from students.cv import validate_pdf
from students.models import StudentProfile


@pytest.mark.django_db
def test_demo_data_is_idempotent_and_covers_every_role(settings, capsys):
    settings.DEBUG = True
    for _run in range(2):
        call_command("load_reference", verbosity=0)
        call_command("load_demo")
    output = capsys.readouterr().out
    assert "eleve@demo.campus.test" in output
    assert "recruteur@demo.campus.test" in output
    assert "staff@demo.campus.test" in output
    assert "moderation@demo.campus.test" in output
    assert "direction@demo.campus.test" in output
    assert User.objects.count() == 5
    roles = sorted(user.role.key for user in User.objects.all())
    assert roles == ["company", "staff", "staff", "staff", "student"]
    assert User.objects.get(email="staff@demo.campus.test").is_superuser
    for email, group in (
        ("moderation@demo.campus.test", "Modération"),
        ("direction@demo.campus.test", "Direction"),
    ):
        user = User.objects.get(email=email)
        assert user.is_staff
        assert not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
    student = StudentProfile.objects.get(user__email="eleve@demo.campus.test")
    assert student.is_complete
    validate_pdf(student.cv.open("rb"))
    recruiter = User.objects.get(email="recruteur@demo.campus.test")
    assert recruiter.membership.is_owner
    assert recruiter.membership.company.status == Company.Status.VERIFIED
    assert Company.objects.verified().count() == 4
    assert Company.objects.filter(status=Company.Status.PENDING).count() == 1
    assert Need.objects.public().filter(tracks__slug="electricien-automaticien").exists()


@pytest.mark.django_db
def test_demo_data_refuses_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
