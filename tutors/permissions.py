from rest_framework.permissions import BasePermission


class IsTutorRole(BasePermission):
    """The `tutor` role (an active account). Anonymous requests get 401, other roles 403."""

    message = "You do not have permission to perform this action."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_tutor)
