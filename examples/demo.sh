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

"$STANDIN" "$dir/url" 2>"$dir/requests.log" &
standin_pid=$!
i=0
while [ ! -s "$dir/url" ]; do
    i=$((i + 1))
    [ "$i" -lt 100 ] || { echo "the stand-in did not start" >&2; exit 1; }
    sleep 0.05
done
url=$(cat "$dir/url")

# A clean environment: only what the official CLI would read for this job.
run() {
    echo "\$ atlas $*"
    env -i PATH="$PATH" HOME="$dir" \
        MONGODB_ATLAS_OPS_MANAGER_URL="$url" \
        MONGODB_ATLAS_PUBLIC_API_KEY=demo-public-key \
        MONGODB_ATLAS_PRIVATE_API_KEY=demo-private-key-0000-0000-000000000000 \
        "$ATLAS" "$@"
    echo "(exit $?)"
    echo
}

echo "Atlas stand-in listening on $url (Digest auth, demo keys)"
echo
run organizations invitations invite user@example.com --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER
run organizations invitations invite user@example.com --orgId 5f71e5255afec75a3d0f96dc --role ORG_OWNER --output json
run organizations invitations list --orgId 5f71e5255afec75a3d0f96dc

echo "What the stand-in received (note: one TCP connection per command, challenge then answer):"
sed 's/^\[stand-in\] /  /' "$dir/requests.log"
