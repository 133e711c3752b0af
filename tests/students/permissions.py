from tests.permission_table import STUDENTS, Row, only

ROWS = [
    Row("students:area", only(STUDENTS)),
]
