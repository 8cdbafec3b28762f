from django.urls import path

from lots.security import enrolment_views, oidc, views

# Not namespaced: mozilla-django-oidc reverses its two views by these names.
urlpatterns = [
    path("idp/", oidc.StartView.as_view(), name="oidc_authentication_init"),
    path("idp/tillbaka/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("inloggningar/", views.my_sessions, name="my_sessions"),
    path("inloggningar/logga-ut-overallt/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("aktivera-kod/<str:token>/", enrolment_views.enrol, name="enrol_second_factor"),
]
