#!/usr/bin/env python3
"""Generates src/PspReplacement/Kubernetes/api-types.json: the facts about Kubernetes' built-in API types that the
apiserver's decoding and defaulting depend on, read from the Go sources of k8s.io/api and k8s.io/apimachinery at
the release tag of every Kubernetes version pspr supports.

For every struct of every API group/version: its fields with the JSON name of the `json:` tag, `omitempty`,
`inline`, the Go type, and the declarative default (`// +default=` marker) — and for every version the fields a
type has, so a field that does not exist yet in a version is an unknown field there, as the apiserver's decoder
sees it. For every group/version: the kinds registered in register.go (addKnownTypes) and their lifecycle
(zz_generated.prerelease-lifecycle.go: the release that stopped serving them).

Usage: scripts/gen-kubernetes-types.py API_GIT_DIR APIMACHINERY_GIT_DIR
  API_GIT_DIR and APIMACHINERY_GIT_DIR are git clones of k8s.io/api and k8s.io/apimachinery (the staging
  repositories github.com/kubernetes/api and github.com/kubernetes/apimachinery) with their release tags; the
  script reads them with `git show TAG:PATH` and never changes them. Run it again when a Kubernetes version is
  added (edit VERSIONS), and commit the regenerated file.
"""
import json
import re
import subprocess
import sys

# Kubernetes 1.N is tag v0.N.x of the staging repositories. A version without a release yet uses its newest
# pre-release tag; the generated file records the tag used for each version.
VERSIONS = {
    "1.26": "v0.26.0", "1.27": "v0.27.0", "1.28": "v0.28.0", "1.29": "v0.29.0", "1.30": "v0.30.0",
    "1.31": "v0.31.0", "1.32": "v0.32.0", "1.33": "v0.33.0", "1.34": "v0.34.0", "1.35": "v0.35.0",
    "1.36": "v0.36.0", "1.37": "v0.37.0-beta.0",
}

# Packages of k8s.io/apimachinery that API types refer to, under the prefix their import path has.
APIMACHINERY_PACKAGES = {"pkg/apis/meta/v1": "meta/v1"}

# Types whose JSON form is not their Go struct (they implement json.Marshaler / UnstructuredConverter): the decoder
# knows each by this name.
SPECIAL = {
    "k8s.io/apimachinery/pkg/api/resource.Quantity": "Quantity",
    "k8s.io/apimachinery/pkg/util/intstr.IntOrString": "IntOrString",
    "k8s.io/apimachinery/pkg/apis/meta/v1.Time": "Time",
    "k8s.io/apimachinery/pkg/apis/meta/v1.MicroTime": "MicroTime",
    "k8s.io/apimachinery/pkg/apis/meta/v1.Duration": "Duration",
    "k8s.io/apimachinery/pkg/apis/meta/v1.FieldsV1": "RawJSON",
    "k8s.io/apimachinery/pkg/runtime.RawExtension": "RawJSON",
    "k8s.io/apimachinery/pkg/types.UID": "string",
    "k8s.io/apimachinery/pkg/types.NodeName": "string",
    "k8s.io/apimachinery/pkg/apis/meta/v1.Verbs": "[]string",
    "k8s.io/apimachinery/pkg/apis/meta/v1.Status": "RawJSON",
    "k8s.io/apimachinery/pkg/runtime.Object": "RawJSON",
    "k8s.io/apimachinery/pkg/runtime.Unknown": "RawJSON",
}
GO_BASIC = {"string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
            "float32", "float64", "byte"}


def git_show(repo, tag, path):
    return subprocess.run(["git", "-C", repo, "show", f"{tag}:{path}"], check=True, capture_output=True, text=True).stdout


def git_ls(repo, tag, path):
    out = subprocess.run(["git", "-C", repo, "ls-tree", "--name-only", f"{tag}:{path}"], capture_output=True, text=True)
    return out.stdout.split() if out.returncode == 0 else []


def source_files(repo, tag, pkg):
    for name in git_ls(repo, tag, pkg):
        if name.endswith(".go") and not name.endswith("_test.go") and not name.startswith("zz_generated") \
                and not name.startswith("generated.") and "swagger_doc" not in name:
            yield name


def strip_comments_keep_markers(text):
    """Removes /* */ comments; line comments are kept because markers live there."""
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


IMPORT_BLOCK = re.compile(r"^import\s*\((.*?)^\)", re.S | re.M)
IMPORT_LINE = re.compile(r'^\s*(?:(\w+)\s+)?"([^"]+)"', re.M)
IMPORT_SINGLE = re.compile(r'^import\s+(?:(\w+)\s+)?"([^"]+)"', re.M)


