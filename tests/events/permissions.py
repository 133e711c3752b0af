from tests.permission_table import Row  # noqa: F401 - rows are added below

ROWS = []
