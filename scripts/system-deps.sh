#!/bin/sh
# Install the system libraries WeasyPrint uses, when we can (root + apt-get) and they are missing.
# Pango is required; libharfbuzz-subset0 only makes PDF font subsetting faster;
# gettext gives the tests msgfmt, the reference checker translators know.
set -u
need=""
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need="$need $pkg"
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages:$need"
  apt-get install -y -qq $need >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $need >/dev/null 2>&1; } \
    || echo "warning: could not install$need; WeasyPrint may be slower or fail" >&2
else
  echo "note: missing system packages:$need (install them with apt-get as root)" >&2
fi
exit 0