def imports_of(text):
    result = {}
    blocks = [m.group(1) for m in IMPORT_BLOCK.finditer(text)]
    lines = [m for b in blocks for m in IMPORT_LINE.finditer(b)] + list(IMPORT_SINGLE.finditer(text))
    for m in lines:
        alias, path = m.group(1), m.group(2)
        result[alias or path.rsplit("/", 1)[-1]] = path
    return result


TYPE_DECL = re.compile(r"^type\s+(\w+)\s+(.*)$")
FIELD = re.compile(r"^\s*(?:(\w+)\s+)?([\w\.\*\[\]]+(?:\[[\w\.\*]+\][\w\.\*\[\]]+)?)\s*(`[^`]*`)?\s*(//.*)?$")


CONST = re.compile(r'^\s*(\w+)\s+(?:\w+\s+)?=\s*("(?:[^"\\]|\\.)*"|-?\d+)\s*(//.*)?$')


def parse_package(texts):
    """Returns ({struct name: [field]}, {named non-struct type: go type expr}, {const name: Go literal})."""
    structs, named, consts = {}, {}, {}
    for text in texts:
        for block in re.findall(r"^const\s*\((.*?)^\)", text, re.S | re.M):
            for line in block.split("\n"):
                c = CONST.match(line)
                if c:
                    consts[c.group(1)] = c.group(2)
        text = strip_comments_keep_markers(text)
        file_imports = imports_of(text)
        lines = text.split("\n")
        i = 0
        markers = []  # the top-level markers (// +...) above the next type declaration
        while i < len(lines):
            line = lines[i]
            if line.startswith("// +"):
                markers.append(line[3:].strip())
            elif line.strip() and not line.startswith("//"):
                if not TYPE_DECL.match(line):
                    markers = []
            m = TYPE_DECL.match(line)
            if m and m.group(2).replace(" ", "").startswith("struct{}"):
                structs[m.group(1)] = {"fields": [], "file_imports": file_imports, "markers": markers}
                markers = []
            elif m and m.group(2).startswith("struct {"):
                name = m.group(1)
                type_markers, markers = markers, []
                fields = []
                i += 1
                field_markers = []
                while i < len(lines) and not lines[i].startswith("}"):
                    raw = lines[i].strip()
                    i += 1
                    if raw.startswith("//"):
                        if raw.startswith("// +"):
                            field_markers.append(raw[3:].strip())
                        continue
                    if not raw:
                        field_markers = []
                        continue
                    raw = raw.replace("interface{}", "RAWJSON")
                    fm = FIELD.match(raw)
                    if not fm:
                        raise SystemExit(f"cannot parse field of {name}: {raw!r}")
                    go_name, go_type, tag = fm.group(1), fm.group(2), fm.group(3) or ""
                    json_tag = re.search(r'json:"([^"]*)"', tag)
                    parts = json_tag.group(1).split(",") if json_tag else [""]
                    json_name, options = parts[0], parts[1:]
                    if json_name == "-":
                        field_markers = []
                        continue
                    default = None
                    for marker in field_markers:
                        if marker.startswith("+default="):
                            default = marker[len("+default="):]
                    fields.append({
                        "go": go_name or go_type.lstrip("*").rsplit(".", 1)[-1],
                        "json": json_name,
                        "type": qualify(go_type, file_imports),
                        "omitempty": "omitempty" in options,
                        "inline": "inline" in options or (go_name is None and json_name == ""),
                        "default": default,
                    })
                    field_markers = []
                structs[name] = {"fields": fields, "file_imports": file_imports, "markers": type_markers}
            elif m:
                name, rest = m.group(1), m.group(2).split("//")[0].strip()
                if rest.startswith("="):  # an alias: type X = other.X
                    rest = rest[1:].strip()
                if rest and not rest.startswith("interface") and not rest.startswith("func"):
                    named[name] = qualify(rest, file_imports)
            i += 1
    return structs, named, consts


def qualify(go_type, file_imports):
    """Turns a Go type expression into one with import paths: []metav1.Time -> []k8s.io/.../meta/v1.Time."""
    def repl(m):
        alias, name = m.group(1), m.group(2)
        path = file_imports.get(alias)
        return f"{path}.{name}" if path else m.group(0)
    return re.sub(r"\b(\w+)\.(\w+)\b", repl, go_type)


def kinds_of(register_text):
    m = re.search(r"AddKnownTypes\(SchemeGroupVersion,(.*?)\)\s*\n", register_text, re.S)
    if not m:
        return []
    return re.findall(r"&(\w+)\{\}", m.group(1))


