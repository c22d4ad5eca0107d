"""Demo people for `manage.py seed_demo`. Idempotent: existing accounts are left as they are."""

from dataclasses import dataclass

from accounts.models import Role, User

DEMO_PASSWORD = "Nclex-Demo-2026"


@dataclass(frozen=True)
class DemoPeople:
    admin: User
    tutor: User
    students: list[User]


def seed(people: DemoPeople | None = None) -> DemoPeople:
    """The demo admin, tutor and students (the first demo module: the others build on what it returns)."""

    def person(email: str, full_name: str, role: str, phone_number: str = "") -> User:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"full_name": full_name, "role": role, "email_verified": True, "phone_number": phone_number},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    return DemoPeople(
        admin=person("admin@nclex.test", "Ada Admin", Role.ADMIN),
        tutor=person("tutor@nclex.test", "Dr. Sarah Chen", Role.TUTOR),
        students=[
            # libphonenumber's example numbers for the US, Nigeria and Ghana.
            person("student@nclex.test", "Sam Student", Role.USER, "+12015550123"),
            person("jane@nclex.test", "Jane Doe", Role.USER, "+2342033123456"),
            person("kofi@nclex.test", "Kofi Mensah", Role.USER, "+233302345678"),
        ],
    )


def describe(people: DemoPeople) -> list[str]:
    lines = ["Log in with any of these:"]
    for user in [people.admin, people.tutor, *people.students]:
        lines.append(f"  {user.role:<6} {user.email:<22} {DEMO_PASSWORD}")
    return lines
