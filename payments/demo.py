"""Demo data for `manage.py seed_demo`: a paid-and-enrolled, a pending and a declined sandbox payment,
the monthly all-access plan (NGN, USD, GBP: any new user can buy it in the sandbox), and a bank
transfer for it recorded by the admin.

Idempotent: each demo payment has a fixed transaction id (or reference) per student and the plan a
fixed name, so a second run adds nothing.
"""

from decimal import Decimal

from accounts.demo import DemoPeople
from accounts.models import User
from courses.models import Course, Enrollment, Plan
from courses.plan_services import plan_create
from courses.services import enrollment_create
from payments.gateways import sandbox
from payments.models import Payment, SandboxCharge
from payments.services import payment_record_manual

MONTHLY_PLAN = "Monthly All-Access"
MONTHLY_PRICES = {"NGN": Decimal("15000.00"), "USD": Decimal("20.00"), "GBP": Decimal("16.00")}
BANK_TRANSFER_REFERENCE = "DEMO-BANK-TRANSFER-0001"


def seed(people: DemoPeople) -> None:
    plan = _monthly_plan()
    if len(people.students) > 2 and not Payment.objects.filter(gateway_reference=BANK_TRANSFER_REFERENCE).exists():
        payment_record_manual(
            admin=people.admin,
            user_id=people.students[2].pk,
            plan_id=plan.pk,
            amount=MONTHLY_PRICES["NGN"],
            currency="NGN",
            reference=BANK_TRANSFER_REFERENCE,
            note="Demo: transfer to the school's account, checked on the bank statement.",
        )
    paid_courses = list(Course.objects.filter(is_published=True, price__gt=0).order_by("created_at"))
    if not paid_courses:
        return
    plan = zip(people.students, [Payment.Status.SUCCESS, Payment.Status.PENDING, Payment.Status.FAILED], strict=False)
    for student, status in plan:
        transaction_id = f"DEMO-{status}-{student.id.hex[:12]}"
        if Payment.objects.filter(transaction_id=transaction_id).exists():
            continue
        course = _course_to_buy(student, paid_courses)
        if course is not None:
            _demo_payment(student=student, course=course, status=status, transaction_id=transaction_id)


def _monthly_plan() -> Plan:
    plan = Plan.objects.filter(name=MONTHLY_PLAN).first()
    if plan is None:
        plan = plan_create(
            name=MONTHLY_PLAN,
            description="Every course for 30 days. Renew any time: the new month starts when yours ends.",
            duration_days=30,
            all_courses=True,
            prices=[{"currency": currency, "amount": amount} for currency, amount in MONTHLY_PRICES.items()],
        )
    return plan


def _course_to_buy(student: User, courses: list[Course]) -> Course | None:
    enrolled = set(Enrollment.objects.filter(user=student).values_list("course_id", flat=True))
    return next((course for course in courses if course.id not in enrolled), None)


def _demo_payment(*, student: User, course: Course, status: str, transaction_id: str) -> None:
    payment = Payment.objects.create(
        user=student,
        course=course,
        provider=Payment.Provider.SANDBOX,
        amount=course.price,
        currency=course.currency,
        transaction_id=transaction_id,
    )
    if status == Payment.Status.PENDING:
        return  # the customer never pressed a button on the checkout page
    charge = SandboxCharge.objects.create(
        payment=payment,
        outcome=SandboxCharge.Outcome.PAID if status == Payment.Status.SUCCESS else SandboxCharge.Outcome.DECLINED,
        amount=payment.amount,
        currency=payment.currency,
        gateway_id=sandbox.new_gateway_id(),
    )
    payment.status = status
    payment.gateway_reference = charge.gateway_id
    payment.gateway_payload = sandbox.charge_payload(charge)
    payment.failure_reason = "" if status == Payment.Status.SUCCESS else "Declined by the gateway. Declined"
    payment.save(update_fields=["status", "gateway_reference", "gateway_payload", "failure_reason", "updated_at"])
    if status == Payment.Status.SUCCESS:
        enrollment_create(user=student, course=course, source=Enrollment.Source.PAYMENT, payment=payment)
