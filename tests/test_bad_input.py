"""Bad input: whatever is typed into a filter, a query parameter or a form, never a 500.

Property-based (hypothesis): random text (unicode, control characters, very long strings),
numbers written as text and a few classic nasties are thrown at every list filter of the
public and area list pages and at every field of the main forms. A filter that makes no
sense is ignored or refused (200, 302, 400 or 404); a form that refuses its input answers
200 with the error shown next to the field and changes nothing. The number of examples
comes from the hypothesis profile (`HYPOTHESIS_PROFILE`, see tests/conftest.py).

Uploads (CV, logo) are checked with hand-made files: the wrong type under the right name,
oversize, empty, path-like names, a PDF with JavaScript.
"""

import io
import os
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from companies.models import Company, Need
from events.models import Registration
from jobboard.models import Application, Offer, OfferInvitation
from students.models import StudentLanguage, StudentProfile
from tests.companies.test_onboarding import company_data
from tests.events.factories import MeetingDayFactory, ParticipationFactory
from tests.jobboard.factories import (
    ApplicationFactory,
    OfferFactory,
    complete_profile,
    make_findable,
)
from tests.students.factories import SectorFactory, StudentFactory, TrackFactory, pdf_bytes

ALLOWED = {200, 302, 400, 404}

# Values people (and scripts) really type: SQL and HTML, path tricks, dates that do not
# exist, numbers too big for any column, NUL and other control characters, emoji.
NASTIES = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "99999999999999999999999999",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "31/12/2026",
    "' OR 1=1 --",
    '"; DROP TABLE jobboard_offer; --',
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
    "\x00",
    "a\x00b",
    "\r\n\t\x0b\x0c\x1b",
    "\u202e\u200b\ufeff",
    "👩🏽‍🔧🇧🇪",
    "Ωmega – «élève» ß",
    "on",
    "true",
    "[]",
    "{}",
    "%",
    "_",
    "\\",
    "*",
    ":*",
    "&|!()",
]

junk = st.one_of(
    st.sampled_from(NASTIES),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=10),
    st.integers().map(str),
    st.floats().map(str),
    st.text(min_size=300, max_size=3000),
)


def check_bad_request_status(response) -> None:
    assert response.status_code in ALLOWED, (response.status_code, response.content[:500])


def fresh(client):
    """Rate limits live in the cache: each example starts with none used."""
    cache.clear()
    return client


# --- Every list filter and query parameter ----------------------------------------------


def query_strategy(keys):
    return st.dictionaries(st.sampled_from(keys), junk, max_size=len(keys))


def test_offer_list_filters(client, company):
    OfferFactory(company=company, published=True, title="Électricien·ne")
    url = reverse("jobboard:offer_list")
    keys = ["q", "track", "sector", "kind", "commune", "shortage", "order", "page"]

    @given(params=query_strategy(keys))
    @example(params={"q": "\x00"})
    @example(params={"q": "&|!():*", "page": "-1"})
    @example(params={"page": "99999999999999999999999999", "order": "\u202e"})
    def run(params):
        check_bad_request_status(fresh(client).get(url, params))

    run()


def test_offer_feed_ignores_its_query(client, company):
    OfferFactory(company=company, published=True)
    url = reverse("jobboard:offer_feed")

    @given(params=query_strategy(["q", "page", "track"]))
    def run(params):
        check_bad_request_status(fresh(client).get(url, params))

    run()


def test_company_directory_filters(client, company):
    url = reverse("companies:company_list")

    @given(params=query_strategy(["sector", "track", "page", "q"]))
    def run(params):
        check_bad_request_status(fresh(client).get(url, params))

    run()


def test_talent_search_filters(client, recruiter):
    make_findable(StudentFactory().user.student_profile)
    client.force_login(recruiter)
    url = reverse("jobboard:talent_search")
    page = client.get(url)
    assert page.status_code == 200
    keys = sorted(set(form_fields(page.content.decode(), method="get")) | {"page"})

    @given(params=query_strategy(keys))
    def run(params):
        check_bad_request_status(fresh(client).get(url, params))

    run()


