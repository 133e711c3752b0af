from tests.permission_table import RECRUITERS, Row, only

ROWS = [
    Row("companies:area", only(RECRUITERS)),
]
