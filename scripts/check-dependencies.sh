#!/usr/bin/env bash
# cargo-deny on both workspaces that ship code (deny.toml): licenses, bans, sources and RustSec
# advisories. Advisories come from the live database where GitHub answers; elsewhere from the offline
# snapshot (RIDE_RECORD_ADVISORY_DB, or ../shared/rustsec/advisory-db.bundle), put in GitHub's place
# for cargo-deny's own git fetch. First the check shows it can fail: a made-up advisory against a
# crate of the graph must be reported. Installs cargo-deny into the tools cache on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=${RIDE_RECORD_TOOLS:-$HOME/.cache/ride-record/tools}
deny=$tools/cargo-deny/bin/cargo-deny
# A debug build of the tool: it compiles in less time and checks this graph in seconds.
[ -x "$deny" ] || cargo install -q --debug --locked cargo-deny --version 0.20.2 --no-default-features --root "$tools/cargo-deny"

live=https://github.com/RustSec/advisory-db
work=$(mktemp -d -t deny.XXXXXX)
trap 'rm -rf "$work"' EXIT

# deny.toml with its own database directory, so that no run reads another's copy.
config_with_db() {
    cp deny.toml "$work/$1.toml"
    echo "db-path = \"$work/$1-dbs\"" >>"$work/$1.toml"
    echo "$work/$1.toml"
}

if timeout 30 git ls-remote -q "$live" HEAD >/dev/null 2>&1; then
    database=$live
    echo "advisories: the live RustSec database"
else
    database=${RIDE_RECORD_ADVISORY_DB:-}
    for candidate in ../shared/rustsec/advisory-db.bundle /work/shared/rustsec/advisory-db.bundle; do
        [ -n "$database" ] || { [ -f "$candidate" ] && database=$(realpath "$candidate"); } || true
    done
    [ -f "$database" ] || { echo "advisories: GitHub is out of reach and no snapshot found: set RIDE_RECORD_ADVISORY_DB"; exit 1; }
    echo "advisories: GitHub is out of reach; the snapshot $database (head $(git bundle list-heads "$database" | head -1 | cut -c1-12))"
fi

# cargo-deny on manifest $3 with config $2, its git fetch of $live served $1 instead.
deny_from() {
    local source=$1 config=$2 manifest=$3
    shift 3
    GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="url.$source.insteadOf" GIT_CONFIG_VALUE_0="$live" \
        "$deny" --manifest-path "$manifest" --locked --config "$config" "$@"
}

# The check can fail: the same database plus an advisory against every version of `bytes`.
git clone -q "$database" "$work/planted"
mkdir -p "$work/planted/crates/bytes"
cat >"$work/planted/crates/bytes/RUSTSEC-2026-9999.md" <<'ADVISORY'
```toml
[advisory]
id = "RUSTSEC-2026-9999"
package = "bytes"
date = "2026-12-07"

[versions]
patched = []
```

# A made-up advisory: the check must report it
ADVISORY
git -C "$work/planted" add -A
git -C "$work/planted" -c user.name=check -c user.email=check@localhost commit -qm "planted advisory"
if deny_from "$work/planted" "$(config_with_db planted)" Cargo.toml check advisories >"$work/planted.log" 2>&1 ||
    ! grep -q RUSTSEC-2026-9999 "$work/planted.log"; then
    cat "$work/planted.log"
    echo "advisories: a planted advisory went unreported: the check cannot fail"
    exit 1
fi
echo "advisories: a planted advisory is reported, as it must be"

config=$(config_with_db checked)
for manifest in Cargo.toml schema-wasm/Cargo.toml; do
    echo "cargo deny: $manifest"
    deny_from "$database" "$config" "$manifest" check advisories licenses bans sources
done
