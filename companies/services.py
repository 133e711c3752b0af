"""Company onboarding and staff decisions: work across models, with the audit log and mail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from campus_portal import audit
from campus_portal.mail import send_templated_mail
from companies.models import Company, Membership


def unique_slug(name: str) -> str:
    base = slugify(name)[:120] or "entreprise"
    slug, suffix = base, 2
    while Company.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@transaction.atomic
def create_company(*, form, by) -> Company:
    """A new company, pending verification, with its creator as owner."""
    if Membership.objects.filter(user=by).exists():
        raise ValidationError(_("Vous faites déjà partie d'une entreprise."))
    company = form.save(commit=False)
    company.slug = unique_slug(company.name)
    company.created_by = by
    company.status = Company.Status.PENDING
    company.save()
    form.save_m2m()
    Membership.objects.create(company=company, user=by, role=Membership.Role.OWNER)
    return company


@transaction.atomic
def request_to_join(*, company: Company, by) -> Membership:
    """Ask the owners to let `by` join; they approve on their team page."""
    if Membership.objects.filter(user=by).exists():
        raise ValidationError(
            _("Vous faites déjà partie d'une entreprise, ou votre demande est en cours.")
        )
    membership = Membership.objects.create(
        company=company, user=by, status=Membership.Status.REQUESTED
    )
    for owner in Membership.objects.owners().filter(company=company).select_related("user"):
        send_templated_mail(
            template="companies/email/join_request",
            to=owner.user,
            context={"company": company, "requester": by},
        )
    return membership


@transaction.atomic
def resubmit(*, company: Company, by) -> None:
    """A refused company, corrected, goes back to the staff for verification."""
    company.resubmit()
    company.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    audit.record(actor=by, action="company.resubmit", target=company)


def _decide(company: Company, transition: str, *, by, reason: str) -> None:
    getattr(company, transition)(reason)
    company.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    audit.record(actor=by, action=f"company.{transition}", target=company, reason=reason)
    for membership in company.memberships.active().select_related("user"):
        send_templated_mail(
            template=f"companies/email/company_{transition}",
            to=membership.user,
            context={"company": company, "reason": reason},
        )


def verify_company(company: Company, *, by, reason: str) -> None:
    _decide(company, "verify", by=by, reason=reason)


def reject_company(company: Company, *, by, reason: str) -> None:
    _decide(company, "reject", by=by, reason=reason)


def suspend_company(company: Company, *, by, reason: str) -> None:
    _decide(company, "suspend", by=by, reason=reason)


def reinstate_company(company: Company, *, by, reason: str) -> None:
    _decide(company, "reinstate", by=by, reason=reason)
