"""The student area."""

from django.shortcuts import render

from campus_portal.roles import role_required


@role_required("student")
def area(request):
    return render(request, "students/area.html")
