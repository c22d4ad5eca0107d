"""The item types in the OpenAPI schema: one component per type for content, answer and response."""

import pytest

from questions import itemtypes
from questions.schema import component_name

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/?format=json").json()


@pytest.mark.parametrize("item_type", itemtypes.ITEM_TYPES)
def test_each_type_has_a_content_answer_and_response_component(schema, item_type):
    components = schema["components"]["schemas"]

    for part, schema_of in (("Content", itemtypes.content_schema), ("Answer", itemtypes.answer_schema),
                            ("Response", itemtypes.response_schema)):  # fmt: skip
        published = components[component_name(item_type, part)]
        assert published["properties"] == schema_of(item_type)["properties"]


def test_the_names_read_as_the_types(schema):
    assert {"MultipleChoiceContent", "MultipleChoiceAnswer", "MultipleChoiceResponse"} <= set(
        schema["components"]["schemas"]
    )


def test_an_items_content_and_answer_are_one_of_the_type_components(schema):
    item = schema["components"]["schemas"]["Question"]["properties"]

    refs = {ref["$ref"].rsplit("/", 1)[1] for ref in item["content"]["oneOf"]}
    assert refs == {component_name(t, "Content") for t in itemtypes.ITEM_TYPES}
    assert {ref["$ref"].rsplit("/", 1)[1] for ref in item["answer"]["oneOf"]} == {
        component_name(t, "Answer") for t in itemtypes.ITEM_TYPES
    }


def test_every_component_reference_resolves(schema):
    import json
    import re

    names = set(schema["components"]["schemas"])
    for ref in set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(schema))):
        assert ref in names
