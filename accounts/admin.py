from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm

from accounts.models import User, normalize_email


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "is_active", "email_verified")

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if User.objects.with_email(email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Email already registered.")
        return email


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users by email, not username. Staff access follows the role (admin), so there are no
    is_staff / is_superuser / groups fields to keep in step."""

    form = UserEditForm
    add_form = UserCreationForm
    list_display = ("email", "full_name", "role", "is_active", "email_verified", "created_at", "last_login")
    list_filter = ("role", "is_active", "email_verified", "created_at")
    search_fields = ("email", "full_name")
    ordering = ("-created_at",)
    readonly_fields = ("id", "created_at", "updated_at", "last_login")
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("id", "email", "password")}),
        ("Profile", {"fields": ("full_name", "role", "email_verified", "is_active")}),
        ("Dates", {"fields": ("last_login", "created_at", "updated_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "role", "password1", "password2")}),
    )
