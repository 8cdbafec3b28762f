from django.urls import path

from lots.children import access_views as views
from lots.children import assignment_views

app_name = "access"
urlpatterns = [
    path("", views.secrecy_map, name="secrecy_map"),
    path("bryt-glaset/", views.break_glass, name="break_glass"),
    path("barn/<int:child_id>/samtycken/", views.child_consents, name="child_consents"),
    path("barn/<int:child_id>/samtycken/nytt/", views.consent_new, name="consent_new"),
    path("samtycken/<int:consent_id>/", views.consent_detail, name="consent"),
    path("enhet/", assignment_views.unit, name="unit"),
    path("enhet/utan-ansvarig/", assignment_views.without_owner, name="without_owner"),
    path("enhet/barn/<int:child_id>/tilldela/", assignment_views.assign, name="assign"),
    path("enhet/personal/<int:user_id>/", assignment_views.staff_leaving, name="staff_leaving"),
    path("tilldelningar/<int:assignment_id>/avsluta/", assignment_views.end, name="assignment_end"),
    path("tilldelningar/<int:assignment_id>/avboj/", assignment_views.decline, name="assignment_decline"),
]
