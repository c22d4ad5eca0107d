from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError

from accounts.models import User, normalize_email
from accounts.phone_numbers import phone_number_e164


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "phone_number", "role", "is_active", "email_verified")

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if User.objects.with_email(email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Email already registered.")
        return email

    def clean_phone_number(self):
        try:
            return phone_number_e164(self.cleaned_data["phone_number"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users by email, not username. Staff access follows the role (admin), so there are no
    is_staff / is_superuser / groups fields to keep in step."""

    form = UserEditForm
    add_form = UserCreationForm
    list_display = (
        "email",
        "full_name",
        "phone_number",
        "role",
        "is_active",
        "email_verified",
        "created_at",
        "last_login",
    )
    list_filter = ("role", "is_active", "email_verified", "created_at")
    search_fields = ("email", "full_name", "phone_number")
    ordering = ("-created_at",)
    readonly_fields = ("id", "created_at", "updated_at", "last_login")
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("id", "email", "password")}),
        ("Profile", {"fields": ("full_name", "phone_number", "role", "email_verified", "is_active")}),
        ("Dates", {"fields": ("last_login", "created_at", "updated_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "role", "password1", "password2")}),
    )
