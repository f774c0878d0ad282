from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import require


@require_GET
def index(request):
    require(request, "governance.view_alerts")
    return render(request, "governance/index.html")
