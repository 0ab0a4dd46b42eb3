#!/usr/bin/env bash
# `make bench`: atlas against the tools users would pick instead, all talking to the
# same local Atlas stand-in (Digest auth) on loopback, then over https to Apache httpd
# (mod_ssl + mod_auth_digest, a CA made for the run). Prints markdown tables; the
# numbers in BENCHMARKS.md come from this script.
#
# Needs: the static atlas and the stand-in built (make bench does it), hyperfine,
# /usr/bin/time, curl, python3, openssl, apache2, /etc/ssl/certs/ca-certificates.crt.
# SECTIONS=trust runs only the https / CA bundle section; SECTIONS=tokens only the
# token-cache section; SECTIONS=ratelimit only the rate-limit section; SECTIONS=apply only
# the apply one; SECTIONS=teams only the teams-as-code one.
set -euo pipefail

ATLAS=${ATLAS:-target/x86_64-unknown-linux-musl/release/atlas}
STANDIN=target/release/examples/atlas_standin
RUNS=${RUNS:-30}
ORG=5f71e5255afec75a3d0f96dc
PUB=bench-public-key
PRIV=bench-private-key-6a8f-4c1e-9d55-0b2e7a31c9d4
MT=application/vnd.atlas.2023-01-01+json
SECTIONS=${SECTIONS:-all}
work=$(mktemp -d)
standin_pid=
apache_conf=
trap 'stop_standin; stop_apache; rm -rf "$work"' EXIT

