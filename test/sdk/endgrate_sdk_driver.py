#!/usr/bin/env python3
"""
Drives a running Weft with Endgrate's own Python SDK (the referee of Weft's wire format), one phase of the journey
per run: `python3 endgrate_sdk_driver.py PHASE < input.json > output.json`.

Requests are built with the SDK's models from plain dicts (`from_dict`, then the SDK's own `to_dict` when it sends
them), so Weft receives exactly what a program using the SDK sends, nulls included. Every answer is deserialized by
the SDK into its response model (a body it cannot parse raises and fails the run), and the raw JSON is returned too,
for the test to check the values: the SDK's `TransferDataSchemaInner.from_dict` keeps only `id`.

Phases (input → output, all JSON):
- start:    {base, key, provider, hooks: {configuration, data, completed, error}} → the sessions initiated, the
            integrations, the hosted pages' statuses, the answers about sessions not yet configured; a session of a
            custom schema named by its title (sent with an option Weft does not know), and a session bypassing the UI
- custom:   {base, key, session_id} → the custom session's configuration and a pull addressed by the schema's title
- journey:  {base, key, session_id, contact_page, push} → configuration, pull transfer, every page of pull data,
            statistics, the push transfer, errors (also paged), schemas, the configuration afterwards
- webhooks: {configuration: [...], data: [...], completed: [...], error: [...]} (the bodies received) → each body as
            the SDK's callback model parsed it, and the negative checks (a wrong enum or type must be refused)
- delete:   {base, key, session_ids} → the deletions, and what the API answers about a deleted session
- operations: {} → the SDK's operations (the test checks that the journey called every one)

The SDK's folder comes from WEFT_ENDGRATE_SDK (the test resolves it). The SDK itself is never changed.
"""
import json
import os
import sys

sys.path.insert(0, os.environ["WEFT_ENDGRATE_SDK"])

import endgrate  # noqa: E402
from endgrate.exceptions import ApiException  # noqa: E402
from endgrate.models import (  # noqa: E402
    CompletedCallbackSchema,
    ConfigurationCallbackSchema,
    ConfigurationCallbackSchemaPassthroughSchemasValue,
    ConfigurationCallbackSchemaSchemasValue,
    ConfigurationCallbackSchemaSchemasValuePassthroughFieldsPropertiesValue,
    ConfigurationCallbackSchemaSchemasValueSchemaPropertiesValue,
    DataCallbackSchema,
    DefaultSuccessSchema,
    DeleteSchema,
    Error,
    ErrorCallbackSchema,
    GetApiErrors200Response,
    GetApiStatistics200Response,
    GetApiStatistics200ResponseStatisticsValue,
    PostApiSchemasRequest,
    PullInitiateSchema,
    PullTransferSchema,
    PushInitiateSchema,
    PushTransferSchema,
    SessionInitiateSchema,
    TransferResponseSchema,
)
from pydantic import ValidationError  # noqa: E402

# The operations called in this run, by the SDK's name for them.
CALLED = []


def client(inp):
    conf = endgrate.Configuration(host=inp["base"], access_token=inp["key"])
    return endgrate.EndgrateApi(endgrate.ApiClient(conf))


def call(api, op, *args, **kwargs):
    """Calls an operation (its `_with_http_info` form, which deserializes exactly as the plain one does, and also
    hands out the status and the raw body). A 2xx answer must parse into the operation's response model; another
    answer is returned with its body parsed by the SDK's `Error` model."""
    CALLED.append(op)
    try:
        res = getattr(api, op + "_with_http_info")(*args, **kwargs)
    except ApiException as e:
        content_type = e.headers.get("content-type", "") if e.headers else ""
        if "json" not in content_type:
            return {"op": op, "status": e.status, "content_type": content_type, "text": e.body}
        return {"op": op, "status": e.status, "content_type": content_type, "raw": json.loads(e.body), "parsed": Error.from_json(e.body).to_dict(), "model": "Error"}
    raw_text = res.raw_data.decode("utf-8")
    content_type = res.headers.get("content-type", "") if res.headers else ""
    out = {"op": op, "status": res.status_code, "content_type": content_type}
    ignored = res.headers.get("weft-ignored-fields") if res.headers else None
    if ignored is not None:
        out["ignored"] = ignored
    if res.data is None:
        # The hosted pages: HTML, which the SDK does not parse (its response map for them is empty).
        out["text"] = raw_text
        return out
    out["raw"] = json.loads(raw_text)
    out["model"] = type(res.data).__name__
    out["parsed"] = res.data.to_dict()
    return out


