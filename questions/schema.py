"""The item types in the OpenAPI schema: one component per type for its content, answer and response.

`questions.itemtypes` holds the JSON Schema of each type's three JSON values; the postprocessing hook
`item_type_components` (in SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]) publishes them as components
named after the type (`MultipleChoiceContent`, `MultipleChoiceAnswer`, `MultipleChoiceResponse`...),
and the serializers' `content`, `answer` and `response` fields point at them as `oneOf` these, so a
client generator gets one typed shape per item type.
"""

from questions import itemtypes

PARTS = {
    "Content": itemtypes.content_schema,
    "Answer": itemtypes.answer_schema,
    "Response": itemtypes.response_schema,
}


def component_name(item_type: str, part: str) -> str:
    """`multiple_choice`, "Content" -> `MultipleChoiceContent`."""
    return "".join(word.capitalize() for word in item_type.split("_")) + part


def one_of(part: str) -> dict:
    """A `oneOf` over the part's component of every type (the item's `type` says which one applies)."""
    return {
        "oneOf": [{"$ref": f"#/components/schemas/{component_name(t, part)}"} for t in itemtypes.ITEM_TYPES],
    }


CONTENT_ONE_OF = one_of("Content")
ANSWER_ONE_OF = one_of("Answer")
RESPONSE_ONE_OF = one_of("Response")


def item_type_components(result, generator, request, public):
    """drf-spectacular postprocessing hook: adds the 3 x 17 item-type components to the schema."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for item_type in itemtypes.ITEM_TYPES:
        for part, schema_of in PARTS.items():
            schema = schema_of(item_type)
            schema.setdefault("description", f"`{part.lower()}` of a `{item_type}` item.")
            schemas[component_name(item_type, part)] = schema
    result["components"]["schemas"] = dict(sorted(schemas.items()))
    return result
