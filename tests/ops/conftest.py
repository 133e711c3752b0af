"""Operations tests: real processes (gunicorn, PostgreSQL, Redis, an S3 server) on loopback.

They run when `OPS_TESTS=1` and `DATABASE_URL` names PostgreSQL (the PostgreSQL pass of
`.ci/run` sets both); otherwise the whole folder is skipped with the reason.
"""

import os

import pytest

if os.environ.get("OPS_TESTS") != "1":
    pytest.skip(
        "operations tests run only with OPS_TESTS=1 (the PostgreSQL pass of .ci/run)",
        allow_module_level=True,
    )
if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    pytest.skip("operations tests need PostgreSQL in DATABASE_URL", allow_module_level=True)


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once for every app server of the run (production settings
    render no page without the manifest `collectstatic` writes)."""
    from tests.ops.processes import collect_static

    root = tmp_path_factory.mktemp("static")
    collect_static(root)
    return root
