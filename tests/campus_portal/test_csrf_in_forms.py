"""Every POST form a persona sees carries the CSRF token (an include `with … only` drops it)."""

import re

import pytest
from django.urls import reverse

from companies.models import Company
from students.models import current_school_year
from tests.students.factories import StudentFactory

POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)


def assert_forms_have_tokens(content: str, url: str):
    forms = POST_FORM.findall(content)
    for body in forms:
        assert "csrfmiddlewaretoken" in body, f"a POST form on {url} has no CSRF token"
    return len(forms)


@pytest.mark.django_db
def test_student_pages_forms_have_tokens(client):
    profile = StudentFactory(complete=True, confirmed_school_year=current_school_year() - 1)
    client.force_login(profile.user)
    for name in [
        "students:area",
        "students:profile_edit",
        "students:cv_manage",
        "students:privacy",
    ]:
        url = reverse(name)
        content = client.get(url).content.decode()
        assert "Nouvelle année scolaire" in content  # the banner with its form is there
        assert assert_forms_have_tokens(content, url) >= 2


@pytest.mark.django_db
def test_company_dashboard_forms_have_tokens(client, recruiter, company):
    Company.objects.filter(pk=company.pk).update(status=Company.Status.REJECTED)
    client.force_login(recruiter)
    url = reverse("companies:area")
    content = client.get(url).content.decode()
    assert "Renvoyer pour vérification" in content
    assert assert_forms_have_tokens(content, url) >= 2
