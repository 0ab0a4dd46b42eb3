#!/bin/sh
# The seed example, run against a local Atlas stand-in with demo API keys.
# Started by `make demo` after building target/release/{atlas,examples/atlas_standin}.
set -eu
# The binaries to run (the test suite points these at its own builds).
ATLAS=${ATLAS:-./target/release/atlas}
STANDIN=${STANDIN:-./target/release/examples/atlas_standin}

dir=$(mktemp -d)
standin_pid=
cleanup() {
    if [ -n "$standin_pid" ]; then
        kill "$standin_pid" 2>/dev/null || true
        wait "$standin_pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"$STANDIN" "$dir/url" "$dir/control" 2>"$dir/requests.log" &
standin_pid=$!
i=0
while [ ! -s "$dir/url" ]; do
    i=$((i + 1))
    [ "$i" -lt 100 ] || { echo "the stand-in did not start" >&2; exit 1; }
    sleep 0.05
done
url=$(cat "$dir/url")

# A clean environment: only what the official CLI would read for this job (and, when
# $api is set, the invitations_api setting).
api=
run() {
    echo "\$ atlas $*"
    env -i PATH="$PATH" HOME="$dir" ${api:+MONGODB_ATLAS_INVITATIONS_API=$api} \
        MONGODB_ATLAS_OPS_MANAGER_URL="$url" \
        MONGODB_ATLAS_PUBLIC_API_KEY=demo-public-key \
        MONGODB_ATLAS_PRIVATE_API_KEY=demo-private-key-0000-0000-000000000000 \
        "$ATLAS" "$@"
    echo "(exit $?)"
    echo
}

# What the stand-in received since the last call.
seen=0
received() {
    echo "$1"
    tail -n +"$((seen + 1))" "$dir/requests.log" | sed 's/^\[stand-in\] /  /'
    seen=$(wc -l <"$dir/requests.log")
    echo
}

echo "Atlas stand-in listening on $url (Digest auth, demo keys)"
echo
# The deprecated invites endpoints, as the official CLI uses them, whatever today's date.
api=invites
run organizations invitations invite user@example.com --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER
run organizations invitations invite user@example.com --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER --output json
run organizations invitations list --orgId 5f71e5255afec75a3d0f96dc

received "What the stand-in received (note: one TCP connection per command, challenge then answer):"

echo "=== After the sunset (2027-07-01) ==="
echo "The stand-in drops the deprecated invites API: every /invites request now answers 410 Gone."
echo "The same three commands, unchanged (new people to invite), still work: atlas retries each"
echo "on the organization users API and says so on stderr (invitations_api = auto, the default)."
echo
echo 410 >"$dir/control"
i=0
until grep -q "invites API is gone" "$dir/requests.log"; do
    i=$((i + 1))
    [ "$i" -lt 100 ] || { echo "the stand-in did not drop the invites API" >&2; exit 1; }
    sleep 0.05
done
seen=$(wc -l <"$dir/requests.log")
api=
run organizations invitations invite newhire@example.com --orgId 5f71e5255afec75a3d0f96dc --role ORG_MEMBER
run organizations invitations invite contractor@example.com --orgId 5f71e5255afec75a3d0f96dc --role ORG_READ_ONLY --output json
run organizations invitations list --orgId 5f71e5255afec75a3d0f96dc

received "What the stand-in received after the sunset (the 410, then the same request on /users):"
echo "The list shows user ids now (the users API's ids): describe, update and delete take those."
