from django.urls import path

from lots.forums import views

app_name = "forums"
urlpatterns = [
    path("", views.forum_list, name="list"),
    path("nytt/", views.forum_new, name="new"),
    path("<int:forum_id>/", views.forum_detail, name="detail"),
    path("<int:forum_id>/medlemmar/", views.member_add, name="member_add"),
    path("medlem/<int:member_id>/lamna/", views.member_remove, name="member_remove"),
    path("<int:forum_id>/moten/nytt/", views.meeting_new, name="meeting_new"),
    path("mote/<int:meeting_id>/", views.meeting, name="meeting"),
    path("mote/<int:meeting_id>/kallelse.ics", views.meeting_ics, name="meeting_ics"),
    path("mote/<int:meeting_id>/dagordning/", views.agenda_add, name="agenda_add"),
    path("mote/<int:meeting_id>/protokoll/", views.minutes, name="minutes"),
    path("mote/<int:meeting_id>/beslut/", views.decision_add, name="decision_add"),
    path("mote/<int:meeting_id>/atgarder/", views.action_add, name="action_add"),
    path("mote/<int:meeting_id>/atgarder/<int:action_id>/", views.action_follow_up, name="action_follow_up"),
    path("avvikelse/<int:deviation_id>/", views.raise_deviation, name="raise"),
]
