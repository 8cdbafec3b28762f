from django.urls import path

from lots.routines.views import journeys, routines

app_name = "routines"
urlpatterns = [
    path("", routines.routine_list, name="list"),
    path("att-lasa/", routines.to_read, name="to_read"),
    path("version/<int:version_id>/", routines.version, name="version"),
    path("version/<int:version_id>/kvittera/", routines.acknowledge, name="acknowledge"),
    path("version/<int:version_id>/lasstatus/", routines.read_status, name="read_status"),
    path("version/<int:version_id>/redigera/", routines.edit, name="edit"),
    path("version/<int:version_id>/steg/ny/", routines.step_edit, name="step_new"),
    path("version/<int:version_id>/steg/<int:step_id>/", routines.step_edit, name="step_edit"),
    path("version/<int:version_id>/steg/<int:step_id>/ta-bort/", routines.step_delete, name="step_delete"),
    path("version/<int:version_id>/publicera/", routines.publish, name="publish"),
    path("<int:routine_id>/nytt-utkast/", routines.draft, name="draft"),
    path("<int:routine_id>/processvy/", routines.process, name="process"),
    path("barn/<int:child_id>/starta/", journeys.start, name="start"),
    path("resa/<int:journey_id>/", journeys.journey, name="journey"),
    path("resa/steg/<int:step_id>/", journeys.act, name="act"),
    path("resa/steg/<int:step_id>/overlamna/", journeys.hand_over, name="hand_over"),
]
