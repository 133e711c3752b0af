"""Who may see a student's profile and CV: the registry each app adds its relations to.

A company sees a student only through a relation the student created, and only while
it lasts (an application, a booked meeting, the talent-search opt-in). Each app that
creates such a relation registers a rule here in its `AppConfig.ready()`.
"""

from collections.abc import Callable

from django.http import Http404
from django.shortcuts import get_object_or_404

from students.models import StudentProfile

Rule = Callable[..., bool]
_rules: list[Rule] = []


def register(rule: Rule) -> None:
    """Add a rule `rule(viewer, profile) -> bool`; any rule that says yes grants access."""
    if rule not in _rules:
        _rules.append(rule)


def can_view(viewer, profile: StudentProfile) -> bool:
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return False
    if viewer.pk == profile.user_id or viewer.is_staff:
        return True
    return any(rule(viewer, profile) for rule in _rules)


def visible_profile_or_404(viewer, public_id) -> StudentProfile:
    """The profile, if `viewer` may see it; otherwise a 404, as for a profile that is not."""
    profile = get_object_or_404(
        StudentProfile.objects.select_related("user", "track"), public_id=public_id
    )
    if not can_view(viewer, profile):
        raise Http404
    return profile
