from django.contrib.auth.hashers import Argon2PasswordHasher


class SchoolArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at the OWASP ASVS minimum (t=2, m=19 MiB, p=1) instead of Django's 100 MiB / p=8.

    A fraction of Django's CPU per login (measured in bench/RESULTS.md), at a strength OWASP still
    recommends. Hashes made with other parameters are re-hashed on the next successful login
    (Django's `must_update`).
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
