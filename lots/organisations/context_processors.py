def acting_membership(request):
    return {
        "acting_membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", []),
    }
