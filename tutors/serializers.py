from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exams.serializers import ExamResultSerializer, ReadinessSerializer
from practice.serializers import PerformanceSerializer
from questions.models import ClientNeed, Exam
from tutors.models import Cohort


class TutorProfileSerializer(serializers.Serializer):
    """A tutor in the directory."""

    id = serializers.UUIDField()
    full_name = serializers.CharField()
    bio = serializers.CharField()
    photo_url = serializers.URLField(allow_blank=True, help_text="Empty when the tutor has no photo.")
    subjects = serializers.ListField(child=serializers.CharField(), help_text="Exams and subjects they cover.")


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.CharField()


class CohortRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class CohortSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(max_length=120)
    tutor = PersonSerializer(read_only=True)
    student_ids = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_student_ids(self, cohort: Cohort) -> list[str]:
        return [str(member.student_id) for member in cohort.members.all()]


class CohortWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, allow_blank=False, trim_whitespace=True)
    tutor_id = serializers.UUIDField()
    student_ids = serializers.ListField(
        child=serializers.UUIDField(), max_length=1000, required=False, help_text="The members (students), all of them."
    )


class CohortFilterSerializer(serializers.Serializer):
    cohort = serializers.UUIDField(required=False, help_text="Only the students of this cohort.")


class CourseProgressRowSerializer(serializers.Serializer):
    course_id = serializers.UUIDField()
    title = serializers.CharField()
    progress_percentage = serializers.IntegerField(min_value=0, max_value=100)
    completed_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class StudentClientNeedSerializer(serializers.Serializer):
    client_need = serializers.ChoiceField(choices=ClientNeed.choices)
    answered = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True, help_text="Credit earned / credit possible * 100.")


class StudentPerformanceSerializer(serializers.Serializer):
    answered = serializers.IntegerField(help_text="All the student's answers, practice and adaptive exams.")
    percent = serializers.FloatField(allow_null=True, help_text="Credit earned / credit possible * 100.")
    by_client_need = StudentClientNeedSerializer(many=True)


class LatestExamSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    exam = serializers.ChoiceField(choices=Exam.choices)
    finished_at = serializers.DateTimeField()
    result = ExamResultSerializer(help_text="The score report, as the student sees it.")


class TutorStudentSerializer(serializers.Serializer):
    """One of a tutor's students, as the workspace lists them."""

    id = serializers.UUIDField()
    full_name = serializers.CharField()
    email = serializers.EmailField()
    is_active = serializers.BooleanField()
    cohort = serializers.SerializerMethodField()
    last_activity = serializers.DateTimeField(
        allow_null=True, help_text="The latest of their login, answer, course progress update and sent message."
    )
    courses = CourseProgressRowSerializer(many=True, help_text="Progress in published courses, latest first.")
    performance = StudentPerformanceSerializer()
    latest_exam = serializers.SerializerMethodField()
    readiness = ReadinessSerializer(help_text="For the test of their latest adaptive exam (RN before any).")

    @extend_schema_field(CohortRefSerializer(allow_null=True))
    def get_cohort(self, row: dict) -> dict | None:
        return {"id": str(row["cohort_id"]), "name": row["cohort_name"]} if row["cohort_id"] else None

    @extend_schema_field(LatestExamSerializer(allow_null=True, help_text="Their newest finished adaptive exam."))
    def get_latest_exam(self, row: dict) -> dict | None:
        exam = row["latest_exam"]
        return LatestExamSerializer(exam).data if exam is not None else None


class TutorStudentDetailSerializer(TutorStudentSerializer):
    performance = PerformanceSerializer(help_text="The student's whole performance page (GET users/me/performance/).")
    readiness_by_exam = ReadinessSerializer(many=True, help_text="Readiness for RN and for PN.")
