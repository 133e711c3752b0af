"""Personas and fixtures shared by every test module (see STYLE.md)."""

import pytest

from tests.companies.factories import CompanyFactory, MembershipFactory, RecruiterFactory
from tests.factories import UserFactory
from tests.students.factories import StudentFactory

PERSONAS = (
    "visitor",
    "student",
    "other_student",
    "recruiter",
    "colleague",
    "other_recruiter",
    "staff",
)


@pytest.fixture(autouse=True)
def _queued_email(settings):
    """Keep the real queueing backend in tests (pytest-django swaps in locmem).

    Mail is then queued on commit: wrap the request in
    `django_capture_on_commit_callbacks(execute=True)` to see it in `mailoutbox`."""
    settings.EMAIL_BACKEND = "campus_portal.mail.QueuedEmailBackend"


@pytest.fixture(autouse=True)
def _empty_file_stores(settings):
    """Each test starts with empty public and private stores."""
    import shutil

    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _french_first():
    """Each test starts in the default language, whatever the previous one activated."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits live in the cache: each test starts with none used."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def student(db):
    return StudentFactory(user__first_name="Inès", user__email="ines@example.be").user


@pytest.fixture
def other_student(db):
    return StudentFactory(user__first_name="Yassine", user__email="yassine@example.be").user


@pytest.fixture
def company(db):
    """The verified company of `recruiter` (owner) and `colleague` (recruiter)."""
    return CompanyFactory(verified=True, name="Firma Elektro", slug="firma-elektro")


@pytest.fixture
def other_company(db):
    """The verified company of `other_recruiter`."""
    return CompanyFactory(verified=True, name="Autre Atelier", slug="autre-atelier")


@pytest.fixture
def recruiter(company):
    user = RecruiterFactory(user__first_name="Pieter", user__email="pieter@firma.be").user
    MembershipFactory(company=company, user=user, owner=True)
    return user


@pytest.fixture
def colleague(company):
    user = RecruiterFactory(user__first_name="Sofie", user__email="sofie@firma.be").user
    MembershipFactory(company=company, user=user)
    return user


@pytest.fixture
def other_recruiter(other_company):
    user = RecruiterFactory(user__first_name="Marc", user__email="marc@autre.be").user
    MembershipFactory(company=other_company, user=user, owner=True)
    return user


@pytest.fixture
def staff(db):
    return UserFactory(staff=True, first_name="Claire", email="claire@campus.brussels")


@pytest.fixture
def persona_client(request, client):
    """A test client logged in as the persona named by the test's parameter."""

    def login_as(persona):
        if persona != "visitor":
            client.force_login(request.getfixturevalue(persona))
        return client

    return login_as


# Hypothesis: "dev" by default, "ci" in `.ci/run` (HYPOTHESIS_PROFILE=ci). The property tests
# use function-scoped fixtures (client, personas) inside @given, which is safe here: each
# example only reads or refuses, and the tests check that nothing is created.
def _hypothesis_profiles():
    import os

    from hypothesis import HealthCheck, settings

    relaxed = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
    settings.register_profile("ci", max_examples=25, deadline=None, suppress_health_check=relaxed)
    settings.register_profile("dev", max_examples=10, deadline=None, suppress_health_check=relaxed)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


_hypothesis_profiles()
