"""Writing the OpenAPI document the app serves to api/openapi.json (committed)."""

from __future__ import annotations

import json

__all__ = ["render_openapi"]


def render_openapi(app) -> str:
    with app.test_request_context():
        spec = app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    return json.dumps(spec, indent=2, sort_keys=True) + "\n"
