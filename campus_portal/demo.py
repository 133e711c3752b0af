"""Demo data for `make run`: the accounts are made here, each app adds its own steps."""

from collections.abc import Callable

_steps: list[Callable[[dict], None]] = []


def register(step: Callable[[dict], None]) -> None:
    """Add `step(accounts)`, called with {role key: demo user} after the accounts exist."""
    if step not in _steps:
        _steps.append(step)


def run_steps(accounts: dict) -> None:
    for step in _steps:
        step(accounts)
