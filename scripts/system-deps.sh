#!/bin/sh
# Install the Debian packages silkpress needs, when we can (root + apt-get) and they are missing.
#   sh scripts/system-deps.sh build   Pango for WeasyPrint (required); libharfbuzz-subset0 (optional:
#                                     it makes PDF font subsetting much faster)
#   sh scripts/system-deps.sh test    also gettext (msgfmt, msgcat), a Java runtime for the W3C Nu HTML
#                                     Checker, and Chromium with its driver for the browser tests
set -u
required="libpango-1.0-0 libpangoft2-1.0-0"
optional="libharfbuzz-subset0"
if [ "${1:-build}" = test ]; then
  required="$required gettext default-jre-headless chromium chromium-driver"
fi

missing() {
  out=""
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || out="$out $pkg"
  done
  echo "$out"
}

need_required=$(missing $required)
need_optional=$(missing $optional)
need="$need_required$need_optional"
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages:$need"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq $need >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $need >/dev/null 2>&1; }
fi
still=$(missing $required)
if [ -n "$still" ]; then
  echo "error: missing system packages:$still (install them with apt-get as root)" >&2
  exit 1
fi
[ -n "$(missing $optional)" ] && echo "note: optional package$need_optional is missing; PDF builds will be slower" >&2
exit 0
