#!/usr/bin/env bash
# `make bench`: atlas against the tools users would pick instead, all talking to the
# same local Atlas stand-in (Digest auth) on loopback. Prints markdown tables; the
# numbers in BENCHMARKS.md come from this script.
#
# Needs: the static atlas and the stand-in built (make bench does it), hyperfine,
# /usr/bin/time, curl, python3.
set -euo pipefail

ATLAS=${ATLAS:-target/x86_64-unknown-linux-musl/release/atlas}
STANDIN=target/release/examples/atlas_standin
RUNS=${RUNS:-30}
ORG=5f71e5255afec75a3d0f96dc
PUB=bench-public-key
PRIV=bench-private-key-6a8f-4c1e-9d55-0b2e7a31c9d4
MT=application/vnd.atlas.2023-01-01+json
work=$(mktemp -d)
standin_pid=
trap 'stop_standin; rm -rf "$work"' EXIT

start_standin() { # $1: invitations to preload
    stop_standin
    rm -f "$work/url" "$work/requests.log"
    STANDIN_BRIEF=1 STANDIN_PRELOAD="$1" STANDIN_PUBLIC_KEY=$PUB STANDIN_PRIVATE_KEY=$PRIV \
        "$STANDIN" "$work/url" >/dev/null 2>>"$work/requests.log" &
    standin_pid=$!
    for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.02; done
    URL=$(cat "$work/url")
}
stop_standin() {
    if [ -n "$standin_pid" ]; then kill "$standin_pid" 2>/dev/null || true; wait "$standin_pid" 2>/dev/null || true; fi
    standin_pid=
}

# Commands run with a clean environment holding only what each tool needs.
cat >"$work/env.sh" <<EOS
export PATH=/usr/local/bin:/usr/bin:/bin HOME=$work
EOS
atlas_cmd() { echo "env -i PATH=/usr/bin:/bin HOME=$work MONGODB_ATLAS_OPS_MANAGER_URL=\$URL MONGODB_ATLAS_PUBLIC_API_KEY=$PUB MONGODB_ATLAS_PRIVATE_API_KEY=$PRIV $ATLAS $*"; }
curl_cmd() { echo "curl -sS --digest -u $PUB:$PRIV -H 'Accept: $MT' $*"; }

cat >"$work/table.py" <<'EOS'
import json, sys
rows = [("ID", "USERNAME", "CREATED AT", "EXPIRES AT")]
for i in json.load(sys.stdin):
    rows.append((i["id"], i["username"], i["createdAt"], i["expiresAt"]))
w = [max(6, max(len(r[c]) for r in rows) + 3) for c in range(3)]
for r in rows:
    print("".join(r[c].ljust(w[c]) for c in range(3)) + r[3])
EOS
cat >"$work/pretty.py" <<'EOS'
import json, sys
print(json.dumps(json.load(sys.stdin), indent=2))
EOS

# One measured job: label, preload, then "name|command" pairs.
measure() {
    local label=$1 preload=$2; shift 2
    echo
    echo "### $label"
    echo
    echo "| tool | wall median (ms) | ± stddev | user+sys (ms) | peak RSS (KiB) | requests | connections |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    local spec name cmd
    for spec in "$@"; do
        name=${spec%%|*}
        cmd=${spec#*|}
        start_standin "$preload"
        cmd=${cmd//\$URL/$URL}
        # Requests and connections of one run, from the (fresh) stand-in's log.
        sh -c "$cmd" >/dev/null
        sleep 0.05
        local reqs conns
        reqs=$(grep -c '^\[stand-in\]' "$work/requests.log" || true)
        conns=$( (grep -o 'connection [0-9]*' "$work/requests.log" || true) | sort -u | wc -l)
        hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/h.json" "sh -c '${cmd//\'/\'\\\'\'}'" >/dev/null 2>&1 ||
            hyperfine --warmup 3 --runs "$RUNS" --export-json "$work/h.json" "$cmd" >/dev/null
        local rss=()
        for _ in 1 2 3 4 5; do
            rss+=("$( { /usr/bin/time -f '%M' sh -c "$cmd" >/dev/null; } 2>&1 | tail -1)")
        done
        python3 - "$work/h.json" "$name" "$reqs" "$conns" "${rss[@]}" <<'EOS'
import json, sys, statistics
r = json.load(open(sys.argv[1]))["results"][0]
name, reqs, conns = sys.argv[2], sys.argv[3], sys.argv[4]
rss = statistics.median(int(x) for x in sys.argv[5:])
print(f"| {name} | {r['median']*1e3:.2f} | {r['stddev']*1e3:.2f} | {(r['user']+r['system'])*1e3:.2f} | {rss:.0f} | {reqs} | {conns} |")
EOS
    done
    stop_standin
}

# A bulk file of 100 invitations, and the loops that do the same one at a time.
python3 - "$work/team.json" <<'EOS'
import json, sys
json.dump([{"username": f"user{i}@example.com", "roles": ["ORG_MEMBER"]} for i in range(100)], open(sys.argv[1], "w"))
EOS
body='{"roles":["ORG_OWNER"],"teamIds":[],"username":"user@example.com"}'
loop_atlas="for i in \$(seq 100); do $(atlas_cmd org invitations invite user\$i@example.com --orgId $ORG --role ORG_MEMBER) >/dev/null || exit 1; done"
loop_curl="for i in \$(seq 100); do $(curl_cmd "-H 'Content-Type: $MT' -X POST --data '{\"roles\":[\"ORG_MEMBER\"],\"teamIds\":[],\"username\":\"user'\$i'@example.com\"}' \$URL/api/atlas/v2/orgs/$ORG/invites") >/dev/null || exit 1; done"

echo "## atlas $($ATLAS --version | head -1 | cut -d' ' -f3): $(stat -c %s "$ATLAS") bytes, $(nproc) cores, $(uname -m)"
echo
echo "- $(file -b "$ATLAS" | cut -d, -f1-2,4)"
echo "- crates in the runtime tree (cargo tree -e normal, root included): $(cargo tree -e normal --prefix none --target x86_64-unknown-linux-musl 2>/dev/null | sed 's/ (\*)//' | sort -u | wc -l)"
echo "- curl: $(curl --version | head -1 | cut -d' ' -f1-2), python3: $(python3 --version | cut -d' ' -f2)"
measure "version" 0 \
    "atlas --version|$ATLAS --version" \
    "curl --version|curl --version"
measure "one invite (Digest: challenge + answer)" 0 \
    "atlas invite|$(atlas_cmd org invitations invite user@example.com --orgId $ORG --role ORG_OWNER)" \
    "curl --digest|$(curl_cmd "-H 'Content-Type: $MT' -X POST --data '$body' \$URL/api/atlas/v2/orgs/$ORG/invites")"
measure "list of 500, default table" 500 \
    "atlas ls|$(atlas_cmd org invitations ls --orgId $ORG)" \
    "curl + python3 table|$(curl_cmd "\$URL/api/atlas/v2/orgs/$ORG/invites?username=") | python3 $work/table.py"
measure "list of 500, -o json" 500 \
    "atlas ls -o json|$(atlas_cmd org invitations ls --orgId $ORG -o json)" \
    "curl + python3 json|$(curl_cmd "\$URL/api/atlas/v2/orgs/$ORG/invites?username=") | python3 $work/pretty.py"
RUNS=${BULK_RUNS:-5} measure "100 invitations" 0 \
    "atlas bulk (-f, one process)|$(atlas_cmd org invitations invite -f $work/team.json --orgId $ORG) 2>/dev/null" \
    "100 × atlas invite|$loop_atlas" \
    "100 × curl --digest|$loop_curl"