def deep_configuration(doc):
    """ConfigurationCallbackSchema types `schemas` and `passthrough_schemas` as plain dicts; the SDK has models for
    their values and their properties (used by its webhook request models): parse each with them too."""
    for value in (doc.get("schemas") or {}).values():
        ConfigurationCallbackSchemaSchemasValue.from_dict(value)
        for prop in ((value.get("schema") or {}).get("properties") or {}).values():
            ConfigurationCallbackSchemaSchemasValueSchemaPropertiesValue.from_dict(prop)
        for prop in ((value.get("passthrough_fields") or {}).get("properties") or {}).values():
            ConfigurationCallbackSchemaSchemasValuePassthroughFieldsPropertiesValue.from_dict(prop)
    for value in (doc.get("passthrough_schemas") or {}).values():
        ConfigurationCallbackSchemaPassthroughSchemasValue.from_dict(value)


def deep_statistics(doc):
    for value in (doc.get("statistics") or {}).values():
        GetApiStatistics200ResponseStatisticsValue.from_dict(value)


def hook(url, name):
    return {"endpoint": url, "metadata": {"hook": name, "n": 1}}


def phase_start(inp):
    api = client(inp)
    out = {}
    out["integrations"] = call(api, "get_api_integrations")
    out["integrations_of_provider"] = call(api, "get_api_integrations", provider=inp["provider"], category="CRM")
    hooks = inp["hooks"]
    schema = [{"endgrate_type": "crm-contact"}, {"endgrate_type": "crm-company"}]
    session = SessionInitiateSchema.from_dict(
        {
            "schema": schema,
            "configuration_webhook": hook(hooks["configuration"], "configuration"),
            "data_webhook": hook(hooks["data"], "data"),
            "completed_webhook": hook(hooks["completed"], "completed"),
            "error_webhook": hook(hooks["error"], "error"),
            "passthrough_fields": True,
            "save_session": True,
        }
    )
    out["session_request"] = session.to_dict()
    out["session"] = call(api, "post_api_session_initiate", session)
    session_id = out["session"]["parsed"]["session_id"]
    out["integrations_of_session"] = call(api, "get_api_integrations", session_id=session_id)
    # PullInitiateSchema and PushInitiateSchema send every optional field they hold, null when not given.
    pull = PullInitiateSchema.from_dict({"schema": [{"endgrate_type": "crm-contact"}], "data_webhook": hook(hooks["data"], "pull-data")})
    out["pull_request"] = pull.to_dict()
    out["pull_session"] = call(api, "post_api_pull_initiate", pull)
    push = PushInitiateSchema.from_dict({"schema": [{"endgrate_type": "crm-company"}], "error_webhook": hook(hooks["error"], "push-error")})
    out["push_request"] = push.to_dict()
    out["push_session"] = call(api, "post_api_push_initiate", push)
    out["not_configured"] = call(api, "get_api_session_configuration", out["pull_session"]["parsed"]["session_id"])
    # The hosted pages, as the SDK fetches them.
    out["page"] = call(api, "get_session", session_id)
    out["page_edit"] = call(api, "get_session_edit", session_id)
    out["page_reauthenticate"] = call(api, "get_session_reauthenticate", session_id)

    # A custom schema under an endgrate_type, named by its title (Endgrate's "Defining Custom Schemas"), with
    # properties that are the provider's own fields.
    custom = SessionInitiateSchema.from_dict({"schema": [CUSTOM_CONTACT]})
    out["custom_request"] = custom.to_dict()
    out["custom_session"] = call(api, "post_api_session_initiate", custom)
    # Bypassing the UI: the provider chosen in the developer's own UI; the hosted UI's options are not supported
    # (ignored, and named); `prepopulate` fills the sign-in (Salesforce's login_hint).
    bypass = SessionInitiateSchema.from_dict(
        {
            "schema": [{"endgrate_type": "crm-contact"}],
            "provider": inp["provider"],
            "bypass_ui": True,
            "schema_selection": True,
            "prepopulate": {"login_hint": "sdk-user@example.com"},
        }
    )
    out["bypass_request"] = bypass.to_dict()
    out["bypass_session"] = call(api, "post_api_session_initiate", bypass)
    # The SDK follows the redirect: straight to the provider's consent page, no choice of app before it.
    out["bypass_page"] = call(api, "get_session", out["bypass_session"]["parsed"]["session_id"])
    return out


