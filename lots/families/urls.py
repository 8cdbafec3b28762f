from django.urls import path

from lots.families.views import engagement, network, team

app_name = "families"
urlpatterns = [
    path("", team.team, name="team"),
    path("remiss/ny/<int:child_id>/", team.referral_new, name="referral_new"),
    path("remiss/<int:referral_id>/", team.referral, name="referral"),
    path("familj/<int:engagement_id>/", engagement.engagement, name="engagement"),
    path("kontakt/<int:contact_id>/", engagement.contact, name="contact"),
    path("natverk/<int:child_id>/", network.network, name="network"),
    path("natverksmote/<int:meeting_id>/", network.meeting, name="meeting"),
]