def group_of(register_text):
    m = re.search(r'const GroupName\s*=\s*"([^"]*)"', register_text)
    return m.group(1) if m else ""


def lifecycle_of(repo, tag, pkg):
    try:
        text = git_show(repo, tag, f"{pkg}/zz_generated.prerelease-lifecycle.go")
    except subprocess.CalledProcessError:
        return {}
    result = {}
    for kind, what, major, minor in re.findall(r"func \(in \*(\w+)\) APILifecycle(Introduced|Removed)\(\) \(major, minor int\) \{\s*return (\d+), (\d+)", text):
        result.setdefault(kind, {})[what.lower()] = f"{major}.{minor}"
    return result


def package_list(repo, tag):
    for group in git_ls(repo, tag, ""):
        for version in git_ls(repo, tag, group):
            if re.fullmatch(r"v\d+((alpha|beta)\d+)?", version) and "register.go" in git_ls(repo, tag, f"{group}/{version}"):
                yield f"{group}/{version}"


def resolve_type(expr, pkg_path, packages):
    """Normalises a qualified Go type to the table's vocabulary: basic names, SPECIAL names, PKG.Type for structs
    of a known package, and the element type of named slices/maps/basics followed through."""
    if expr.startswith("*"):
        return "*" + resolve_type(expr[1:], pkg_path, packages)
    if expr.startswith("[]"):
        inner = expr[2:]
        return "[]byte" if inner == "byte" else "[]" + resolve_type(inner, pkg_path, packages)
    if expr.startswith("map["):
        depth, i = 0, 3
        while True:
            if expr[i] == "[":
                depth += 1
            elif expr[i] == "]":
                depth -= 1
                if depth == 0:
                    break
            i += 1
        key = resolve_type(expr[4:i], pkg_path, packages)
        if key not in ("string",):
            raise SystemExit(f"map key type {expr} in {pkg_path}")
        return "map[string]" + resolve_type(expr[i + 1:], pkg_path, packages)
    if expr in GO_BASIC:
        return expr
    if expr == "RAWJSON":
        return "RawJSON"
    if expr in SPECIAL:
        return SPECIAL[expr]
    if "." in expr:
        path, name = expr.rsplit(".", 1)
    else:
        path, name = pkg_path, expr
    full = f"{path}.{name}"
    if full in SPECIAL:
        return SPECIAL[full]
    pkg = packages.get(path)
    if pkg is None:
        raise SystemExit(f"type {full} (from {pkg_path}) is in no package the table knows; add it to SPECIAL or the packages")
    short = pkg["short"]
    if name in pkg["structs"]:
        return f"{short}.{name}"
    if name in pkg["named"]:
        return resolve_type(pkg["named"][name], path, packages)
    raise SystemExit(f"unknown type {full}")


def named_of(expr, pkg_path, packages):
    """The package-qualified name of a named non-struct type (core/v1.ResourceList, core/v1.Protocol): the defaulting
    functions that apply to such a type and encoding/json's errors know it by that name; None for structs, unnamed
    types and Go's basic types."""
    expr = expr.lstrip("*")
    if expr.startswith("[]") or expr.startswith("map[") or expr in GO_BASIC or expr in SPECIAL:
        return None
    path, name = expr.rsplit(".", 1) if "." in expr else (pkg_path, expr)
    pkg = packages.get(path)
    if pkg is None or name not in pkg["named"]:
        return None
    return f"{pkg['short']}.{name}"


def default_value(marker, pkg):
    """A +default= marker's value as JSON: JSON literals as written, ref(Const) as the constant's value."""
    m = re.fullmatch(r"ref\((\w+)\)", marker)
    if m:
        literal = pkg["consts"].get(m.group(1))
        if literal is None:
            raise SystemExit(f"+default=ref({m.group(1)}) in {pkg['short']}: no such constant")
        return json.loads(literal)
    return json.loads(marker)