CUSTOM_CONTACT = {
    "endgrate_type": "crm-contact",
    "type": "object",
    "title": "Contact",
    "properties": {
        "email": {"type": "string", "format": "email"},
        "first_name": {"type": "string"},
        "last_name": {"type": "string"},
        "company": {"type": "string"},
        "lifecyclestage": {"title": "Lifecycle Stage", "type": "string"},
    },
    "required": [],
}


def phase_custom(inp):
    """The custom session, once connected: its configuration, and a pull of it addressed by its title."""
    api = client(inp)
    sid = inp["session_id"]
    out = {"configuration": call(api, "get_api_session_configuration", sid)}
    deep_configuration(out["configuration"]["raw"])
    # With an option this Weft does not know (the SDK's models send extra keys as they are): ignored, not refused.
    pull = PullTransferSchema.from_dict({"session_id": sid, "endgrate_type": "Contact", "synchronous": True, "weft_option_from_the_future": True})
    out["pull_request"] = pull.to_dict()
    out["pull"] = call(api, "post_api_pull_transfer", pull)
    out["data"] = call(api, "get_api_pull_data", "Contact", out["pull"]["parsed"]["transfer_id"], limit=250)
    return out


def phase_journey(inp):
    api = client(inp)
    sid = inp["session_id"]
    out = {}
    out["configuration"] = call(api, "get_api_session_configuration", sid)
    deep_configuration(out["configuration"]["raw"])

    pull = PullTransferSchema.from_dict({"session_id": sid, "endgrate_type": "crm-contact", "synchronous": True})
    out["pull_request"] = pull.to_dict()
    out["pull"] = call(api, "post_api_pull_transfer", pull)
    transfer_id = out["pull"]["parsed"]["transfer_id"]
    pages = []
    offset = 0
    while offset is not None:
        page = call(api, "get_api_pull_data", "crm-contact", transfer_id, limit=inp["contact_page"], offset=offset)
        pages.append(page)
        nxt = (page["parsed"].get("meta") or {}).get("next")
        offset = nxt["offset"] if nxt else None
    out["pull_pages"] = pages

    out["statistics"] = call(api, "get_api_statistics", transfer_id=transfer_id)
    deep_statistics(out["statistics"]["raw"])

    push = PushTransferSchema.from_dict({"session_id": sid, "endgrate_type": "crm-company", "synchronous": True, "transfer_data": inp["push"]})
    out["push_request"] = push.to_dict()
    out["push"] = call(api, "post_api_push_transfer", push)
    push_id = out["push"]["parsed"]["transfer_id"]
    out["push_statistics"] = call(api, "get_api_statistics", session_id=sid, method="EXPORT")
    deep_statistics(out["push_statistics"]["raw"])

    out["errors"] = call(api, "get_api_errors", session_id=sid, transfer_id=push_id)
    out["errors_page"] = call(api, "get_api_errors", limit=1, offset=0, session_id=sid)

    schemas = PostApiSchemasRequest.from_dict({"session_id": sid, "data": [{"endgrate_type": "crm-contact", "associations": True}]})
    out["schemas_request"] = schemas.to_dict()
    out["schemas"] = call(api, "post_api_schemas", schemas)
    out["configuration_after"] = call(api, "get_api_session_configuration", sid)
    deep_configuration(out["configuration_after"]["raw"])
    return out