def test_company_application_filters(client, recruiter, company, student):
    offer = OfferFactory(company=company, published=True)
    ApplicationFactory(offer=offer, student=complete_profile(student.student_profile))
    client.force_login(recruiter)
    url = reverse("jobboard:company_application_list")

    @given(params=query_strategy(["offer", "status", "page"]))
    @example(params={"offer": str(offer.pk), "status": "\x00"})
    def run(params):
        check_bad_request_status(fresh(client).get(url, params))

    run()


def test_checkin_search(client, staff):
    day = MeetingDayFactory(students_open=True)
    client.force_login(staff)
    url = reverse("events:checkin_home", kwargs={"slug": day.slug})

    @given(params=query_strategy(["q"]))
    @example(params={"q": "\x00"})
    def run(params):
        check_bad_request_status(fresh(client).get(url, params))

    run()


def test_dashboard_filters(client, staff):
    MeetingDayFactory()
    client.force_login(staff)
    url = reverse("admin_dashboard")

    @given(params=query_strategy(["start", "end", "day", "export"]))
    @example(params={"start": "9999-12-31", "end": "0001-01-01"})
    @example(params={"day": "99999999999999999999999999", "export": "\x00"})
    def run(params):
        check_bad_request_status(fresh(client).get(url, params))

    run()


# --- Every field of the main forms ------------------------------------------------------


class _Forms(HTMLParser):
    """The forms of a page: their method, action and fields (name → kind, choices, value)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action") or "",
                    "fields": {},
                }
            )
        if not self.forms or tag not in ("input", "select", "textarea", "option"):
            return
        fields = self.forms[-1]["fields"]
        if tag == "option":
            if self._select is not None:
                fields[self._select]["choices"].append(attrs.get("value") or "")
            return
        name = attrs.get("name")
        if not name:
            return
        kind = attrs.get("type", tag) if tag == "input" else tag
        field = fields.setdefault(name, {"kind": kind, "choices": [], "value": ""})
        if kind in ("checkbox", "radio"):
            field["choices"].append(attrs.get("value") or "on")
        elif tag == "input":
            field["value"] = attrs.get("value") or ""
        if tag == "select":
            self._select = name

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_fields(page: str, *, method: str = "post", action: str | None = None) -> dict:
    """The fields of the page's biggest form with `method` (and `action`, if given)."""
    parser = _Forms()
    parser.feed(page)
    forms = [
        form
        for form in parser.forms
        if form["method"] == method and (action is None or form["action"] in ("", action))
    ]
    assert forms, f"no {method} form on the page"
    return max(forms, key=lambda form: len(form["fields"]))["fields"]


