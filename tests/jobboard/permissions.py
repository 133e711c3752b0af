from tests.permission_table import Row  # noqa: F401 - rows are added below

ROWS = []


# --- Saved offers and alerts ----------------------------------------------------------

from tests.permission_table import STUDENTS, everyone, only  # noqa: E402


def _a_listed_offer(persona):
    from tests.jobboard.factories import OfferFactory

    return {"pk": OfferFactory(published=True).pk}


def _the_students_alert(persona):
    from jobboard.models import OfferAlert

    alert = OfferAlert.objects.create(student=persona("student").student_profile)
    return {"token": alert.token}


ROWS += [
    Row("jobboard:saved_offer_list", only(STUDENTS)),
    # POST-only actions: the table's GET gets 405.
    Row("jobboard:offer_alert_update", everyone(405)),
    Row("jobboard:offer_save_toggle", everyone(405), setup=_a_listed_offer),
    # The unsubscribe link needs no login (mail clients have no session): its page answers
    # everyone who holds the token; a made-up token is a 404 for everyone.
    Row("jobboard:alert_unsubscribe", everyone(200), setup=_the_students_alert),
    Row("jobboard:alert_unsubscribe", everyone(404), {"token": "not-a-real-token"}),
]


# --- The company's pipeline -------------------------------------------------------------

from tests.permission_table import RECRUITERS  # noqa: E402


def _an_application_to_company(persona):
    """An application, with its CV copy, to a published offer of `company`: its members
    see it, other_recruiter gets 404."""
    from django.core.files.base import ContentFile

    from tests.jobboard.factories import ApplicationFactory, OfferFactory
    from tests.students.factories import pdf_bytes

    application = ApplicationFactory(offer=OfferFactory(company=persona("company"), published=True))
    application.cv_copy.save("copy.pdf", ContentFile(pdf_bytes()), save=True)
    return {"pk": application.pk}


ROWS += [
    Row("jobboard:company_application_list", only(RECRUITERS)),
    Row(
        "jobboard:company_application_detail",
        {**only(RECRUITERS), "other_recruiter": 404},
        setup=_an_application_to_company,
    ),
    Row(
        "jobboard:company_application_cv",
        {**only(RECRUITERS), "other_recruiter": 404},
        setup=_an_application_to_company,
    ),
]


# --- Search, list and feed: public pages -----------------------------------------------

from tests.permission_table import everyone as _everyone  # noqa: E402


def _listed_offers(persona):
    """A listed offer of `company`, so that the list and the feed have something to show."""
    from tests.jobboard.factories import OfferFactory

    OfferFactory(published=True, company=persona("company"))
    return {}


ROWS += [
    Row("jobboard:offer_list", _everyone(200), setup=_listed_offers),
    Row("jobboard:offer_feed", _everyone(200), setup=_listed_offers),
]


# --- Talent search and invitations to apply ---------------------------------------------


def _a_findable_student(persona):
    """The `student` persona, complete and opted in: every verified company may open it."""
    from tests.jobboard.factories import make_findable

    return {"public_id": make_findable(persona("student").student_profile).public_id}


def _an_invitation_to_student(persona):
    """An invitation of `company` to `student`: only `student` reads it."""
    from tests.jobboard.factories import OfferFactory, OfferInvitationFactory, make_findable

    profile = make_findable(persona("student").student_profile)
    offer = OfferFactory(company=persona("company"), published=True)
    return {"pk": OfferInvitationFactory(offer=offer, student=profile).pk}


ROWS += [
    Row("jobboard:talent_search", only(RECRUITERS)),
    Row("jobboard:talent_profile", only(RECRUITERS), setup=_a_findable_student),
    Row("jobboard:talent_invite", everyone(405), setup=_a_findable_student),
    Row("jobboard:my_invitation_list", only(STUDENTS)),
    Row(
        "jobboard:my_invitation_detail",
        {**only(STUDENTS), "other_student": 404},
        setup=_an_invitation_to_student,
    ),
    Row("jobboard:my_invitation_decline", everyone(405), setup=_an_invitation_to_student),
]


# --- The offer page, applying and the student's applications ---------------------------


def _a_published_offer_of_company(persona):
    from tests.jobboard.factories import OfferFactory

    return {"pk": OfferFactory(company=persona("company"), published=True).pk}


def _a_draft_of_company(persona):
    """A draft of `company`: its members and staff read it, everyone else gets 404."""
    from tests.jobboard.factories import OfferFactory

    return {"pk": OfferFactory(company=persona("company")).pk}


def _a_closed_offer_of_company(persona):
    from tests.jobboard.factories import OfferFactory

    return {"pk": OfferFactory(company=persona("company"), closed=True).pk}


def _an_offer_to_apply_to(persona):
    """A listed offer, and `student` with a complete profile: `student` gets the form;
    `other_student` (empty profile) is sent to complete the profile first."""
    from tests.jobboard.factories import OfferFactory, complete_profile

    complete_profile(persona("student").student_profile)
    return {"pk": OfferFactory(company=persona("company"), published=True).pk}


def _an_application_of_student(persona):
    """An application of `student`: only `student` reads it; `other_student` gets 404."""
    from tests.jobboard.factories import ApplicationFactory, OfferFactory

    offer = OfferFactory(company=persona("company"), published=True)
    return {"pk": ApplicationFactory(offer=offer, student=persona("student").student_profile).pk}


INSIDERS_ONLY = {
    **everyone(404),
    "recruiter": 200,
    "colleague": 200,
    "staff": 200,
}

ROWS += [
    Row("jobboard:offer_detail", everyone(200), setup=_a_published_offer_of_company),
    Row("jobboard:offer_detail", everyone(200), setup=_a_closed_offer_of_company),
    Row("jobboard:offer_detail", INSIDERS_ONLY, setup=_a_draft_of_company),
    Row("jobboard:offer_detail", everyone(404), {"pk": 999999}),
    Row(
        "jobboard:offer_apply",
        {**only(STUDENTS), "other_student": 302},
        setup=_an_offer_to_apply_to,
    ),
    Row("jobboard:my_application_list", only(STUDENTS)),
    Row(
        "jobboard:my_application_detail",
        {**only(STUDENTS), "other_student": 404},
        setup=_an_application_of_student,
    ),
    Row("jobboard:my_application_withdraw", everyone(405), setup=_an_application_of_student),
]


# --- Offers in the company area: each company its own (another company's → 404). ---------


def _an_offer_of_company(persona):
    """A draft of `company`: recruiter and colleague edit and preview it, other_recruiter
    gets 404."""
    from tests.jobboard.factories import OfferFactory

    return {"pk": OfferFactory(company=persona("company")).pk}


COMPANY_OWN = {**only(RECRUITERS), "other_recruiter": 404}

ROWS += [
    Row("jobboard:company_offer_list", only(RECRUITERS)),
    Row("jobboard:company_offer_create", only(RECRUITERS)),
    Row("jobboard:company_offer_update", COMPANY_OWN, setup=_an_offer_of_company),
    Row("jobboard:company_offer_preview", COMPANY_OWN, setup=_an_offer_of_company),
    # POST-only actions: the table's GET gets 405 (tests/jobboard/test_offers.py checks
    # that another company's offer is 404 on POST).
    Row("jobboard:company_offer_submit", everyone(405), setup=_an_offer_of_company),
    Row("jobboard:company_offer_close", everyone(405), setup=_an_offer_of_company),
]
