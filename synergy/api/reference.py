"""Turn an OpenAPI schema into a plain list of operations for the reference page."""

from dataclasses import dataclass, field


@dataclass
class Parameter:
    name: str
    location: str
    required: bool
    type: str
    description: str = ""


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    tag: str
    parameters: list[Parameter] = field(default_factory=list)
    fields: list[Parameter] = field(default_factory=list)  # of the object returned (or listed)
    paginated: bool = False

    @property
    def anchor(self) -> str:
        return f"{self.method}-{self.path}".lower().replace("/", "-").replace("{", "").replace("}", "").strip("-")


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _type(node: dict) -> str:
    if "anyOf" in node:
        return " | ".join(_type(option) for option in node["anyOf"])
    return node.get("type", "object")


def _returned_fields(schema: dict, response: dict) -> tuple[list[Parameter], bool]:
    body = _resolve(schema, response.get("content", {}).get("application/json", {}).get("schema", {}))
    paginated = "items" in body.get("properties", {}) and "count" in body.get("properties", {})
    if paginated:
        body = _resolve(schema, body["properties"]["items"].get("items", {}))
    required = set(body.get("required", []))
    return [
        Parameter(name, "", name in required, _type(node), node.get("description", ""))
        for name, node in body.get("properties", {}).items()
    ], paginated


def operations(schema: dict) -> list[Operation]:
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, spec in methods.items():
            parameters = [
                Parameter(
                    p["name"], p["in"], p.get("required", False), _type(p.get("schema", {})), p.get("description", "")
                )
                for p in spec.get("parameters", [])
            ]
            responses = spec.get("responses", {})
            ok = responses.get(200) or responses.get("200") or {}  # ninja keys codes by int until serialised
            fields, paginated = _returned_fields(schema, ok)
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=spec.get("summary", ""),
                    description=spec.get("description", ""),
                    tag=(spec.get("tags") or [""])[0],
                    parameters=parameters,
                    fields=fields,
                    paginated=paginated,
                )
            )
    return found