# A formset's management form is what the page needs to read the rest: it stays as served.
KEPT = ("csrfmiddlewaretoken", "TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


def field_values(draw, fields: dict) -> dict:
    """For each field, junk, a valid choice, its served value or nothing at all."""
    data = {}
    for name, field in fields.items():
        if name.endswith(KEPT):
            data[name] = field["value"]
            continue
        if field["kind"] == "file":
            continue
        options = [junk, st.just(field["value"]), st.none()]
        if field["choices"]:
            options.append(st.sampled_from(field["choices"]))
        value = draw(st.one_of(*options))
        if value is not None:
            data[name] = value
    return data


def shows_an_error(response) -> bool:
    page = response.content.decode()
    # Next to the field, or in the form's alert for an error of the whole form.
    return any(mark in page for mark in ("is-invalid", "errorlist", "alert-danger"))


def throw_at_form(client, url, snapshot, *, post_url=None, accepted=302):
    """Post random values to every field of the form at `url`: never a 500; refused → 200
    with the error shown and `snapshot()` unchanged."""
    page = client.get(url)
    assert page.status_code == 200
    post_url = post_url or url
    fields = form_fields(page.content.decode(), action=post_url)

    @given(data=st.data())
    def run(data):
        values = field_values(data.draw, fields)
        before = snapshot()
        response = fresh(client).post(post_url, values)
        assert response.status_code in {200, accepted}, (values, response.status_code)
        if response.status_code == 200:
            assert shows_an_error(response), values
            assert snapshot() == before, values

    run()


def rows(queryset):
    return list(queryset.order_by("pk").values())


@pytest.fixture
def track(db):
    return TrackFactory()


def test_student_profile_form(client, student, track):
    client.force_login(student)
    profile = student.student_profile

    def snapshot():
        return (
            rows(StudentProfile.objects.filter(pk=profile.pk)),
            rows(StudentLanguage.objects.filter(profile=profile)),
        )

    throw_at_form(client, reverse("students:profile_edit"), snapshot)


def test_company_profile_form(client, recruiter, company):
    client.force_login(recruiter)
    throw_at_form(
        client,
        reverse("companies:profile"),
        lambda: rows(Company.objects.all()),
    )


def test_company_creation_form(client, track):
    from tests.companies.factories import RecruiterFactory

    newcomer = RecruiterFactory().user
    client.force_login(newcomer)
    throw_at_form(client, reverse("companies:profile"), lambda: rows(Company.objects.all()))


@pytest.mark.parametrize(
    ("url_name", "field"),
    [
        ("companies:profile", "sectors"),
        ("companies:need_create", "tracks"),
        ("jobboard:company_offer_create", "tracks"),
    ],
)
def test_an_id_too_big_for_the_database_is_an_invalid_choice(
    client, recruiter, track, url_name, field
):
    """Found by test_company_profile_form: on SQLite, a ticked id beyond 64 bits made
    Django's `__in` check raise OverflowError, a 500 (fixed by IdsChoiceField)."""
    client.force_login(recruiter)
    url = reverse(url_name)

    @given(big=st.integers(min_value=2**63, max_value=10**40).map(str))
    @example(big="99999999999999999999999999")
    def run(big):
        response = fresh(client).post(url, {field: [str(track.pk), big], "name": "Atelier"})
        assert response.status_code == 200
        assert shows_an_error(response)

    run()


def test_need_form(client, recruiter, track):
    client.force_login(recruiter)
    throw_at_form(client, reverse("companies:need_create"), lambda: Need.objects.count())


def test_offer_form(client, recruiter, track):
    client.force_login(recruiter)
    throw_at_form(client, reverse("jobboard:company_offer_create"), lambda: Offer.objects.count())


def test_signup_form(client, db):
    from django.contrib.auth import get_user_model

    url = reverse("account_signup")
    users = get_user_model().objects

    page = client.get(url)
    fields = form_fields(page.content.decode(), action=url)

    @given(data=st.data())
    def run(data):
        client.logout()
        values = field_values(data.draw, fields)
        before = users.count()
        response = fresh(client).post(url, values)
        assert response.status_code in {200, 302}, (values, response.status_code)
        if response.status_code == 200:
            assert shows_an_error(response), values
            assert users.count() == before, values

    run()


def test_apply_form(client, student, company):
    complete_profile(student.student_profile)
    offer = OfferFactory(company=company, published=True)
    client.force_login(student)
    throw_at_form(
        client,
        reverse("jobboard:offer_apply", kwargs={"pk": offer.pk}),
        lambda: Application.objects.count(),
    )


def test_talent_invite_form(client, recruiter, company):
    OfferFactory(company=company, published=True)
    profile = make_findable(StudentFactory().user.student_profile)
    client.force_login(recruiter)
    throw_at_form(
        client,
        reverse("jobboard:talent_profile", kwargs={"public_id": profile.public_id}),
        lambda: OfferInvitation.objects.count(),
        post_url=reverse("jobboard:talent_invite", kwargs={"public_id": profile.public_id}),
    )


def test_meeting_day_registration_form(client, student, track):
    profile = student.student_profile
    profile.track = track
    complete_profile(profile)
    day = MeetingDayFactory(students_open=True)
    for _ in range(3):
        ParticipationFactory(meeting_day=day, accepted=True, tracks=[track])
    client.force_login(student)
    throw_at_form(
        client,
        reverse("events:meetingday_register", kwargs={"slug": day.slug}),
        lambda: rows(Registration.objects.all()),
    )


# --- Uploads ------------------------------------------------------------------------------


def private_files(settings) -> list[str]:
    found = []
    for folder, _dirs, files in os.walk(settings.PRIVATE_MEDIA_ROOT):
        found += [os.path.join(folder, name) for name in files]
    return found


def public_files(settings) -> list[str]:
    found = []
    for folder, _dirs, files in os.walk(settings.MEDIA_ROOT):
        found += [os.path.join(folder, name) for name in files]
    return found


def pdf_with_javascript() -> bytes:
    """A one-page PDF that runs JavaScript when opened (/OpenAction → /JS), written by hand
    with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Type /Action /S /JavaScript /JS (app.alert\\('pwned'\\);) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def upload_cv(client, content, name):
    return client.post(
        reverse("students:cv_manage"),
        {"upload": "1", "cv": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (PNG, "cv.pdf"),  # the wrong type under the right name
        (b"GIF89a" + b"\x00" * 50, "cv.pdf"),
        (b"", "cv.pdf"),
        (b"%PDF-1.7\n" + b"0" * (6 * 1024 * 1024), "cv.pdf"),
        (b"hello", "../../etc/passwd.pdf"),
        (b"hello", "cv\x00.pdf"),
        (b"hello", "a" * 300 + ".pdf"),
        (b"%PDF-1.4\n%%EOF", "..\\..\\cv.pdf"),
    ],
)
def test_bad_cv_files_get_a_clear_message_and_nothing_is_stored(
    client, student, settings, content, name
):
    client.force_login(student)
    response = upload_cv(client, content, name)
    assert response.status_code == 200
    assert shows_an_error(response)
    assert private_files(settings) == []
    assert not StudentProfile.objects.get(user=student).cv


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "cv\x00.pdf", "é" * 300 + ".pdf"])
def test_a_real_pdf_under_a_strange_name_is_kept_under_a_random_one(
    client, student, settings, name
):
    client.force_login(student)
    response = upload_cv(client, pdf_bytes(), name)
    assert response.status_code == 302
    (stored,) = private_files(settings)
    assert os.path.realpath(stored).startswith(os.path.realpath(settings.PRIVATE_MEDIA_ROOT))
    assert "passwd" not in stored
    assert len(os.path.basename(stored)) < 60


def test_a_pdf_with_javascript_is_kept_but_only_ever_downloaded(client, student, settings):
    """The choice: a PDF that carries JavaScript is a valid PDF, and CVs exported by some
    word processors carry harmless scripts, so it is accepted — but never shown inline by
    the portal. The file is stored under a random name and only served as an attachment
    with `nosniff`, so the browser never runs it on the portal's origin; a PDF reader that
    opens it afterwards applies its own JavaScript policy."""
    content = pdf_with_javascript()
    from pypdf import PdfReader

    assert "/OpenAction" in PdfReader(io.BytesIO(content)).trailer["/Root"]  # a real JS PDF
    client.force_login(student)
    assert upload_cv(client, content, "cv.pdf").status_code == 302
    profile = StudentProfile.objects.get(user=student)
    response = client.get(reverse("students:cv_download", kwargs={"public_id": profile.public_id}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content if response.streaming else [response.content])


def png(size=(40, 40)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (pdf_bytes(), "logo.png"),  # the wrong type under the right name
        (pdf_with_javascript(), "logo.jpg"),
        (b"", "logo.png"),
        (png() + b"\x00" * (2 * 1024 * 1024), "logo.png"),
        (b"<svg onload='alert(1)'/>", "logo.svg"),
        (b"<svg onload='alert(1)'/>", "logo.png"),
        (b"hello", "../../etc/passwd.png"),
        (b"hello", "logo\x00.png"),
        (b"hello", "a" * 300 + ".png"),
    ],
)
def test_bad_logos_get_a_clear_message_and_nothing_is_stored(
    client, recruiter, company, settings, content, name
):
    client.force_login(recruiter)
    url = reverse("companies:profile")
    data = company_data(SectorFactory())
    data["logo"] = SimpleUploadedFile(name, content, content_type="image/png")
    before = rows(Company.objects.all())
    response = client.post(url, data)
    assert response.status_code == 200
    assert shows_an_error(response)
    assert public_files(settings) == []
    assert rows(Company.objects.all()) == before


def test_a_real_logo_under_a_path_like_name_lands_in_the_logo_folder(
    client, recruiter, company, settings
):
    client.force_login(recruiter)
    url = reverse("companies:profile")
    data = company_data(SectorFactory())
    data["logo"] = SimpleUploadedFile("../../../etc/passwd.png", png(), content_type="image/png")
    response = client.post(url, data)
    assert response.status_code == 302, shows_an_error(response)
    (stored,) = public_files(settings)
    assert os.path.realpath(stored).startswith(os.path.realpath(settings.MEDIA_ROOT))
    assert "passwd" not in os.path.basename(stored)
    assert Company.objects.get(pk=company.pk).logo
