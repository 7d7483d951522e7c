#!/bin/sh
# Vendor the web app's JavaScript libraries from the npm registry into the static folder
# (no CDN at run time). Idempotent; the vendored files are not committed (.gitignore).
#   leaflet                the map;  leaflet.markercluster  marker clustering on it
#   uplot                  the timeline and dashboard charts;  swagger-ui-dist  /docs
# Usage: scripts/vendor_web.sh [DEST]   (default src/rasd/web/static/vendor)
set -eu
DEST=${1:-src/rasd/web/static/vendor}
LEAFLET=${LEAFLET_VERSION:-1.9.4}
CLUSTER=${MARKERCLUSTER_VERSION:-1.5.3}
UPLOT=${UPLOT_VERSION:-1.6.32}
SWAGGER=${SWAGGER_UI_VERSION:-5.35.0}
case "$DEST" in /*) ;; *) DEST="$(pwd)/$DEST" ;; esac

if [ -f "$DEST/leaflet/leaflet.js" ] && [ -f "$DEST/swagger-ui/swagger-ui-bundle.js" ] \
   && [ -f "$DEST/markercluster/leaflet.markercluster.js" ] && [ -f "$DEST/uplot/uPlot.iife.min.js" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: the map, charts and /docs assets are not vendored (the app works without them)" >&2
  exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
if ! npm pack --silent "leaflet@$LEAFLET" "leaflet.markercluster@$CLUSTER" "uplot@$UPLOT" \
     "swagger-ui-dist@$SWAGGER" >/dev/null; then
  echo "npm pack failed: the map, charts and /docs assets are not vendored (the app works without them)" >&2
  exit 0
fi
mkdir -p leaflet cluster uplot swagger "$DEST/leaflet" "$DEST/markercluster" "$DEST/uplot" "$DEST/swagger-ui"
tar xzf "leaflet-$LEAFLET.tgz" -C leaflet
tar xzf "leaflet.markercluster-$CLUSTER.tgz" -C cluster
tar xzf "uplot-$UPLOT.tgz" -C uplot
tar xzf "swagger-ui-dist-$SWAGGER.tgz" -C swagger
cp -R leaflet/package/dist/. "$DEST/leaflet/"
cp leaflet/package/LICENSE "$DEST/leaflet/LICENSE"
for f in leaflet.markercluster.js MarkerCluster.css MarkerCluster.Default.css; do cp "cluster/package/dist/$f" "$DEST/markercluster/"; done
cp cluster/package/MIT-LICENCE.txt "$DEST/markercluster/LICENSE" 2>/dev/null || cp cluster/package/LICENSE* "$DEST/markercluster/" 2>/dev/null || true
for f in uPlot.iife.min.js uPlot.min.css; do cp "uplot/package/dist/$f" "$DEST/uplot/"; done
cp uplot/package/LICENSE "$DEST/uplot/LICENSE"
for f in swagger-ui-bundle.js swagger-ui.css LICENSE; do cp "swagger/package/$f" "$DEST/swagger-ui/"; done
echo "vendored leaflet@$LEAFLET, leaflet.markercluster@$CLUSTER, uplot@$UPLOT and swagger-ui-dist@$SWAGGER into $DEST"
