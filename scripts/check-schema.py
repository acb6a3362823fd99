#!/usr/bin/env python3
"""Checks policy files against schema/policy.schema.json.

    scripts/check-schema.py FILE...                    # exit 0 when every file is valid, 1 otherwise
    scripts/check-schema.py --expect-invalid FILE...   # exit 0 only when every file is invalid

Prints `FILE: ok` for a valid file and `FILE: PATH: message` for each error, PATH written as
`jikim policy check` writes it (`retention[2].keep`, `(top level)`). Exit status 2: the schema itself is
not a valid draft 2020-12 schema, or a file cannot be read.

The schema checks the format only; `jikim policy check` also checks the rules of PIPA.

Scalars are resolved as Jikim's reader reads them, not as YAML 1.1 would: only plain `true` and `false` are
booleans, only plain decimal whole numbers are integers, `~`/`null`/empty are null, and everything else,
dates included, is a string (`yes`, `0x1F` and `1.5` are strings; the reader rejects `yes` as a boolean
too). Date and datetime values that still come through (an explicit `!!timestamp` tag) become ISO strings
before validation. A key written twice is an error, as it is for the reader.
"""

import argparse
import datetime
import json
import re
import sys
from pathlib import Path

import jsonschema
import yaml

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "policy.schema.json"


class ReaderResolver(yaml.resolver.BaseResolver):
    """Implicit types as the reader sees them; no timestamps, floats, octals or merge keys."""


ReaderResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
ReaderResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
ReaderResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class ReaderConstructor(yaml.constructor.SafeConstructor):
    def construct_decimal_int(self, node):
        return int(self.construct_scalar(node), 10)  # `010` is ten, as Swift's Int("010") reads it

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key '{key_node.value}' appears twice in one mapping", key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


ReaderConstructor.add_constructor("tag:yaml.org,2002:int", ReaderConstructor.construct_decimal_int)


class ReaderLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
                   ReaderConstructor, ReaderResolver):
    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        ReaderConstructor.__init__(self)
        ReaderResolver.__init__(self)


