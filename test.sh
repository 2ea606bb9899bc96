#!/usr/bin/env bash
# Signet's test command, also what CI runs (.ci/run): installs what a fresh machine lacks for the
# tests, then runs every test and checks the release build (the Javadoc jars, doclint clean).
#
#   ./test.sh                             install what is missing, then mvn -B -Prelease verify
#   ./test.sh -pl hub-core -am            the same, with extra arguments for mvn
#   SIGNET_TEST_ONLY_INSTALL=1 ./test.sh  install what is missing, and stop there
#
# Installed when absent, as Debian packages through apt-get (as root, or through sudo): a JDK,
# Maven, Node and npm; chromium, which the browser tests drive (Playwright's own browser
# downloads are not used); redis-server, of which the scale-out tests start their own on free
# ports. Then the Node packages of every directory with a committed lockfile (npm ci). A Node
# older than 20 (Debian 12's) stops the script before any of that runs, with what it needs.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# The browser test drives the system Chromium (Playwright's own downloads are not used).
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need_apt+=(chromium)
# The scale-out tests start their own redis-server processes on free ports (RedisServer, which
# looks for $REDIS_SERVER, then /usr/bin/redis-server, then the PATH); none uses a shared one, so
# nothing here starts one. If the package's service starts on 6379, no test talks to it.
redis_server="${REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}"
[ -x "$redis_server" ] || need_apt+=(redis-server)

if [ ${#need_apt[@]} -gt 0 ]; then
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      as_root=(sudo)
    else
      echo "test.sh: missing ${need_apt[*]}; installing them takes root (apt-get), and this is" \
        "not root and has no sudo. Install them, or run this script as root." >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: missing ${need_apt[*]}, and there is no apt-get to install them with" \
      "(the script knows Debian's package names). Install them, then run it again." >&2
    exit 1
  fi
  echo "test.sh: installing ${need_apt[*]}"
  ${as_root[@]+"${as_root[@]}"} apt-get update -qq
  ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq "${need_apt[@]}"
fi

# playwright-core and the official clients' Node tooling need Node 20 or later; Debian 12's
# nodejs is 18, which would fail much later, in the middle of the browser and interop tests.
# Stop here instead, naming the version: this script installs nothing outside Debian's archive.
node_version="$(node --version 2>/dev/null || echo unknown)"
node_major="${node_version#v}"
node_major="${node_major%%.*}"
if ! [[ "$node_major" =~ ^[0-9]+$ ]] || [ "$node_major" -lt 20 ]; then
  echo "test.sh: the tests need Node 20 or later, and $(command -v node || echo node) is" \
    "$node_version (Debian 12's nodejs is 18). Install Node 20+ (Debian 13's nodejs is 20)," \
    "put it first on the PATH, then run this again." >&2
  exit 1
fi

echo "java: $(java -version 2>&1 | head -1)"
echo "node: $(node --version), npm: $(npm --version)"
echo "redis: $("$redis_server" --version)"

# Node packages from every committed lockfile: the example page, the browser tests, the interop
# tests, the benchmark's Node peers. (The Maven build runs the same npm ci for those; doing it here
# first makes a registry problem obvious.)
while IFS= read -r lockfile; do
  (cd "$(dirname "$lockfile")" && npm ci --no-audit --no-fund)
done < <(find . -name package-lock.json -not -path '*/node_modules/*' -not -path '*/target/*' \
  | sort)

if [ -n "${SIGNET_TEST_ONLY_INSTALL:-}" ]; then
  echo "test.sh: SIGNET_TEST_ONLY_INSTALL is set: everything is installed, no test was run"
  exit 0
fi

# Every test, and the release profile's Javadoc jars (doclint on, failing on any warning).
mvn -B -Prelease verify "$@"
