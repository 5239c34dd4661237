"""cargo-deny's license and duplicate checks, offline: reads `cargo metadata` for every workspace that
ships code (the service and the wasm build) and fails on a license outside the allow-list or on a
crate compiled in two versions that is not accepted below with a reason.

usage: python3 scripts/check-dependencies.py
"""
import collections
import json
import re
import subprocess
import sys

ALLOWED_LICENSES = {
    "MIT", "MIT-0", "Apache-2.0", "Apache-2.0 WITH LLVM-exception", "BSD-2-Clause", "BSD-3-Clause",
    "ISC", "Zlib", "Unicode-3.0", "Unlicense", "BSL-1.0", "CC0-1.0",
}

# Two versions of one crate in a shipped binary, each traced with `cargo tree -d -e normal`.
ACCEPTED_DUPLICATES = {
    "base64": "lambda_runtime and aws_lambda_events use 0.22 (as we do), hyper-util 0.23",
    "getrandom": "ring (through rustls-webpki) uses 0.2, ahash (through jsonschema) 0.3",
    "syn": "jsonschema-macros-core uses syn 3; everything else syn 2 (build time only)",
}

WORKSPACES = {"service": "Cargo.toml", "wasm build": "schema-wasm/Cargo.toml"}


def shipped_packages(manifest: str) -> list[dict]:
    """The workspace members and everything they need to build (dev-dependencies excluded)."""
    metadata = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked", "--manifest-path", manifest,
         "--filter-platform", "x86_64-unknown-linux-gnu"],
        check=True, capture_output=True, text=True).stdout)
    packages = {package["id"]: package for package in metadata["packages"]}
    nodes = {node["id"]: node for node in metadata["resolve"]["nodes"]}
    reached, pending = set(), list(metadata["workspace_members"])
    while pending:
        package_id = pending.pop()
        if package_id in reached:
            continue
        reached.add(package_id)
        pending += [dep["pkg"] for dep in nodes[package_id]["deps"]
                    if any(kind["kind"] != "dev" for kind in dep["dep_kinds"])]
    return [packages[package_id] for package_id in reached]


def license_allowed(expression: str | None) -> bool:
    """An SPDX expression (or the old `A/B` form) that some choice of alternatives fully allows."""
    if not expression:
        return False
    expression = expression.replace("/", " OR ").replace("(", " ").replace(")", " ")
    # Parentheses only ever group alternatives here, so reading AND as binding tighter is enough
    # when each AND-part is itself checked for any allowed alternative.
    parts = re.split(r"\s+AND\s+", expression)
    return all(any(choice.strip() in ALLOWED_LICENSES for choice in re.split(r"\s+OR\s+", part))
               for part in parts)


def main() -> int:
    problems = []
    for name, manifest in WORKSPACES.items():
        packages = shipped_packages(manifest)
        versions = collections.defaultdict(set)
        for package in packages:
            versions[package["name"]].add(package["version"])
            if package["source"] and not license_allowed(package["license"]):
                problems.append(f"{name}: {package['name']} {package['version']} has license "
                                f"{package['license']!r}, not in the allow-list")
        duplicates = {crate: sorted(found) for crate, found in versions.items() if len(found) > 1}
        for crate, found in sorted(duplicates.items()):
            if crate not in ACCEPTED_DUPLICATES:
                problems.append(f"{name}: {crate} is built in versions {', '.join(found)}")
        print(f"{name}: {len(packages)} crates, licenses allowed, duplicates: "
              f"{', '.join(f'{c} {v}' for c, v in sorted(duplicates.items())) or 'none'}")
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
