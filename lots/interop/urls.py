from django.urls import path

from lots.interop import views

app_name = "interop"
urlpatterns = [
    path("sip/<int:sip_id>/fhir.json", views.sip_fhir, name="sip_fhir"),
    path("sip/<int:sip_id>/fhir-import/", views.sip_fhir_import, name="sip_fhir_import"),
    path("import/elever/", views.children_import, name="children_import"),
    path("import/elever/<int:import_id>/", views.children_import_result, name="children_import_result"),
    path("import/elever/<int:import_id>/genomfor/", views.children_import_confirm, name="children_import_confirm"),
]
