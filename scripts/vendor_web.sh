#!/bin/sh
# Vendor the web app's JavaScript libraries from the npm registry into the static folder
# (no CDN at run time). Idempotent; the vendored files are not committed (.gitignore).
# Usage: scripts/vendor_web.sh [DEST]   (default src/rasd/web/static/vendor)
set -eu
DEST=${1:-src/rasd/web/static/vendor}
LEAFLET=${LEAFLET_VERSION:-1.9.4}
SWAGGER=${SWAGGER_UI_VERSION:-5.35.0}
case "$DEST" in /*) ;; *) DEST="$(pwd)/$DEST" ;; esac

if [ -f "$DEST/leaflet/leaflet.js" ] && [ -f "$DEST/swagger-ui/swagger-ui-bundle.js" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: the map and /docs assets are not vendored (the app works without them)" >&2
  exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
if ! npm pack --silent "leaflet@$LEAFLET" "swagger-ui-dist@$SWAGGER" >/dev/null; then
  echo "npm pack failed: the map and /docs assets are not vendored (the app works without them)" >&2
  exit 0
fi
mkdir -p leaflet swagger "$DEST/leaflet" "$DEST/swagger-ui"
tar xzf "leaflet-$LEAFLET.tgz" -C leaflet
tar xzf "swagger-ui-dist-$SWAGGER.tgz" -C swagger
cp -R leaflet/package/dist/. "$DEST/leaflet/"
cp leaflet/package/LICENSE "$DEST/leaflet/LICENSE"
for f in swagger-ui-bundle.js swagger-ui.css LICENSE; do cp "swagger/package/$f" "$DEST/swagger-ui/"; done
echo "vendored leaflet@$LEAFLET and swagger-ui-dist@$SWAGGER into $DEST"
