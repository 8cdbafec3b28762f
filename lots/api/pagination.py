from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Lists are paged by an opaque cursor: stable while rows are added, and never a count (a
    count would judge every row against the access policy)."""

    ordering = "pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
