#!/usr/bin/env python3
"""Writes a deterministic corpus of pod-bearing manifests for scripts/bench-check.sh.

Pods, Deployments and CronJobs in equal parts, each with one to four containers; about one in ten violates the
restricted profile (privileged, added capabilities, hostPath, missing runAsNonRoot), the rest comply.
Usage: gen-check-corpus.py FOLDER [COUNT] [PER_FILE]
"""
import os
import random
import sys


def container(rng, i, bad):
    c = {
        "name": f"c{i}",
        "image": f"registry.example.org/app{rng.randrange(50)}:1.{rng.randrange(30)}",
        "ports": [{"containerPort": 8080 + i}],
        "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}},
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "runAsNonRoot": True,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
    }
    if bad == 1:
        c["securityContext"]["privileged"] = True
    elif bad == 2:
        c["securityContext"]["capabilities"]["add"] = ["NET_ADMIN"]
    elif bad == 3:
        del c["securityContext"]["runAsNonRoot"]
    return c


def pod_spec(rng, n):
    bad = rng.randrange(1, 5) if rng.random() < 0.1 else 0
    spec = {"containers": [container(rng, i, bad if i == 0 else 0) for i in range(n)]}
    spec["volumes"] = [{"name": "tmp", "emptyDir": {}}]
    if bad == 4:
        spec["volumes"].append({"name": "host", "hostPath": {"path": "/var/log"}})
    return spec


def manifest(rng, index):
    kind = ("Pod", "Deployment", "CronJob")[index % 3]
    name = f"w{index}"
    meta = {"name": name, "namespace": f"team-{index % 7}", "labels": {"app": name}}
    spec = pod_spec(rng, rng.randrange(1, 5))
    if kind == "Pod":
        return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}
    template = {"metadata": {"labels": {"app": name}}, "spec": spec}
    if kind == "Deployment":
        return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta,
                "spec": {"replicas": 2, "selector": {"matchLabels": {"app": name}}, "template": template}}
    template["spec"]["restartPolicy"] = "OnFailure"
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta,
            "spec": {"schedule": "*/5 * * * *", "jobTemplate": {"spec": {"template": template}}}}


def to_yaml(value, indent=0):
    """A small YAML emitter (flow style for scalars), so the generator needs nothing but Python."""
    pad = "  " * indent
    if isinstance(value, dict):
        lines = []
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{k}:")
                lines.append(to_yaml(v, indent + 1))
            else:
                lines.append(f"{pad}{k}: {scalar(v)}")
        return "\n".join(lines)
    lines = []
    for item in value:
        if isinstance(item, (dict, list)) and item:
            body = to_yaml(item, indent + 1)
            lines.append(f"{pad}- {body.lstrip()}")
        else:
            lines.append(f"{pad}- {scalar(item)}")
    return "\n".join(lines)


def scalar(v):
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, dict):
        return "{}"
    if isinstance(v, list):
        return "[]"
    if isinstance(v, int):
        return str(v)
    return '"' + str(v) + '"'


def main():
    folder = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    per_file = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    rng = random.Random(42)
    os.makedirs(folder, exist_ok=True)
    for start in range(0, count, per_file):
        with open(os.path.join(folder, f"manifests-{start // per_file:04d}.yaml"), "w", newline="\n") as f:
            for i in range(start, min(start + per_file, count)):
                f.write("---\n" + to_yaml(manifest(rng, i)) + "\n")


if __name__ == "__main__":
    main()
