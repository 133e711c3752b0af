"""One permission table for the whole portal: persona × URL → expected status.

Each app's tests add their rows in `tests/<app>/permissions.py`; `test_permissions.py`
checks every row and fails on a route that no row covers.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import PERSONAS

STUDENTS = ("student", "other_student")
RECRUITERS = ("recruiter", "colleague", "other_recruiter")
MEMBERS = (*STUDENTS, *RECRUITERS, "staff")


@dataclass(frozen=True)
class Row:
    name: str
    expect: dict[str, int]
    kwargs: dict = field(default_factory=dict)
    # For URLs of objects: `setup(persona)` creates what the URL needs, with `persona(name)`
    # giving the user of a persona, and returns the URL's kwargs.
    setup: Callable[[Callable], dict] | None = None

    def url_kwargs(self, persona: Callable) -> dict:
        return self.setup(persona) if self.setup else self.kwargs

    def __post_init__(self):
        missing = set(PERSONAS) - set(self.expect)
        if missing:
            raise ValueError(f"{self.name}: no expected status for {sorted(missing)}")


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


def visitors_only(*, members: int = 302) -> dict[str, int]:
    """Pages for people who are not logged in (login, sign-up): members are sent on."""
    return {"visitor": 200, **dict.fromkeys(MEMBERS, members)}


def logged_in(status: int = 200) -> dict[str, int]:
    """Pages for any logged-in account: visitors are sent to the login page."""
    return {"visitor": 302, **dict.fromkeys(MEMBERS, status)}


def only(personas: tuple[str, ...]) -> dict[str, int]:
    """A role's area: visitors log in first, other roles are refused."""
    return {
        "visitor": 302,
        **{persona: 200 if persona in personas else 403 for persona in MEMBERS},
    }


def all_rows() -> list[Row]:
    from tests.campus_portal.permissions import ROWS as portal_rows
    from tests.companies.permissions import ROWS as company_rows
    from tests.events.permissions import ROWS as event_rows
    from tests.jobboard.permissions import ROWS as jobboard_rows
    from tests.students.permissions import ROWS as student_rows

    return [*portal_rows, *student_rows, *company_rows, *jobboard_rows, *event_rows]
