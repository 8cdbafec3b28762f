from django.urls import path

from lots.plans.views import experience, parts, plan

app_name = "plans"
urlpatterns = [
    path("", plan.mine, name="mine"),
    path("barn/<int:child_id>/begar/", plan.request_sip, name="request"),
    path("<int:sip_id>/", plan.detail, name="detail"),
    path("<int:sip_id>/historik/", plan.history, name="history"),
    path("<int:sip_id>/plan.pdf", plan.pdf, name="pdf"),
    path("<int:sip_id>/samtycke/", plan.consent, name="consent"),
    path("<int:sip_id>/samtycke/klart/", plan.confirm_consent, name="confirm_consent"),
    path("<int:sip_id>/ateruppta/", plan.resume, name="resume"),
    path("<int:sip_id>/andra/", plan.revise, name="revise"),
    path("<int:sip_id>/faststall/", plan.establish, name="establish"),
    path("<int:sip_id>/uppfoljning/", plan.follow_up, name="follow_up"),
    path("<int:sip_id>/avsluta/", plan.close, name="close"),
    path("<int:sip_id>/stall-in/", plan.cancel, name="cancel"),
    path("<int:sip_id>/upplevelse/ny/", experience.experience_new, name="experience_new"),
    path("<int:sip_id>/deltagare/ny/", parts.participant_new, name="participant_new"),
    path("<int:sip_id>/deltagare/<int:participant_id>/", parts.participant_change, name="participant_change"),
    path("<int:sip_id>/anteckningar/ny/", parts.note_new, name="note_new"),
    path("<int:sip_id>/moten/nytt/", parts.meeting_new, name="meeting_new"),
    path("<int:sip_id>/moten/<int:meeting_id>/", parts.meeting, name="meeting"),
    path("<int:sip_id>/moten/<int:meeting_id>/andra/", parts.meeting_edit, name="meeting_edit"),
    path("<int:sip_id>/moten/<int:meeting_id>/stall-in/", parts.meeting_cancel, name="meeting_cancel"),
    path("<int:sip_id>/moten/<int:meeting_id>/kallelse.ics", parts.meeting_ics, name="meeting_ics"),
    path("<int:sip_id>/mal/nytt/", parts.goal_new, name="goal_new"),
    path("<int:sip_id>/mal/<int:goal_id>/", parts.goal_edit, name="goal_edit"),
    path("<int:sip_id>/insatser/ny/", parts.action_new, name="action_new"),
    path("<int:sip_id>/insatser/<int:action_id>/", parts.action_edit, name="action_edit"),
]
