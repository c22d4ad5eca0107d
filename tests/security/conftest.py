"""A small school for the security suites: the five kinds of caller and objects each of them owns.

`student` owns everything there is to own (an enrollment, progress, a conversation, a pending sandbox
payment); `outsider` is another student who owns nothing; `peer` is the tutor the student writes
to, the "other user" of conversation paths. Every user's password is `DEFAULT_PASSWORD`.
"""

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from accounts.tests.factories import AdminFactory, TutorFactory, UserFactory
from courses.models import Course
from courses.tests.factories import CourseFactory, CourseProgressFactory, EnrollmentFactory, PaidCourseFactory
from exams.models import AdaptiveExam
from exams.tests.factories import exam_in_progress
from messaging.models import Message
from messaging.tests.factories import MessageFactory
from payments.models import Payment
from payments.tests.factories import PaymentFactory
from practice.models import PracticeTest
from practice.tests.factories import PracticeTestFactory
from practice.tests.factories import QuestionFactory as PublishedQuestionFactory
from questions.models import CaseStudy, Question, Status
from questions.tests.factories import QuestionFactory, case_study_with_items

ROLES = ("anonymous", "student", "tutor", "admin", "outsider")


@dataclass
class School:
    student: User
    tutor: User
    admin: User
    outsider: User
    peer: User
    free_course: Course
    paid_course: Course
    hidden_course: Course
    message_to_peer: Message
    message_from_peer: Message
    payment: Payment
    practice_test: PracticeTest  # the student's, in tutor mode, one published item
    question: Question
    adaptive_exam: AdaptiveExam  # the student's, in progress, its current item a calibrated one
    case_study: CaseStudy  # a draft with its six items, for the authors' case-study endpoints

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)

    def client(self, role: str) -> APIClient:
        """What a browser is: CSRF checks on, and the role's bearer token (none when anonymous)."""
        client = APIClient(enforce_csrf_checks=True)
        user = self.user(role)
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
        return client


@pytest.fixture
def school(db, settings) -> School:
    settings.PAYMENTS_SANDBOX_ENABLED = True
    settings.PAYSTACK_SECRET_KEY = ""
    settings.FLUTTERWAVE_SECRET_KEY = ""
    settings.FLUTTERWAVE_SECRET_HASH = ""
    settings.PAYMENT_CARD_PROVIDER = ""
    student = UserFactory()
    peer = TutorFactory()
    free_course, paid_course = CourseFactory(), PaidCourseFactory()
    EnrollmentFactory(user=student, course=free_course)
    CourseProgressFactory(user=student, course=free_course, progress_percentage=40)
    return School(
        student=student,
        tutor=TutorFactory(),
        admin=AdminFactory(),
        outsider=UserFactory(),
        peer=peer,
        free_course=free_course,
        paid_course=paid_course,
        hidden_course=CourseFactory(is_published=False),
        message_to_peer=MessageFactory(sender=student, receiver=peer, content="student to peer, private"),
        message_from_peer=MessageFactory(sender=peer, receiver=student, content="peer to student, private"),
        payment=PaymentFactory(user=student, course=paid_course, provider=Payment.Provider.SANDBOX),
        practice_test=PracticeTestFactory(user=student, questions=[PublishedQuestionFactory()]),
        question=QuestionFactory(status=Status.DRAFT),
        adaptive_exam=exam_in_progress(student)[0],
        case_study=case_study_with_items(status=Status.DRAFT),
    )
