from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from lots.core.views import healthz
from lots.organisations import views as organisation_views
from lots.security.login import LoginView

admin.site.site_header = "Lots – administration"
admin.site.site_title = "Lots"

urlpatterns = [
    path("konto/logga-in/", LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/engangskod/", organisation_views.otp_verify, name="otp_verify"),
    path("konto/roll/", organisation_views.choose_membership, name="choose_membership"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("att-gora/", include("lots.children.todo_urls")),
    path("barn/", include("lots.children.urls")),
    path("sekretess/", include("lots.children.access_urls")),
    path("logg/", include("lots.audit.urls")),
    path("notiser/", include("lots.notifications.urls")),
    path("ingang/", include("lots.intake.urls")),
    path("", include("lots.catalogue.urls")),
    path("konto/", include("lots.security.urls")),
    path("dokument/", include("lots.documents.urls")),
    path("sip/", include("lots.plans.urls")),
    path("api/v1/", include("lots.api.urls")),
    path("interop/", include("lots.interop.urls")),
    path("rutiner/", include("lots.routines.urls")),
    path("uppfoljning/", include("lots.followup.urls")),
    path("familjelots/", include("lots.families.urls")),
    path("avvikelser/", include("lots.deviations.urls")),
    path("forum/", include("lots.forums.urls")),
    path("franvaro/", include("lots.attendance.urls")),
    path("familj/familjelots/", include("lots.families.public_urls")),
    path("familj/", include("lots.portal.urls")),
    path("dev-idp/", include("lots.portal.dev_idp")),  # 404 unless LOTS_DEV_IDP (never in production)
    path("", include("lots.core.urls")),
]

handler400 = "lots.security.views.bad_request"
handler500 = "lots.security.views.server_error"