def refused(model, body):
    """True when the SDK's model refuses the body (the check that a parse is not vacuous)."""
    try:
        model.from_dict(body)
    except ValidationError:
        return True
    return False


def phase_webhooks(inp):
    models = {
        "configuration": ConfigurationCallbackSchema,
        "data": DataCallbackSchema,
        "completed": CompletedCallbackSchema,
        "error": ErrorCallbackSchema,
    }
    out = {"parsed": {}, "negative": {}}
    for kind, model in models.items():
        bodies = inp[kind]
        if not bodies:
            raise SystemExit(f"no {kind} webhook body to parse")
        out["parsed"][kind] = [model.from_dict(b).to_dict() for b in bodies]
    for b in inp["configuration"]:
        deep_configuration(b)
    # Each parse can fail: the same bodies with one wrong enum value or type are refused by the same models.
    error = inp["error"][0]
    out["negative"]["error webhook with error_type transfer_data"] = refused(ErrorCallbackSchema, {**error, "error_type": "transfer_data"})
    out["negative"]["error list with error_type transfer_data"] = refused(
        GetApiErrors200Response, {"success": True, "meta": {"count": 1}, "errors": [{**error, "error_type": "transfer_data"}]}
    )
    config = inp["configuration"][0]
    bad_provider = {**config["endgrate"], "provider_info": {**config["endgrate"]["provider_info"], "auth_type": "password"}}
    out["negative"]["configuration with auth_type password"] = refused(ConfigurationCallbackSchema, {**config, "endgrate": bad_provider})
    data = inp["data"][0]
    out["negative"]["data with a numeric id"] = refused(DataCallbackSchema, {**data, "transfer_data": [{"id": 1001}]})
    completed = inp["completed"][0]
    out["negative"]["completed with completed as a string"] = refused(CompletedCallbackSchema, {**completed, "completed": "true"})
    out["negative"]["statistics with method PULL"] = refused(GetApiStatistics200Response, {"method": "PULL"})
    out["negative"]["transfer response with a numeric transfer_id"] = refused(TransferResponseSchema, {"success": True, "transfer_id": 6})
    out["negative"]["success as a string"] = refused(DefaultSuccessSchema, {"success": "true"})
    return out


def phase_delete(inp):
    api = client(inp)
    out = {"deleted": [], "after": []}
    for sid in inp["session_ids"]:
        out["deleted"].append(call(api, "get_api_session_delete", DeleteSchema.from_dict({"session_id": sid})))
    sid = inp["session_ids"][0]
    out["after"].append(call(api, "get_api_session_configuration", sid))
    out["after"].append(call(api, "get_api_session_delete", DeleteSchema.from_dict({"session_id": sid})))
    out["after"].append(call(api, "get_session", sid))
    return out


def phase_operations(_inp):
    api_class = endgrate.EndgrateApi
    names = sorted(
        n
        for n in vars(api_class)
        if not n.startswith("_") and callable(getattr(api_class, n)) and not n.endswith(("_with_http_info", "_without_preload_content"))
    )
    return {"operations": names}


PHASES = {"start": phase_start, "custom": phase_custom, "journey": phase_journey, "webhooks": phase_webhooks, "delete": phase_delete, "operations": phase_operations}


def main():
    phase = sys.argv[1]
    inp = json.load(sys.stdin)
    out = PHASES[phase](inp)
    out["called"] = CALLED
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
