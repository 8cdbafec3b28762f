from django.urls import path

from lots.children import access_views as views

app_name = "access"
urlpatterns = [
    path("", views.secrecy_map, name="secrecy_map"),
    path("bryt-glaset/", views.break_glass, name="break_glass"),
    path("barn/<int:child_id>/samtycken/", views.child_consents, name="child_consents"),
    path("barn/<int:child_id>/samtycken/nytt/", views.consent_new, name="consent_new"),
    path("samtycken/<int:consent_id>/", views.consent_detail, name="consent"),
]
