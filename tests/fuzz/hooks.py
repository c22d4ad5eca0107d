"""Schemathesis hooks for the fuzzing run (loaded by the CLI through `hooks = "tests.fuzz.hooks"`).

Ids in paths and bodies are drawn from the generated value (a random UUID, or junk in negative mode)
and from real objects, so that fuzzing gets past the lookups: the fuzzing user's own objects, another
user's, an unpublished course. The test passes the real ids in `FUZZ_PATH_OBJECTS` (JSON: parameter
name -> ids, with `admin_users` standing in for `id` under `/admin/users/`).
"""

import json
import os

import schemathesis
from hypothesis import strategies as st

PATH_OBJECTS: dict[str, list[str]] = json.loads(os.environ.get("FUZZ_PATH_OBJECTS", "{}"))
# Body fields that name an object, and the path parameter whose ids they take.
BODY_OBJECTS = {"receiver_id": "other_user_id", "course_id": "course_id"}


def _real_ids(name: str, path: str) -> list[str]:
    if name == "id" and path.startswith("/api/admin/users/"):
        return PATH_OBJECTS.get("admin_users", [])
    return PATH_OBJECTS.get(name, [])


@schemathesis.hook
def flatmap_path_parameters(ctx, path_parameters):
    path = ctx.operation.path
    choices = {name: [value, *_real_ids(name, path)] for name, value in (path_parameters or {}).items()}
    return st.fixed_dictionaries({name: st.sampled_from(values) for name, values in choices.items()})


@schemathesis.hook
def flatmap_body(ctx, body):
    if not isinstance(body, dict):
        return st.just(body)
    fields = {
        name: st.sampled_from([value, *PATH_OBJECTS.get(BODY_OBJECTS[name], [])])
        for name, value in body.items()
        if name in BODY_OBJECTS
    }
    if not fields:
        return st.just(body)
    return st.fixed_dictionaries(fields).map(lambda chosen: {**body, **chosen})
