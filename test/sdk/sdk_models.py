"""
Reads Endgrate's official Python SDK (its EndgrateApi operations and pydantic models) and prints, as JSON, what it
sends and what it accepts: per operation its method, path, query parameters, body model and answer model; per model
its fields (wire name, required, nullable, type, nested model, enum values). test/sdk/openapi-sdk.test.ts compares this
with Weft's OpenAPI document.

Usage: python3 sdk_models.py <path of the SDK folder>
"""
import inspect
import json
import re
import sys
import typing

sys.path.insert(0, sys.argv[1])

import endgrate  # noqa: E402
from endgrate.api.endgrate_api import EndgrateApi  # noqa: E402
from pydantic import BaseModel  # noqa: E402

MODELS = {}


def describe(annotation):
    """A field's type as {type, nullable, model?, items?, values?}."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Union:
        inner = [a for a in args if a is not type(None)]
        out = describe(inner[0]) if len(inner) == 1 else {"type": "any"}
        out["nullable"] = out.get("nullable", False) or len(inner) < len(args)
        return out
    if origin is typing.Annotated:
        return describe(args[0])
    if origin in (list, typing.List):
        return {"type": "array", "items": describe(args[0]) if args else {"type": "any"}, "nullable": False}
    if origin in (dict, typing.Dict):
        return {"type": "object", "values": describe(args[1]) if len(args) > 1 else {"type": "any"}, "nullable": False}
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        model(annotation)
        return {"type": "object", "model": annotation.__name__, "nullable": False}
    name = getattr(annotation, "__name__", str(annotation))
    simple = {"StrictStr": "string", "str": "string", "StrictBool": "boolean", "bool": "boolean", "StrictInt": "integer",
              "int": "integer", "StrictFloat": "number", "float": "number", "Any": "any", "object": "any"}
    if name in simple:
        return {"type": simple[name], "nullable": False}
    # Constrained types (conint, constr...) carry their base in __supertype__ or in metadata.
    for base, t in ((str, "string"), (bool, "boolean"), (int, "integer"), (float, "number")):
        try:
            if inspect.isclass(annotation) and issubclass(annotation, base):
                return {"type": t, "nullable": False}
        except TypeError:
            pass
    return {"type": "any", "nullable": False}


def enum_values(cls, field):
    """The values a generated `<field>_validate_enum` validator allows, if it has one."""
    for name, fn in inspect.getmembers(cls):
        if name == f"{field}_validate_enum":
            src = inspect.getsource(getattr(fn, "__func__", fn))
            m = re.search(r"set\(\[(.*?)\]\)", src, re.S)
            if m:
                return [json.loads(v.replace("'", '"')) for v in re.findall(r"'[^']*'", m.group(1))]
    return None


def model(cls):
    if cls.__name__ in MODELS:
        return
    MODELS[cls.__name__] = {}
    fields = {}
    for name, info in cls.model_fields.items():
        if name == "additional_properties":
            continue
        wire = info.alias or name
        d = describe(info.annotation)
        values = enum_values(cls, name)
        if values is not None:
            d["enum"] = values
        d["required"] = info.is_required()
        fields[wire] = d
    MODELS[cls.__name__] = fields


def operations():
    out = []
    for name, fn in inspect.getmembers(EndgrateApi, inspect.isfunction):
        if name.startswith("_") or name.endswith("_with_http_info") or name.endswith("_without_preload_content"):
            continue
        serialize = inspect.getsource(getattr(EndgrateApi, f"_{name}_serialize"))
        source = inspect.getsource(fn)
        method = re.search(r"method='(\w+)'", serialize)
        path = re.search(r"resource_path='([^']+)'", serialize).group(1)
        query = re.findall(r"_query_params.append\(\('(\w+)'", serialize)
        answer = re.search(r"'200': \"(\w+)\"", source)
        body = None
        for pname, param in inspect.signature(fn).parameters.items():
            ann = param.annotation
            ann = typing.get_args(ann)[0] if typing.get_origin(ann) is typing.Annotated else ann
            if typing.get_origin(ann) is typing.Union:
                ann = next((a for a in typing.get_args(ann) if a is not type(None)), ann)
            if inspect.isclass(ann) and issubclass(ann, BaseModel):
                model(ann)
                body = ann.__name__
        if answer:
            model(getattr(endgrate, answer.group(1)))
        out.append({
            "name": name,
            "method": method.group(1) if method else "GET",
            "path": path,
            "query": query,
            "body": body,
            "answer": answer.group(1) if answer else None,
        })
    return out


ops = operations()
# The callback models (the webhooks' bodies) too, and every other model the SDK has.
for _name, _cls in inspect.getmembers(endgrate, inspect.isclass):
    if issubclass(_cls, BaseModel):
        model(_cls)
print(json.dumps({"operations": ops, "models": MODELS}, indent=1, sort_keys=True))
