import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from students.models import StudentProfile
from tests.students.factories import StudentFactory


def test_profiles_are_private_by_default(student):
    assert not student.student_profile.talent_search_opt_in
    assert not StudentProfile.objects.in_talent_search().exists()


def test_opt_in_is_recorded_with_its_date_and_can_be_revoked(client, student):
    client.force_login(student)
    response = client.post(reverse("students:privacy"), {"talent_search_opt_in": "on"})
    assert response.status_code == 302
    profile = StudentProfile.objects.get(user=student)
    assert profile.talent_search_opt_in
    assert timezone.now() - profile.talent_search_opt_in_at < datetime.timedelta(minutes=1)
    assert list(StudentProfile.objects.in_talent_search()) == [profile]

    client.post(reverse("students:privacy"), {})
    profile.refresh_from_db()
    assert not profile.talent_search_opt_in
    assert profile.talent_search_opt_in_at is None
    assert not StudentProfile.objects.in_talent_search().exists()


@pytest.mark.django_db
def test_a_minor_gets_the_explanation_in_plain_words(client):
    today = timezone.localdate()
    minor = StudentFactory(date_of_birth=today.replace(year=today.year - 15))
    adult = StudentFactory(date_of_birth=today.replace(year=today.year - 20))
    client.force_login(minor.user)
    assert "Tu as moins de 18 ans" in client.get(reverse("students:privacy")).content.decode()
    client.force_login(adult.user)
    assert "Tu as moins de 18 ans" not in client.get(reverse("students:privacy")).content.decode()