def to_json(value):
    """Dates and datetimes to ISO strings and keys to strings, recursively."""
    if isinstance(value, dict):
        return {str(to_json(key)): to_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def policy_path(path):
    text = ""
    for component in path:
        if isinstance(component, int):
            text += f"[{component}]"
        else:
            text += f".{component}" if text else str(component)
    return text or "(top level)"


def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def short(value):
    if value is None:
        return "an empty value"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Explainer:
    """Turns validation errors into messages in the reader's words, where the schema allows."""

    def __init__(self, schema):
        self.schema = schema

    def resolve(self, subschema):
        reference = subschema.get("$ref", "") if isinstance(subschema, dict) else ""
        if reference.startswith("#/$defs/"):
            return self.resolve(self.schema["$defs"][reference[len("#/$defs/"):]])
        return subschema

    def accepted_types(self, subschema):
        """The JSON types a subschema can accept, or None when it does not say."""
        subschema = self.resolve(subschema)
        if not isinstance(subschema, dict):
            return None
        if "type" in subschema:
            types = subschema["type"]
            return set([types] if isinstance(types, str) else types)
        if "const" in subschema:
            return {json_type(subschema["const"])}
        if "enum" in subschema:
            return {json_type(value) for value in subschema["enum"]}
        for keyword in ("anyOf", "oneOf"):
            if keyword in subschema:
                branches = [self.accepted_types(branch) for branch in subschema[keyword]]
                return None if None in branches else set().union(*branches)
        return None

    @staticmethod
    def fits(instance, types):
        kind = json_type(instance)
        return types is None or kind in types or (kind == "integer" and "number" in types)

    def explain_all(self, errors):
        """[(path, message)] for several errors."""
        errors = list(errors)
        # A value that does not look like a date at all is not also reported as an impossible date.
        misshapen = {tuple(error.absolute_path) for error in errors if error.validator == "pattern"}
        return [found for error in errors
                if not (error.validator == "format" and tuple(error.absolute_path) in misshapen)
                for found in self.explain(error)]

    def explain(self, error):
        """[(path, message)] for one error."""
        path, schema, instance = list(error.absolute_path), error.schema, error.instance
        if error.validator == "additionalProperties" and isinstance(instance, dict):
            known = sorted(schema.get("properties", {}))
            return [(path + [key], f"unknown key '{key}'; expected one of: {', '.join(known)}")
                    for key in instance if key not in known]
        if error.validator in ("anyOf", "oneOf") and error.context:
            branches = {}
            for child in error.context:
                branches.setdefault(child.relative_schema_path[0], []).append(child)
            fitting = [index for index in branches
                       if self.fits(instance, self.accepted_types(schema[error.validator][index]))]
            if len(fitting) == 1:
                return self.explain_all(branches[fitting[0]])
            if not fitting:
                types = set().union(*(self.accepted_types(branch) or set() for branch in schema[error.validator]))
                types.discard("null")  # an empty value means "absent"; it is never what was meant
                return [(path, f"{short(instance)} is not of type {' or '.join(repr(t) for t in sorted(types))}")]
        if error.validator == "type" and instance is None:
            return [(path, "a value is required here, found an empty value")]
        if error.validator == "enum":
            return [(path, f"{short(instance)} is not one of: {', '.join(map(str, error.validator_value))}")]
        if error.validator == "pattern" and "patternErrorMessage" in schema:
            return [(path, f"{schema['patternErrorMessage']}, found {short(instance)}")]
        if "errorMessage" in schema:
            return [(path, schema["errorMessage"])]
        if error.validator in ("anyOf", "oneOf"):
            return [(path, f"{short(instance)} is not valid under any of the given schemas")]
        return [(path, error.message)]


def check(validator, explainer, file):
    """Returns the list of `PATH: message` errors, or raises OSError / yaml.YAMLError."""
    with open(file, encoding="utf-8") as stream:
        document = yaml.load(stream, Loader=ReaderLoader)
    instance = to_json(document)
    found = explainer.explain_all(validator.iter_errors(instance))
    order = lambda item: [(0, c, "") if isinstance(c, int) else (1, 0, c) for c in item[0]]
    return [f"{policy_path(path)}: {message}" for path, message in sorted(found, key=order)]


def main():
    parser = argparse.ArgumentParser(description="Check Jikim policy files against schema/policy.schema.json.")
    parser.add_argument("--expect-invalid", action="store_true",
                        help="succeed only if every file is invalid (for fixtures that must be rejected)")
    parser.add_argument("--schema", default=str(SCHEMA_PATH), help="the schema (default: %(default)s)")
    parser.add_argument("files", nargs="+", metavar="FILE")
    arguments = parser.parse_args()

    try:
        with open(arguments.schema, encoding="utf-8") as stream:
            schema = json.load(stream)
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError) as error:
        print(f"{arguments.schema}: cannot be read: {error}", file=sys.stderr)
        return 2
    except jsonschema.SchemaError as error:
        print(f"{arguments.schema}: not a valid draft 2020-12 schema: {policy_path(error.absolute_path)}: {error.message}",
              file=sys.stderr)
        return 2
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    explainer = Explainer(schema)

    valid, invalid, unreadable = [], [], []
    for file in arguments.files:
        try:
            errors = check(validator, explainer, file)
        except OSError as error:
            print(f"{file}: cannot be read: {error.strerror or error}")
            unreadable.append(file)
            continue
        except UnicodeDecodeError:
            errors = ["(top level): the file is not UTF-8 text"]
        except yaml.YAMLError as error:
            errors = ["(top level): not valid YAML: " + " ".join(str(error).split())]
        if errors:
            invalid.append(file)
            for error in errors:
                print(f"{file}: {error}")
        else:
            valid.append(file)
            print(f"{file}: ok")

    if unreadable:
        return 2
    if arguments.expect_invalid:
        if valid:
            print(f"expected every file to be invalid; valid: {', '.join(valid)}", file=sys.stderr)
        return 1 if valid else 0
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
