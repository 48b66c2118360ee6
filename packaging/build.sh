#!/usr/bin/env bash
# Build CreatorWatch as a one-folder app for this platform (dist/creatorwatch/), then smoke-test what was built:
# it must answer --version and open its window (offscreen) and quit cleanly, outside any Python environment.
# Usage: bash packaging/build.sh        (CREATORWATCH_VENV chooses the Python environment; default .venv)
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/_venv.sh"
ensure_system_packages binutils libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
ensure_venv "[packaging]"
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
APP_ID=org.creatorwatch.CreatorWatch
DIST="$ROOT/dist/creatorwatch"
APP="$DIST/creatorwatch"

echo "== icons"
rm -rf build/icons
"$VENV/bin/python" packaging/render_icons.py build/icons

echo "== PyInstaller"
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/creatorwatch.spec

if [ "$(uname -s)" = Linux ]; then
  echo "== desktop files (dist/creatorwatch/share, laid out like /usr/share)"
  share="$DIST/share"
  mkdir -p "$share/applications" "$share/metainfo" "$share/icons/hicolor/scalable/apps"
  cp "resources/$APP_ID.desktop" "$share/applications/"
  cp "resources/$APP_ID.metainfo.xml" "$share/metainfo/"
  cp -R build/icons/. "$share/icons/hicolor/"
  cp "resources/icons/$APP_ID.svg" "$share/icons/hicolor/scalable/apps/"
fi

echo "== smoke test"
[ -x "$APP" ] || APP="$DIST/creatorwatch.exe"
smoke="$(mktemp -d)"
trap 'rm -rf "$smoke"' EXIT
mkdir -m 700 "$smoke/runtime"
fail() { echo "SMOKE TEST FAILED: $*" >&2; exit 1; }
now_ms() { local t="${EPOCHREALTIME/[.,]/}"; echo $(( t / 1000 )); }
built() {  # run the built app with a clean environment and a throw-away data home
  env -i PATH=/usr/bin:/bin HOME="$smoke" XDG_RUNTIME_DIR="$smoke/runtime" QT_QPA_PLATFORM=offscreen \
    CREATORWATCH_HOME="$smoke/home" "$@"
}

expected="CreatorWatch $("$VENV/bin/python" -c 'import creatorwatch; print(creatorwatch.__version__)')"
start=$(now_ms)
answer="$(built timeout 60 "$APP" --version)" || fail "--version exited with status $?"
version_ms=$(( $(now_ms) - start ))
[ "$answer" = "$expected" ] || fail "--version said '$answer', expected '$expected'"

start=$(now_ms)
built CREATORWATCH_SMOKE_TEST=1 timeout 60 "$APP" >"$smoke/window.out" 2>&1 &
pid=$!
until grep -q "^smoke test:" "$smoke/window.out" || ! kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
shown_ms=$(( $(now_ms) - start ))
status=0
wait "$pid" || status=$?
total_ms=$(( $(now_ms) - start ))
cat "$smoke/window.out"
grep -q "^smoke test: window shown" "$smoke/window.out" || fail "the window did not open (exit status $status)"
[ "$status" -eq 0 ] || fail "the app exited with status $status"
! ls "$smoke/home/logs"/crash-*.log >/dev/null 2>&1 || fail "it left a crash log: $(cat "$smoke/home/logs"/crash-*.log)"
! grep -E " (ERROR|CRITICAL) " "$smoke/home/logs/creatorwatch.log" || fail "errors in its log (above)"

seconds() { printf '%d.%02d s' $(( $1 / 1000 )) $(( $1 % 1000 / 10 )); }
echo "== built $answer: $DIST ($(du -sh "$DIST" | cut -f1))"
echo "   --version answered in $(seconds $version_ms); window shown after $(seconds $shown_ms)," \
  "quit cleanly after $(seconds $total_ms)"
