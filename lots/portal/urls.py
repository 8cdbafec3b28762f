from django.db.transaction import non_atomic_requests
from django.urls import path

from lots.portal import oidc, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.sign_in, name="sign_in"),
    # Outside a request's transaction: they call the IdP, which may be this same Lots (the
    # development IdP), and a write lock held meanwhile would stop it answering (SQLite).
    path("idp/", non_atomic_requests(oidc.StartView.as_view()), name="oidc_start"),
    path("idp/tillbaka/", non_atomic_requests(oidc.CallbackView.as_view()), name="oidc_callback"),
    path("barn/<int:child_id>/", views.child, name="child"),
    path("barn/<int:child_id>/samtycke/<int:consent_id>/svar/", views.answer, name="answer"),
    path("barn/<int:child_id>/samtycke/<int:consent_id>/aterkalla/", views.withdraw, name="withdraw"),
    path("barn/<int:child_id>/plan/<int:sip_id>/egna-ord/", views.write_words, name="write_words"),
    path("barn/<int:child_id>/plan/<int:sip_id>/upplevelse/", views.answer_experience, name="answer_experience"),
    path("barn/<int:child_id>/mote/<int:meeting_id>.ics", views.meeting_ics, name="meeting_ics"),
    path("barn/<int:child_id>/vem-har-last/", views.who_has_read, name="who_has_read"),
    path("barn/<int:child_id>/plan/<int:sip_id>.pdf", views.plan_pdf, name="plan_pdf"),
]
