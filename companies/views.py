"""The company area."""

from django.shortcuts import render

from campus_portal.roles import role_required


@role_required("company")
def area(request):
    return render(request, "companies/area.html")
