"""The one place company membership is checked: who acts for which company."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from campus_portal.roles import user_has_role
from companies.models import Membership


def membership_of(user) -> Membership | None:
    """The user's membership in any state, with its company; no query for the request's
    user, whose membership is loaded with it (`Role.user_relations`)."""
    relation = user._meta.get_field("membership")
    if relation.is_cached(user):
        return relation.get_cached_value(user)
    return Membership.objects.select_related("company").filter(user=user).first()


def active_membership(user) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    membership = membership_of(user)
    return membership if membership and membership.status == Membership.Status.ACTIVE else None


def company_member_required(view=None, *, owner: bool = False):
    """For pages of the company area.

    Visitors log in first; accounts of other roles get 403; a company member without a
    company (yet) is sent to the onboarding at /company/; with `owner=True`, recruiters
    get 403. The view finds `request.membership` and `request.company`.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, "company"):
                raise PermissionDenied
            membership = active_membership(request.user)
            if membership is None:
                return redirect("companies:area")
            if owner and not membership.is_owner:
                raise PermissionDenied
            request.membership = membership
            request.company = membership.company
            return view(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator
