from django.urls import path

from lots.catalogue import public_views, views

app_name = "catalogue"
urlpatterns = [
    # Public, no sign-in
    path("insatser/", public_views.search, name="public_search"),
    path("insatser/<int:pk>/", public_views.entry, name="public_entry"),
    path("insatser/verksamheter/<int:agency_id>/", public_views.agency, name="public_agency"),
    # Staff
    path("katalog/", views.search, name="search"),
    path("katalog/mina/", views.mine, name="mine"),
    path("katalog/ny/", views.new, name="new"),
    path("katalog/import/", views.import_entries, name="import"),
    path("katalog/export/", views.export, name="export"),
    path("katalog/<int:pk>/", views.entry, name="entry"),
    path("katalog/<int:pk>/versioner/", views.versions, name="versions"),
    path("katalog/<int:pk>/andra/", views.edit, name="edit"),
    path("katalog/<int:pk>/granskad/", views.review, name="review"),
    path("katalog/verksamheter/<int:agency_id>/andra/", views.edit_profile, name="edit_profile"),
    path("katalog/barn/<int:child_id>/forslag/", views.suggest, name="suggest"),
]
