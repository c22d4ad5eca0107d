from rest_framework.permissions import BasePermission


class IsAdminRole(BasePermission):
    """The `admin` role. Anonymous requests get 401 (authentication runs first), others 403."""

    message = "You do not have permission to perform this action."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_admin)


class IsAuthor(BasePermission):
    """Who writes the question bank: the `tutor` and `admin` roles. Anonymous requests get 401, students 403."""

    message = "You do not have permission to perform this action."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role in ("tutor", "admin"))