def read_version(api, machinery, tag, machinery_tag):
    packages = {}
    for pkg in package_list(api, tag):
        texts = [git_show(api, tag, f"{pkg}/{name}") for name in source_files(api, tag, pkg)]
        structs, named, consts = parse_package(texts)
        register = git_show(api, tag, f"{pkg}/register.go")
        group = group_of(register)
        packages[f"k8s.io/api/{pkg}"] = {
            "short": pkg, "structs": structs, "named": named, "consts": consts, "group": group, "version": pkg.split("/")[1],
            "kinds": kinds_of(register), "lifecycle": lifecycle_of(api, tag, pkg),
        }
    for pkg, short in APIMACHINERY_PACKAGES.items():
        texts = [git_show(machinery, machinery_tag, f"{pkg}/{name}") for name in source_files(machinery, machinery_tag, pkg)]
        structs, named, _ = parse_package(texts)
        packages[f"k8s.io/apimachinery/{pkg}"] = {"short": short, "structs": structs, "named": named, "consts": {}, "group": None, "kinds": [], "lifecycle": {}}
    types, kinds = {}, {}
    for path, pkg in packages.items():
        for name, struct in pkg["structs"].items():
            if f"{path}.{name}" in SPECIAL:
                continue
            fields = []
            for f in struct["fields"]:
                entry = {**{k: v for k, v in f.items() if k != "type"}, "type": resolve_type(f["type"], path, packages)}
                named_type = named_of(f["type"], path, packages)
                if named_type:
                    entry["named"] = named_type
                if f["default"] is not None:
                    entry["default"] = default_value(f["default"], pkg)
                fields.append(entry)
            types[f"{pkg['short']}.{name}"] = fields
        if pkg["group"] is not None:
            for kind in pkg["kinds"]:
                gv = f"{pkg['group']}/{pkg['version']}" if pkg["group"] else pkg["version"]
                # client-gen's marker for cluster-scoped kinds: the scope the apiserver registers the resource with.
                namespaced = "+genclient:nonNamespaced" not in (pkg["structs"].get(kind, {}).get("markers") or [])
                kinds[f"{gv}/{kind}"] = {"type": f"{pkg['short']}.{kind}", "namespaced": namespaced, **pkg["lifecycle"].get(kind, {})}
    return types, kinds


def machinery_tag_for(machinery, tag):
    # apimachinery is tagged in lockstep with k8s.io/api.
    subprocess.run(["git", "-C", machinery, "rev-parse", "--verify", f"{tag}^{{commit}}"], check=True, capture_output=True)
    return tag


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    api, machinery = sys.argv[1], sys.argv[2]
    per_version = {}
    for version, tag in VERSIONS.items():
        per_version[version] = read_version(api, machinery, tag, machinery_tag_for(machinery, tag))
        print(f"{version} ({tag}): {len(per_version[version][0])} types, {len(per_version[version][1])} kinds", file=sys.stderr)
    versions = list(VERSIONS)
    # One entry per distinct field definition, with the versions it exists in as a range (first..last).
    types = {}
    for version in versions:
        for name, fields in per_version[version][0].items():
            entries = types.setdefault(name, [])
            for f in fields:
                match = next((e for e in entries if all(e[k] == f[k] for k in f) and e["until"] == versions[versions.index(version) - 1]), None)
                if match and versions.index(version) > 0:
                    match["until"] = version
                else:
                    entries.append({**f, "since": version, "until": version})
    kinds = {}
    for version in versions:
        for gvk, info in per_version[version][1].items():
            entry = kinds.setdefault(gvk, {"type": info["type"], "since": version, "until": version})
            entry["until"] = version
            entry["type"] = info["type"]
            entry["namespaced"] = info["namespaced"]
            for k in ("introduced", "removed"):
                if k in info:
                    entry[k] = info[k]
    last = versions[-1]
    for entries in types.values():
        for e in entries:
            if e["until"] == last:
                e["until"] = None
            if e.get("default", 0) is None:
                del e["default"]
            for k in ("omitempty", "inline"):
                if not e[k]:
                    del e[k]
    for entry in kinds.values():
        if entry["until"] == last:
            entry["until"] = None
    for entries in types.values():
        for e in entries:
            if not e.get("inline"):
                del e["go"]  # only an embedded field's Go name (its type's name) is ever shown
    # One kind or field per line, keys sorted: a regenerated file diffs by the facts that changed.
    line = lambda value: json.dumps(value, sort_keys=True, separators=(",", ":"))
    out = sys.stdout
    out.write("{\n")
    out.write(f' "generatedBy": "scripts/gen-kubernetes-types.py (do not edit: run it again)",\n')
    out.write(f' "sources": {line({v: {"k8s.io/api": t, "k8s.io/apimachinery": t} for v, t in VERSIONS.items()})},\n')
    out.write(' "kinds": {\n')
    out.write(",\n".join(f"  {json.dumps(k)}: {line(v)}" for k, v in sorted(kinds.items())))
    out.write("\n },\n \"types\": {\n")
    out.write(",\n".join(f"  {json.dumps(name)}: [\n" + ",\n".join(f"   {line(e)}" for e in entries) + "\n  ]"
                         for name, entries in sorted(types.items())))
    out.write("\n }\n}\n")


if __name__ == "__main__":
    main()
