from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from lots.core.entrances import family_sign_in_offered


def home(request):
    """The front page: the way into the public catalogue, the staff's sign-in and the family's.
    A signed-in member of staff goes on to their start page."""
    if request.user.is_authenticated:
        return redirect("todo:start")
    return render(request, "core/front.html", {"family_sign_in": family_sign_in_offered()})


def healthz(request):
    """For the load balancer: the process answers and the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def render_in_place(request, template: str, fragment: str, context: dict) -> HttpResponse:
    """The whole page, or only the fragment an htmx request asks for (a filter that updates the
    results in place). Both vary on HX-Request, so no cache serves one for the other."""
    response = render(request, fragment if request.htmx else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
