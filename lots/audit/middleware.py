from lots.audit.services import flush_denied


class DeniedAttemptMiddleware:
    """Writes denied attempts after the view: its transaction was rolled back by the 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        flush_denied()
        return response
