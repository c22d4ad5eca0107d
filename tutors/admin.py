"""The admin site for tutors: cohorts, the assignment history, and a student's tutor on the user
page. Every change of a student's tutor made here goes through `tutors.services` and is recorded,
as through the API."""

from django import forms
from django.contrib import admin

from accounts.admin import UserAdmin, UserEditForm
from accounts.models import Role, User
from core.admin import ReadOnlyAdmin
from tutors.models import Cohort, CohortMember, TutorAssignment
from tutors.services import NOT_A_STUDENT, cohort_update, tutor_assign


class TutoringUserEditForm(UserEditForm):
    photo_url = forms.URLField(required=False, max_length=500, assume_scheme="https")

    class Meta(UserEditForm.Meta):
        fields = (*UserEditForm.Meta.fields, "tutor", "bio", "photo_url", "subjects", "unread_message_emails")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "tutor" in self.fields:
            self.fields["tutor"].queryset = User.objects.filter(role=Role.TUTOR, is_active=True).order_by("full_name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tutor") is not None and cleaned.get("role", self.instance.role) != Role.USER:
            self.add_error("tutor", NOT_A_STUDENT)
        return cleaned


class TutoringUserAdmin(UserAdmin):
    """accounts' user page, plus the tutor (students) and the directory profile (tutors)."""

    form = TutoringUserEditForm
    list_display = (*UserAdmin.list_display, "tutor")
    list_select_related = ("tutor",)
    list_filter = (*UserAdmin.list_filter, ("tutor", admin.RelatedOnlyFieldListFilter))
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Tutoring", {"fields": ("tutor", "bio", "photo_url", "subjects", "unread_message_emails")}),
    )

    def save_model(self, request, obj, form, change):
        if change and "tutor" in form.changed_data:
            new_tutor_id = obj.tutor_id
            obj.tutor_id = form.initial.get("tutor")  # the service changes it, and records the change
            super().save_model(request, obj, form, change)
            tutor_assign(actor=request.user, student=obj, tutor_id=new_tutor_id)
        else:
            super().save_model(request, obj, form, change)


admin.site.unregister(User)
admin.site.register(User, TutoringUserAdmin)


class CohortMemberInline(admin.TabularInline):
    model = CohortMember
    extra = 0
    raw_id_fields = ("student",)
    readonly_fields = ("joined_at",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "student":
            kwargs["queryset"] = User.objects.filter(role=Role.USER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    """Members are changed here through the tutors service: joining assigns the cohort's tutor."""

    list_display = ("name", "tutor", "created_at")
    search_fields = ("name", "tutor__full_name", "tutor__email")
    list_select_related = ("tutor",)
    inlines = [CohortMemberInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "tutor":
            kwargs["queryset"] = User.objects.filter(role=Role.TUTOR, is_active=True).order_by("full_name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Whatever changed (tutor, members), every member now follows the cohort's tutor, recorded.
        cohort = form.instance
        member_ids = list(cohort.members.values_list("student_id", flat=True))
        cohort_update(actor=request.user, cohort=cohort, student_ids=member_ids)


@admin.register(TutorAssignment)
class TutorAssignmentAdmin(ReadOnlyAdmin):
    """The history of who tutored whom: read only."""

    list_display = ("created_at", "student", "previous_tutor", "tutor", "assigned_by", "cohort")
    list_select_related = ("student", "previous_tutor", "tutor", "assigned_by", "cohort")
    search_fields = ("student__email", "student__full_name", "tutor__email")
    date_hierarchy = "created_at"