start_standin() { # $1: invitations to preload; STANDIN_BUCKET passes through
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

# Apache httpd on loopback: TLS with a certificate from a CA made here, Digest in front of
# a CGI that answers like Atlas (an invitation for a GET of one, a list otherwise).
# Sets TLS_URL and CA (the CA's PEM file).
start_apache() {
    local d=$work/apache m=/usr/lib/apache2/modules realm="MMS Public API" port
    mkdir -p "$d/logs" "$d/cgi"
    chmod 755 "$work" "$d"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$d/ca.key" \
        -out "$d/ca.pem" -days 2 -subj "/CN=atlas bench CA" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$d/server.key" \
        -out "$d/server.csr" -subj "/CN=localhost" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n' >"$d/ext.cnf"
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial \
        -out "$d/server.pem" -days 2 -extfile "$d/ext.cnf" 2>/dev/null
    chmod 644 "$d/server.key"
    printf '%s:%s:%s\n' "$PUB" "$realm" "$(printf '%s' "$PUB:$realm:$PRIV" | md5sum | cut -d' ' -f1)" >"$d/htdigest"
    local inv='{"createdAt":"2026-08-10T03:03:37Z","expiresAt":"2026-09-09T03:03:37Z","groupRoleAssignments":[],"id":"6a793f89c0eb9e7a177165b6","inviterUsername":"nmtxqlkl","orgId":"'$ORG'","orgName":"Atlas CLI E2E","roles":["ORG_MEMBER"],"teamIds":[],"username":"user@example.com"}'
    cat >"$d/cgi/api.sh" <<EOF
#!/bin/sh
head -c "\${CONTENT_LENGTH:-0}" >/dev/null
printf 'Content-Type: $MT;charset=utf-8\r\n\r\n'
case "\$REQUEST_METHOD \$REQUEST_URI" in
GET*/invites/*) printf '%s' '$inv' ;;
GET*) printf '[%s]' '$inv' ;;
*) printf '%s' '$inv' ;;
esac
EOF
    chmod 755 "$d/cgi/api.sh"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat >"$d/httpd.conf" <<EOF
ServerRoot $d
Listen 127.0.0.1:$port
ServerName localhost
PidFile $d/logs/httpd.pid
ErrorLog $d/logs/error.log
LogFormat "%h %k %r %>s" keepalive
CustomLog $d/logs/access.log keepalive
User nobody
Group nogroup
LoadModule mpm_event_module $m/mod_mpm_event.so
LoadModule authn_core_module $m/mod_authn_core.so
LoadModule authn_file_module $m/mod_authn_file.so
LoadModule authz_core_module $m/mod_authz_core.so
LoadModule authz_user_module $m/mod_authz_user.so
LoadModule auth_digest_module $m/mod_auth_digest.so
LoadModule alias_module $m/mod_alias.so
LoadModule cgid_module $m/mod_cgid.so
LoadModule ssl_module $m/mod_ssl.so
LoadModule socache_shmcb_module $m/mod_socache_shmcb.so
ScriptSock $d/logs/cgisock
ScriptAliasMatch ^/api/atlas/v2/ $d/cgi/api.sh
KeepAlive On
SSLSessionCache shmcb:$d/logs/ssl_scache(512000)
SSLEngine on
SSLCertificateFile $d/server.pem
SSLCertificateKeyFile $d/server.key
<Location /api/atlas/v2>
  AuthType Digest
  AuthName "$realm"
  AuthDigestDomain /api/atlas/v2
  AuthDigestProvider file
  AuthUserFile $d/htdigest
  Require valid-user
</Location>
EOF
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin APACHE_RUN_DIR="$d/logs" /usr/sbin/apache2 -f "$d/httpd.conf" -k start
    apache_conf=$d/httpd.conf
    TLS_URL=https://localhost:$port
    CA=$d/ca.pem
    for _ in $(seq 200); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0; sleep 0.05; done
    echo "apache2 did not start: $(cat "$d/logs/error.log")" >&2
    return 1
}
stop_apache() {
    [ -n "$apache_conf" ] || return 0
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin /usr/sbin/apache2 -f "$apache_conf" -k stop || true
    local pid_file
    pid_file=$(dirname "$apache_conf")/logs/httpd.pid
    for _ in $(seq 200); do [ -e "$pid_file" ] || break; sleep 0.05; done
    apache_conf=
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
# Runs commands interleaved (so drift and other load hit each alike) and prints, as JSON,
# medians of wall time, of cpu (user + system of the process, from wait4: per run, which
# hyperfine does not export) and of peak RSS (/usr/bin/time, 5 runs, as elsewhere here).
# Each argument is "name|command"; a command that starts with `env -i K=V ...` gets that
# environment directly, so env's own start-up is not counted.
cat >"$work/cpu.py" <<'EOS'
import json, os, shlex, statistics, subprocess, sys, time
runs = int(sys.argv[1])
cmds = []
for spec in sys.argv[2:]:
    name, cmd = spec.rsplit("|", 1)
    argv, env = shlex.split(cmd), None
    if argv[:2] == ["env", "-i"]:
        env, argv = {}, argv[2:]
        while argv and "=" in argv[0]:
            k, v = argv.pop(0).split("=", 1)
            env[k] = v
    cmds.append((name, argv, env))
res = {name: {"wall": [], "cpu": [], "rss": []} for name, _, _ in cmds}
for i in range(runs + 3):
    for name, argv, env in cmds:
        t = time.perf_counter()
        p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        if status != 0:
            sys.exit(f"{name}: exit status {status}")
        if i >= 3:  # warm-up runs are not counted
            res[name]["wall"].append(wall * 1e3)
            res[name]["cpu"].append((ru.ru_utime + ru.ru_stime) * 1e3)
for name, argv, env in cmds:
    for _ in range(5):
        out = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        res[name]["rss"].append(int(out.stderr.strip().splitlines()[-1]))
json.dump({n: {k: statistics.median(v) for k, v in r.items()} for n, r in res.items()}, sys.stdout)
EOS
cat >"$work/pretty.py" <<'EOS'
import json, sys
print(json.dumps(json.load(sys.stdin), indent=2))
EOS
# One run of a command (`env -i K=V ...` as in cpu.py), as JSON: wall, user+sys and peak
# RSS (from wait4) and the exit status. Its stderr and stdout go to the files given
# second and third, if any.
cat >"$work/once.py" <<'EOS'
import json, os, shlex, subprocess, sys, time
argv, env = shlex.split(sys.argv[1]), None
if argv[:2] == ["env", "-i"]:
    env, argv = {}, argv[2:]
    while argv and "=" in argv[0]:
        k, v = argv.pop(0).split("=", 1)
        env[k] = v
err = open(sys.argv[2], "wb") if len(sys.argv) > 2 else subprocess.DEVNULL
out = open(sys.argv[3], "wb") if len(sys.argv) > 3 else subprocess.DEVNULL
t = time.perf_counter()
p = subprocess.Popen(argv, env=env, stdout=out, stderr=err)
_, status, ru = os.wait4(p.pid, 0)
print(json.dumps({"wall": (time.perf_counter() - t) * 1e3, "cpu": (ru.ru_utime + ru.ru_stime) * 1e3,
                  "rss": ru.ru_maxrss, "status": os.waitstatus_to_exitcode(status)}))
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

# The https section: one describe over TLS (atlas against curl, each with a one-CA file
# and with the distribution bundle), then what CA bundles cost: SSL_CERT_FILE and
# SSL_CERT_DIR set for a plain-http command, and a distribution bundle against a one-CA file.
tls_atlas_cmd() { # $1: SSL_CERT_* settings, then atlas's arguments
    local certs=$1
    shift
    echo "env -i PATH=/usr/bin:/bin HOME=$work MONGODB_ATLAS_OPS_MANAGER_URL=$TLS_URL MONGODB_ATLAS_PUBLIC_API_KEY=$PUB MONGODB_ATLAS_PRIVATE_API_KEY=$PRIV $certs $ATLAS $*"
}
trust_section() {
    local distro=/etc/ssl/certs/ca-certificates.crt id=6a793f89c0eb9e7a177165b6 tls http
    start_apache
    cat "$distro" "$CA" >"$work/bundle.pem"
    local path=/api/atlas/v2/orgs/$ORG/invites/$id
    local describe="org invitations describe $id --orgId $ORG"
    local log=$work/apache/logs/access.log
    # Each tool once: it works, and how many requests and connections it needs.
    : >"$log"
    $(tls_atlas_cmd "SSL_CERT_FILE=$work/bundle.pem" "$describe") >/dev/null
    sleep 0.3
    local atlas_reqs atlas_conns curl_reqs curl_conns
    atlas_reqs=$(wc -l <"$log")
    atlas_conns=$(awk '$2 == 0' "$log" | wc -l)
    : >"$log"
    sh -c "$(curl_cmd "--cacert $work/bundle.pem $TLS_URL$path")" >/dev/null
    sleep 0.3
    curl_reqs=$(wc -l <"$log")
    curl_conns=$(awk '$2 == 0' "$log" | wc -l)
    tls=$(python3 "$work/cpu.py" "$RUNS" \
        "atlas describe|one-CA file (SSL_CERT_FILE)|$(tls_atlas_cmd "SSL_CERT_FILE=$CA" "$describe")" \
        "atlas describe|distribution bundle + CA (SSL_CERT_FILE)|$(tls_atlas_cmd "SSL_CERT_FILE=$work/bundle.pem" "$describe")" \
        "atlas describe|bundle + CA, and SSL_CERT_DIR=/etc/ssl/certs|$(tls_atlas_cmd "SSL_CERT_FILE=$work/bundle.pem SSL_CERT_DIR=/etc/ssl/certs" "$describe")" \
        "curl --digest|one-CA file (--cacert)|$(curl_cmd "--cacert $CA $TLS_URL$path")" \
        "curl --digest|distribution bundle + CA (--cacert)|$(curl_cmd "--cacert $work/bundle.pem $TLS_URL$path")")
    stop_apache
    start_standin 1
    local plain="env -i PATH=/usr/bin:/bin HOME=$work MONGODB_ATLAS_OPS_MANAGER_URL=$URL MONGODB_ATLAS_PUBLIC_API_KEY=$PUB MONGODB_ATLAS_PRIVATE_API_KEY=$PRIV"
    local plain_describe="org invitations describe 6a793f89c0eb9e7a00000001 --orgId $ORG"
    http=$(python3 "$work/cpu.py" "$RUNS" \
        "without|$plain $ATLAS $plain_describe" \
        "with|$plain SSL_CERT_FILE=$distro SSL_CERT_DIR=/etc/ssl/certs $ATLAS $plain_describe")
    stop_standin
    echo
    echo "### https: one describe against Apache (mod_ssl + mod_auth_digest, a CA made for the run)"
    echo
    echo "The distribution bundle: $(grep -c 'BEGIN CERTIFICATE' "$distro") roots, $(stat -c %s "$distro") bytes. atlas: $atlas_reqs requests on $atlas_conns connection(s); curl: $curl_reqs on $curl_conns. Medians of $RUNS interleaved runs."
    echo
    echo "| tool | roots | wall median (ms) | cpu median (ms) | peak RSS (KiB) |"
    echo "|---|---|---:|---:|---:|"
    python3 - "$tls" <<'EOS'
import json, sys
for key, r in json.loads(sys.argv[1]).items():
    tool, roots = key.split("|")
    print(f"| {tool} | {roots} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['rss']:.0f} |")
EOS
    echo
    echo "### What CA bundles cost (cpu medians of $RUNS interleaved runs)"
    echo
    echo "| case | cpu with (ms) | cpu without (ms) | ratio | goal |"
    echo "|---|---:|---:|---:|---:|"
    python3 - "$http" "$tls" <<'EOS'
import json, sys
http, tls = json.loads(sys.argv[1]), json.loads(sys.argv[2])
def row(case, w, wo, goal):
    print(f"| {case} | {w:.2f} | {wo:.2f} | {w / wo:.2f}× | ≤ {goal}× |")
row("plain-http describe, SSL_CERT_FILE + SSL_CERT_DIR (distribution) set vs unset",
    http["with"]["cpu"], http["without"]["cpu"], "1.15")
row("https describe, distribution bundle + CA vs one-CA file",
    tls["atlas describe|distribution bundle + CA (SSL_CERT_FILE)"]["cpu"],
    tls["atlas describe|one-CA file (SSL_CERT_FILE)"]["cpu"], "1.3")
EOS
}

# Token requests for 20 runs with a service account (issue 21, decision token-cache):
# without the token cache (ATLAS_TOKEN_CACHE=0, every run asks, as before the cache)
# and with it (a fresh cache folder), counted in the stand-in's log. SECTIONS=tokens
# runs only this section.
token_section() {
    local id=mdb_sa_id_bench0000000000000000 secret=mdb_sa_sk_bench0000000000000000000000
    local runs=20 mode before after wall_before wall_after
    for mode in off on; do
        stop_standin
        rm -f "$work/url" "$work/requests.log"
        STANDIN_BRIEF=1 STANDIN_CLIENT_ID=$id STANDIN_CLIENT_SECRET=$secret \
            "$STANDIN" "$work/url" >/dev/null 2>>"$work/requests.log" &
        standin_pid=$!
        for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.02; done
        URL=$(cat "$work/url")
        rm -rf "$work/token-cache"
        local setting=1
        [ "$mode" = off ] && setting=0
        local started ended
        started=$(date +%s%N)
        for i in $(seq "$runs"); do
            env -i PATH=/usr/bin:/bin HOME="$work" XDG_CACHE_HOME="$work/token-cache" ATLAS_TOKEN_CACHE=$setting \
                MONGODB_ATLAS_OPS_MANAGER_URL="$URL" MONGODB_ATLAS_CLIENT_ID=$id MONGODB_ATLAS_CLIENT_SECRET=$secret \
                "$ATLAS" org invitations invite "sa$i@example.com" --orgId $ORG >/dev/null
        done
        ended=$(date +%s%N)
        sleep 0.05
        local count
        count=$(grep -c 'POST /api/oauth/token ' "$work/requests.log" || true)
        if [ "$mode" = off ]; then
            before=$count
            wall_before=$(( (ended - started) / 1000000 ))
        else
            after=$count
            wall_after=$(( (ended - started) / 1000000 ))
        fi
    done
    stop_standin
    echo
    echo "### Token requests for $runs service-account runs (token cache)"
    echo
    echo "| token cache | token requests | $runs runs, wall (ms) |"
    echo "|---|---:|---:|"
    echo "| off (ATLAS_TOKEN_CACHE=0, as before the cache) | $before | $wall_before |"
    echo "| on (the default) | $after | $wall_after |"
    echo
    echo "Goal: 1 token request. Atlas allows 50 token requests a minute per IP and service account."
}
if [ "$SECTIONS" = tokens ]; then
    token_section
    exit 0
fi
# Rate limits (issue 21): 100 invitations through a token bucket of capacity 10
# refilling 10 per second (Retry-After and detail as Atlas sends them, in whole
# seconds), in real time. The bucket's ideal schedule: 10 at once, then one every
# 0.1 s, the 100th at 9.0 s. A fresh stand-in (a full bucket) for each run.
ratelimit_section() {
    local runs=${RATE_RUNS:-3} walls=() start end reqs limited posts
    python3 - "$work/hundred.json" <<'EOS'
import json, sys
json.dump([{"username": f"limited{i}@example.com", "roles": ["ORG_MEMBER"]} for i in range(100)], open(sys.argv[1], "w"))
EOS
    for _ in $(seq "$runs"); do
        STANDIN_BUCKET=10,10,1 start_standin 0
        start=$(date +%s.%N)
        URL=$URL sh -c "$(atlas_cmd org invitations invite -f $work/hundred.json --orgId $ORG)" >/dev/null 2>"$work/bulk.err" \
            || { cat "$work/bulk.err" >&2; exit 1; }
        end=$(date +%s.%N)
        walls+=("$(python3 -c "print($end - $start)")")
        sleep 0.2
        reqs=$(grep -c '^\[stand-in\] connection' "$work/requests.log")
        limited=$(grep -c -- '-> 429$' "$work/requests.log")
        posts=$(grep -c ' POST .* -> 200$' "$work/requests.log")
        stop_standin
    done
    echo
    echo "### 100 invitations through a rate limit (bucket of 10, refilling 10 per second)"
    echo
    echo "| runs | wall median (s) | ideal (s) | ratio | goal | requests | of which 429 | invitations created | requests per invitation |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    python3 - "$runs" "$reqs" "$limited" "$posts" "${walls[@]}" <<'EOS'
import statistics, sys
runs, reqs, limited, posts = map(int, sys.argv[1:5])
wall = statistics.median(map(float, sys.argv[5:]))
ideal = 9.0
print(f"| {runs} | {wall:.2f} | {ideal:.1f} | {wall / ideal:.3f}× | ≤ 1.1× | {reqs} | {limited} | {posts} | {reqs / posts:.2f} |")
EOS
}

if [ "$SECTIONS" = trust ]; then
    trust_section
    exit 0
fi
if [ "$SECTIONS" = ratelimit ]; then
    ratelimit_section
    exit 0
fi

if [ "$SECTIONS" = all ]; then
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
ratelimit_section
trust_section
token_section
fi

# apply (issue 20): an organization of 5,000 users in all four statuses (teams, project
# roles) seeded into the stand-in (STANDIN_USERS), and a members file with 50
# differences: requests sent, the planning step's CPU (plan_bench, and a whole
# `apply --check`), and `apply` against `invite -f --skip-existing` for the same 50
# additions, each run of a writing command on a fresh stand-in. SECTIONS=apply runs only this.
apply_section() {
    local d=$work/apply runs=${APPLY_RUNS:-5} plan_bench=target/release/examples/plan_bench
    mkdir -p "$d"
    cargo build -q --release --example plan_bench
    python3 - "$d" <<'EOS'
import json, sys
d = sys.argv[1]
G = ["6c73999ae7966f00%08x" % i for i in range(20)]
T = ["6c73999ae7966f01%08x" % i for i in range(10)]
def user(i, status):
    u = {"id": "6a793f8ec0eb9e7a%08x" % i, "username": f"user{i:04}@example.com",
         "orgMembershipStatus": status,
         "roles": {"orgRoles": ["ORG_OWNER"] if i == 0 else ["ORG_MEMBER"], "groupRoleAssignments": []},
         "teamIds": []}
    if i % 3 == 0:
        u["teamIds"] = [T[i % len(T)]]
    if i % 4 == 0:
        u["roles"]["groupRoleAssignments"] = [{"groupId": G[i % len(G)], "groupRoles": ["GROUP_READ_ONLY"]}]
    return u
# 4,000 active, 985 pending, 8 expired, 7 rejected.
statuses = ["ACTIVE"] * 4000 + ["PENDING"] * 985 + ["INVITATION_EXPIRED"] * 8 + ["INVITATION_REJECTED"] * 7
users = [user(i, s) for i, s in enumerate(statuses)]
json.dump(users, open(f"{d}/users.json", "w"))
def member(u):
    return {"username": u["username"], "roles": list(u["roles"]["orgRoles"]), "teamIds": list(u["teamIds"]),
            "groupRoleAssignments": [{"groupId": g["groupId"], "roles": list(g["groupRoles"])}
                                     for g in u["roles"]["groupRoleAssignments"]]}
today = [member(u) for u in users if u["orgMembershipStatus"] in ("ACTIVE", "PENDING")]
new = [{"username": f"new{i:02}@example.com", "roles": ["ORG_MEMBER"]} for i in range(50)]
# 50 differences: 15 new users and 10 expired or rejected invited again (25 invites);
# 20 updates (10 active members' roles, 5 active members' teams, 5 pending users'
# project roles); 5 expired or rejected invitations not in the file (revoked, --prune).
changed = [dict(m) for m in today]
for k in range(1, 11):
    changed[k]["roles"] = ["ORG_READ_ONLY"]
for k in range(11, 16):
    changed[k]["teamIds"] = [T[0], T[1]]
for k in range(4000, 4005):
    changed[k]["groupRoleAssignments"] = [{"groupId": G[1], "roles": ["GROUP_OWNER"]}]
again = [member(u) for u in users[4985:4990]] + [member(u) for u in users[4993:4998]]
json.dump(changed + again + new[:15], open(f"{d}/members.json", "w"))
# The same 50 additions and nothing else: today's file plus 50 new users, and the 50 alone.
json.dump(today + new, open(f"{d}/additions.json", "w"))
json.dump(new, open(f"{d}/new.json", "w"))
EOS
    local env_atlas="env -i PATH=/usr/bin:/bin HOME=$work MONGODB_ATLAS_PUBLIC_API_KEY=$PUB MONGODB_ATLAS_PRIVATE_API_KEY=$PRIV"
    # One writing command, each run on a fresh stand-in: medians, and the requests and
    # connections of the last run. $1: name, $2: the command (URL substituted).
    fresh() {
        local name=$1 cmd=$2 i
        : >"$d/runs"
        for i in $(seq "$runs"); do
            STANDIN_USERS=$d/users.json start_standin 0
            python3 "$work/once.py" "${cmd//\$URL/$URL}" >>"$d/runs"
            sleep 0.05
            stop_standin
        done
        python3 - "$d/runs" "$name" "$(grep -c '^\[stand-in\]' "$work/requests.log" || true)" \
            "$( (grep -o 'connection [0-9]*' "$work/requests.log" || true) | sort -u | wc -l)" <<'EOS'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
name, reqs, conns = sys.argv[2:5]
codes = sorted({r["status"] for r in runs})
m = lambda k: statistics.median(r[k] for r in runs)
print(f"| {name} | {m('wall'):.1f} | {m('cpu'):.1f} | {m('rss'):.0f} | {reqs} | {conns} | {','.join(map(str, codes))} |")
EOS
    }
    echo
    echo "### apply: 5,000 users (4,000 active, 985 pending, 8 expired, 7 rejected), 50 differences"
    echo
    echo "The file: 25 invitations (15 new users, 10 expired or rejected invited again), 20 updates, 5 revokes (--prune). Each writing run on a fresh stand-in; medians of $runs runs; requests and connections of one run (a Digest challenge included)."
    echo
    echo "| command | wall (ms) | user+sys (ms) | peak RSS (KiB) | requests | connections | exit |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    local apply="$env_atlas MONGODB_ATLAS_OPS_MANAGER_URL=\$URL $ATLAS org invitations apply --orgId $ORG"
    fresh "apply --check (reads only)" "$apply -f $d/members.json --prune --check"
    fresh "apply --dry-run (reads only)" "$apply -f $d/members.json --prune --dry-run"
    fresh "apply (50 changes)" "$apply -f $d/members.json --prune"
    echo
    echo "### apply against invite -f --skip-existing: the same 50 additions to the 5,000 users"
    echo
    echo "The file: today's 4,985 active and pending users plus 50 new ones (additions.json); the last row invites the 50 alone (new.json), the difference computed by hand."
    echo
    echo "| command | wall (ms) | user+sys (ms) | peak RSS (KiB) | requests | connections | exit |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    fresh "apply -f additions.json" "$apply -f $d/additions.json"
    fresh "invite -f additions.json --skip-existing (invites API)" "$env_atlas MONGODB_ATLAS_OPS_MANAGER_URL=\$URL MONGODB_ATLAS_INVITATIONS_API=invites $ATLAS org invitations invite -f $d/additions.json --skip-existing --orgId $ORG"
    fresh "invite -f additions.json --skip-existing (users API)" "$env_atlas MONGODB_ATLAS_OPS_MANAGER_URL=\$URL MONGODB_ATLAS_INVITATIONS_API=users $ATLAS org invitations invite -f $d/additions.json --skip-existing --orgId $ORG"
    fresh "invite -f new.json (the 50 alone, users API)" "$env_atlas MONGODB_ATLAS_OPS_MANAGER_URL=\$URL MONGODB_ATLAS_INVITATIONS_API=users $ATLAS org invitations invite -f $d/new.json --orgId $ORG"
    echo
    echo "### apply: the planning step alone (plan_bench, in-process, medians of 50 runs)"
    echo
    echo '```'
    "$plan_bench" "$d/users.json" "$d/members.json" 50
    echo '```'
}
case $SECTIONS in all | apply) apply_section ;; esac

# Teams as code (issue 25): an organization of 5,000 users, 100 teams and 200 projects
# seeded into the stand-in by name (STANDIN_USERS, STANDIN_TEAMS, STANDIN_PROJECTS), and a
# members file in the object form (members with `teams` and `project` names, a `teams`
# section) with 50 differences over members and teams: requests sent against the
# expected count (the list pages plus one per change), CPU, RSS. Each run on a fresh
# stand-in. SECTIONS=teams runs only this.
teams_section() {
    local d=$work/teams runs=${TEAMS_RUNS:-5} plan_bench=target/release/examples/plan_bench
    mkdir -p "$d"
    cargo build -q --release --example plan_bench
    python3 - "$d" "$ORG" <<'EOS'
import json, sys
d, org = sys.argv[1], sys.argv[2]
N_TEAMS, N_PROJECTS = 100, 200
KEPT = 95  # team-095 … team-099: stale (no member, no project), deleted by --prune-teams
team = lambda t: f"team-{t:03}"
project = lambda p: f"project-{p:03}"
# 4,000 active, 985 pending, 8 expired, 7 rejected, as the apply section.
statuses = ["ACTIVE"] * 4000 + ["PENDING"] * 985 + ["INVITATION_EXPIRED"] * 8 + ["INVITATION_REJECTED"] * 7
users, teams_of, groups_of = [], {}, {}
for i, s in enumerate(statuses):
    name = f"user{i:04}@example.com"
    ts, gs = [], []
    if i < 4985:  # active and pending users are in teams and projects
        if i % 3 == 0:
            ts.append(team((i // 3) % KEPT))
        if i % 10 == 1 and team((i // 10) % KEPT) not in ts:
            ts.append(team((i // 10) % KEPT))
        if i % 4 == 0:
            gs.append((project((i // 4) % N_PROJECTS), ["GROUP_READ_ONLY"]))
    teams_of[name], groups_of[name] = ts, gs
    users.append({"username": name, "orgMembershipStatus": s,
                  "roles": {"orgRoles": ["ORG_OWNER"] if i == 0 else ["ORG_MEMBER"],
                            "groupRoleAssignments": [{"project": p, "groupRoles": r} for p, r in gs]},
                  "teamIds": []})
members_of = {team(t): [] for t in range(N_TEAMS)}
for u in users:
    for t in teams_of[u["username"]]:
        members_of[t].append(u["username"])
# Each project holds two of the kept teams: one reading, one writing data.
project_teams = {}
for p in range(N_PROJECTS):
    a, b = team(p % KEPT), team((p * 7 + 3) % KEPT)
    project_teams[project(p)] = {a: ["GROUP_READ_ONLY"]}
    if b != a:
        project_teams[project(p)][b] = ["GROUP_DATA_ACCESS_READ_WRITE"]
json.dump(users, open(f"{d}/users.json", "w"))
json.dump([{"name": t, "members": m} for t, m in members_of.items()], open(f"{d}/teams-seed.json", "w"))
json.dump([{"name": p, "teams": [{"team": t, "roles": r} for t, r in ts.items()]}
           for p, ts in project_teams.items()], open(f"{d}/projects-seed.json", "w"))
# Each team's projects as the organization has them.
team_projects = {team(t): {} for t in range(N_TEAMS)}
for p, ts in project_teams.items():
    for t, r in ts.items():
        team_projects[t][p] = list(r)

# The members file: the active and pending users as they are, then 50 differences.
member = {}
for u in users:
    if u["orgMembershipStatus"] in ("ACTIVE", "PENDING"):
        n = u["username"]
        member[n] = {"username": n, "roles": list(u["roles"]["orgRoles"]), "teams": sorted(teams_of[n]),
                     "groupRoleAssignments": [{"project": p, "roles": list(r)} for p, r in groups_of[n]]}
decl = {t: {"name": t, "projects": team_projects[t]} for t in map(team, range(KEPT))}
mix = {}
u = lambda i: f"user{i:04}@example.com"
# 20 member updates: 8 organization roles, 7 teams (by name), 5 project roles (by name, pending users).
for i in range(1, 9):
    member[u(i)]["roles"] = ["ORG_READ_ONLY"]
for i in range(21, 28):
    new = sorted({team(40), team(41)} ^ set(teams_of[u(i)]))
    assert new != member[u(i)]["teams"]
    member[u(i)]["teams"] = new
for i in range(4001, 4006):
    new = [{"project": project(1), "roles": ["GROUP_OWNER"]}]
    assert new != member[u(i)]["groupRoleAssignments"]
    member[u(i)]["groupRoleAssignments"] = new
mix["member updates"] = 20
# 5 members removed (--prune-members): active users not in the file.
for i in range(3990, 3995):
    del member[u(i)]
mix["member removals"] = 5
# 3 teams created, each with three active users whose only difference is the new team.
new_teams = ["team-new-0", "team-new-1", "team-new-2"]
for k, t in enumerate(new_teams):
    for i in range(200 + 10 * k, 203 + 10 * k):
        member[u(i)]["teams"] = sorted(member[u(i)]["teams"] + [t])
    decl[t] = {"name": t, "projects": {}}
mix["team creations"] = 3
# 2 teams renamed: their members name them by the new name.
for t in (team(90), team(91)):
    new = t.replace("team-", "renamed-")
    decl[t]["name"], decl[t]["previously"] = new, [t]
    for m in member.values():
        m["teams"] = sorted(new if x == t else x for x in m["teams"])
mix["team renames"] = 2
# 15 team project roles: 5 teams added to a project, 5 with other roles in one, 5 taken out of one.
kept_projects = sorted(project_teams)
for t in map(team, range(10, 15)):
    p = next(p for p in kept_projects if p not in decl[t]["projects"])
    decl[t]["projects"][p] = ["GROUP_READ_ONLY"]
for t in map(team, range(15, 20)):
    p = sorted(decl[t]["projects"])[0]
    assert decl[t]["projects"][p] != ["GROUP_DATA_ACCESS_READ_ONLY"]
    decl[t]["projects"][p] = ["GROUP_DATA_ACCESS_READ_ONLY"]
for t in map(team, range(20, 25)):
    p = sorted(decl[t]["projects"])[0]
    del decl[t]["projects"][p]
mix["team project roles"] = 15
mix["team deletions"] = N_TEAMS - KEPT
assert all(not members_of[team(t)] and not team_projects[team(t)] for t in range(KEPT, N_TEAMS))
assert sum(mix.values()) == 50
teams_section = [{"name": x["name"], **({"previously": x["previously"]} if "previously" in x else {}),
                  "projects": [{"project": p, "roles": r} for p, r in sorted(x["projects"].items())]}
                 for x in sorted(decl.values(), key=lambda x: x["name"])]
json.dump({"orgId": org, "members": sorted(member.values(), key=lambda m: m["username"]), "teams": teams_section},
          open(f"{d}/members.json", "w"), indent=2)
pages = lambda n: max(1, -(-n // 500))
count = {"users": len(users), "teams": N_TEAMS, "projects": N_PROJECTS,
         "team_pages_per_project": [pages(len(t)) for t in project_teams.values()],
         "users_after": len(users) - mix["member removals"], "teams_after": N_TEAMS + 3 - mix["team deletions"],
         "changes": sum(mix.values()), "mix": mix,
         "removals": mix["member removals"] + mix["team deletions"] + 5,
         "memberships": sum(len(m) for m in members_of.values()),
         "project_teams": sum(len(t) for t in project_teams.values()),
         "project_users": sum(1 for g in groups_of.values() if g)}
json.dump(count, open(f"{d}/count.json", "w"))
EOS
    # The organization as `apply` lists it (users in every status, teams, projects, each
    # project's teams), read once from a seeded stand-in: for plan_bench, and for the
    # same members with ids (the array form, today's `apply` input). New teams cannot be
    # named there, so that file holds the 25 member differences and none of the teams'.
    seeded() {
        STANDIN_USERS=$d/users.json STANDIN_TEAMS=$d/teams-seed.json STANDIN_PROJECTS=$d/projects-seed.json start_standin 0
    }
    get() { # $1: media type, $2: path and query
        curl -sS --fail --digest -u "$PUB:$PRIV" -H "Accept: $1" "$URL/api/atlas/v2$2"
    }
    seeded
    local page=1 users_mt=application/vnd.atlas.2025-02-19+json statuses
    statuses="orgMembershipStatuses=ACTIVE&orgMembershipStatuses=PENDING&orgMembershipStatuses=INVITATION_EXPIRED&orgMembershipStatuses=INVITATION_REJECTED"
    mkdir -p "$d/listed"
    while get $users_mt "/orgs/$ORG/users?$statuses&itemsPerPage=500&pageNum=$page" >"$d/listed/users-$page.json" &&
        [ "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$d/listed/users-$page.json")" = 500 ]; do
        page=$((page + 1))
    done
    get "$MT" "/orgs/$ORG/teams?itemsPerPage=500" >"$d/listed/teams.json"
    get "$MT" "/orgs/$ORG/groups?itemsPerPage=500" >"$d/listed/groups.json"
    local group
    for group in $(python3 -c 'import json, sys; print(" ".join(g["id"] for g in json.load(open(sys.argv[1]))["results"]))' "$d/listed/groups.json"); do
        get "$MT" "/groups/$group/teams?itemsPerPage=500" >"$d/listed/group-$group.json"
    done
    stop_standin
    python3 - "$d" <<'EOS'
import glob, json, sys
d = sys.argv[1]
users = [u for f in sorted(glob.glob(f"{d}/listed/users-*.json")) for u in json.load(open(f))["results"]]
json.dump(users, open(f"{d}/users-listed.json", "w"))
teams = json.load(open(f"{d}/listed/teams.json"))["results"]
groups = json.load(open(f"{d}/listed/groups.json"))["results"]
projects_of = {t["id"]: {} for t in teams}
for g in groups:
    for r in json.load(open(f"{d}/listed/group-{g['id']}.json"))["results"]:
        projects_of[r["teamId"]][g["id"]] = r["roleNames"]
json.dump({"teams": [{"id": t["id"], "name": t["name"], "projects": projects_of[t["id"]]} for t in teams],
           "projects": [{"id": g["id"], "name": g["name"]} for g in groups]}, open(f"{d}/org-teams.json", "w"))
team_id = {t["name"]: t["id"] for t in teams}
group_id = {g["name"]: g["id"] for g in groups}
f = json.load(open(f"{d}/members.json"))
for t in f["teams"]:  # a renamed team's new name → its id
    for old in t.get("previously", []):
        team_id[t["name"]] = team_id[old]
array = [{"username": m["username"], "roles": m["roles"],
          "teamIds": [team_id[t] for t in m["teams"] if t in team_id],
          "groupRoleAssignments": [{"groupId": group_id[g["project"]], "roles": g["roles"]}
                                   for g in m["groupRoleAssignments"]]} for m in f["members"]]
json.dump(array, open(f"{d}/members-ids.json", "w"), indent=2)
EOS
    local env_atlas="env -i PATH=/usr/bin:/bin HOME=$work MONGODB_ATLAS_PUBLIC_API_KEY=$PUB MONGODB_ATLAS_PRIVATE_API_KEY=$PRIV MONGODB_ATLAS_OPS_MANAGER_URL=\$URL"
    local apply="$env_atlas $ATLAS org invitations apply --orgId $ORG"
    # The requests a run should send, from the organization's sizes (count.json): the
    # Digest challenge, every page of users, of teams and of projects, one page of each
    # project's teams, plus one request per change. $1: what to count (see below).
    expected() {
        python3 - "$d/count.json" "$1" <<'EOS'
import json, sys
c, what = json.load(open(sys.argv[1])), sys.argv[2]
pages = lambda n: max(1, -(-n // 500))
def reads(users, teams):
    return 1 + pages(users) + pages(teams) + pages(c["projects"]) + sum(c["team_pages_per_project"])
print({"reads": reads(c["users"], c["teams"]),
       "apply": reads(c["users"], c["teams"]) + c["changes"],
       "after": reads(c["users_after"], c["teams_after"]),
       # A file that manages no team needs the teams' and projects' names only (its
       # lines name them), not each project's teams.
       "names": 1 + pages(c["users"]) + pages(c["teams"]) + pages(c["projects"])}[what])
EOS
    }
    # One row: each run on a fresh stand-in; medians; requests and connections of the
    # last run. $1: name, $2: the command, $3: the expected requests, $4: a command run
    # first on the same stand-in, not measured (optional). A run that exits 1 because
    # apply does not take the object form (or --prune-teams) yet prints n/a.
    row() {
        local name=$1 cmd=$2 want=$3 setup=${4:-} i before
        : >"$d/runs"
        : >"$d/setup.json"
        for i in $(seq "$runs"); do
            seeded
            if [ -n "$setup" ]; then
                python3 "$work/once.py" "${setup//\$URL/$URL}" "$d/setup.err" >"$d/setup.json"
                sleep 0.05
            fi
            before=$(wc -l <"$work/requests.log")
            python3 "$work/once.py" "${cmd//\$URL/$URL}" "$d/err" "$d/out" >>"$d/runs"
            sleep 0.05
            tail -n "+$((before + 1))" "$work/requests.log" >"$d/log"
            stop_standin
        done
        python3 - "$d" "$name" "$want" "$(grep -c '^\[stand-in\]' "$d/log" || true)" \
            "$( (grep -o 'connection [0-9]*' "$d/log" || true) | sort -u | wc -l)" <<'EOS'
import json, re, statistics, sys
d, name, want, reqs, conns = sys.argv[1:6]
runs = [json.loads(l) for l in open(f"{d}/runs")]
setup = [json.loads(l) for l in open(f"{d}/setup.json")]
# What today's apply says to the object form: an unknown flag, or not an array.
not_yet = re.compile(r"unknown flag: --prune-teams|expected a JSON array of members")
def refused(status, err):
    return status == 1 and not_yet.search(open(err, errors="replace").read())
if any(refused(r["status"], f"{d}/setup.err") for r in setup) or refused(runs[-1]["status"], f"{d}/err"):
    print(f"| {name} | n/a (apply does not read the object form yet) | | | | {want} | | 1 |")
    sys.exit()
out = open(f"{d}/out", "rb").read().lstrip()
if name.startswith("export") and out.startswith(b"["):
    name += " (array form with ids: export does not write names yet)"
codes = sorted({r["status"] for r in runs})
m = lambda k: statistics.median(r[k] for r in runs)
print(f"| {name} | {m('wall'):.1f} | {m('cpu'):.1f} | {m('rss'):.0f} | {reqs} | {want} | {conns} | {','.join(map(str, codes))} |")
def note(what, err):
    lines = open(err, errors="replace").read().strip().splitlines()
    print(f"|  | ↳ {what}: {lines[-1] if lines else 'no message'} | | | | | | |")
if any(r["status"] != 0 for r in setup):
    note(f"the run before exited {max(r['status'] for r in setup)}", f"{d}/setup.err")
if any(c not in (0, 2) for c in codes):
    note(f"exit {max(codes)}", f"{d}/err")
EOS
    }
    local flags="--prune-members --prune-teams --max-removals $(python3 -c "import json; print(json.load(open('$d/count.json'))['removals'])" )"
    echo
    echo "### teams as code: 5,000 users, 100 teams, 200 projects, 50 differences"
    echo
    python3 - "$d/count.json" <<'EOS'
import json, sys
c = json.load(open(sys.argv[1]))
mix = ", ".join(f"{n} {k}" for k, n in c["mix"].items())
print(f"The organization: {c['users']:,} users (4,000 active, 985 pending, 8 expired, 7 rejected), "
      f"{c['teams']} teams ({c['memberships']:,} memberships; 5 teams stale: no member, no project), "
      f"{c['projects']} projects ({c['project_teams']} team roles, {c['project_users']:,} users with a project role). "
      f"The file (object form, names): {c['changes']} differences: {mix}; "
      f"applied with --prune-members --prune-teams --max-removals {c['removals']} "
      f"(5 members removed, 5 teams deleted, 5 teams taken out of a project). "
      f"Medians of the runs, each on a fresh stand-in; requests and connections of one run (a Digest challenge included); "
      f"expected: the challenge, every page of users, teams and projects, one page of teams per project, and one request per change.")
EOS
    echo
    echo "| command | wall (ms) | user+sys (ms) | peak RSS (KiB) | requests | expected | connections | exit |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    row "apply --check (reads only)" "$apply -f $d/members.json $flags --check" "$(expected reads)"
    row "apply --dry-run (reads only)" "$apply -f $d/members.json $flags --dry-run" "$(expected reads)"
    row "apply (50 changes)" "$apply -f $d/members.json $flags" "$(expected apply)"
    row "apply --check after apply (a second run plans nothing)" "$apply -f $d/members.json $flags --check" \
        "$(expected after)" "$apply -f $d/members.json $flags"
    row "export" "$env_atlas $ATLAS org invitations export --orgId $ORG" "$(expected reads)"
    row "apply --check, array form (ids: the 25 member differences only)" \
        "$apply -f $d/members-ids.json --prune-members --max-removals 5 --check" "$(expected names)"
    echo
    echo "### teams as code: the planning step alone (plan_bench, in-process, medians of 50 runs)"
    echo
    echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores."
    echo
    echo '```'
    "$plan_bench" "$d/users-listed.json" "$d/members.json" 50 "$d/org-teams.json"
    echo '```'
}
case $SECTIONS in all | teams) teams_section ;; esac
