from django.urls import include, path

from lots.urls import urlpatterns as lots_urlpatterns

urlpatterns = [
    path("bench-baseline/", include("benchmarks.baseline")),
    *lots_urlpatterns,
]
