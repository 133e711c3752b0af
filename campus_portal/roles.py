"""The account roles: a registry the apps fill in, and the one place roles are checked.

An account is a student, a company member or staff. The role is never stored as a free
field: each app that owns a role registers how to tell whether a user holds it (a student
profile, a company member profile, `is_staff`) and what to create at sign-up.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

STAFF = "staff"


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    area_url_name: str
    holds: Callable[..., bool]
    # Called at sign-up with the new user; None for roles nobody can sign up for.
    on_signup: Callable[..., None] | None = None
    signup_help: str = ""
    # Where a user lands after login when the role asks for more first (onboarding).
    onboarding_url: Callable[..., str | None] | None = None
    # Relations of the user that `holds` and the role's pages read (`select_related`
    # paths): loaded with the user by the authentication backend, at no query of their own.
    user_relations: tuple[str, ...] = ()

    def area_url(self) -> str:
        return reverse(self.area_url_name)

    def landing_url(self, user) -> str:
        if self.onboarding_url is not None:
            url = self.onboarding_url(user)
            if url:
                return url
        return self.area_url()


_registry: dict[str, Role] = {}


def register(role: Role) -> None:
    _registry[role.key] = role


def get(key: str) -> Role:
    return _registry[key]


def for_user(user) -> Role | None:
    """The role a user holds; staff first, since staff accounts are made by staff."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_staff:
        return _registry.get(STAFF)
    for role in _registry.values():
        if role.key != STAFF and role.holds(user):
            return role
    return None


def user_relations() -> list[str]:
    """Every role's `user_relations`, for the query that loads the user of a request."""
    return [name for role in _registry.values() for name in role.user_relations]


def signup_roles() -> list[Role]:
    return [role for role in _registry.values() if role.on_signup is not None]


def user_has_role(user, key: str) -> bool:
    role = for_user(user)
    return role is not None and role.key == key


def role_required(key: str):
    """View decorator: anonymous visitors log in first; other roles get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, key):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RoleRequiredMixin(AccessMixin):
    """The class-based twin of `role_required`."""

    required_role: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not user_has_role(request.user, self.required_role):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
