from django.urls import path

from lots.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.review, name="review"),
    path("flaggade/", views.flagged, name="flagged"),
    path("granskad/", views.mark_reviewed, name="mark_reviewed"),
]
