#!/usr/bin/env bash
# Retake resources/screenshots/main-window.png (used by the AppStream metainfo): the real window on a virtual
# X display, showing a small demo library. Needs Debian's xvfb, x11-utils and imagemagick.
# Usage: bash packaging/screenshot.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/_venv.sh"
if [ -z "${SCREENSHOT_DISPLAY:-}" ]; then
  ensure_system_packages xvfb x11-utils imagemagick libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
    libxcb-image0 libxcb-render-util0 libxcb-xkb1 libxcb-shape0 libxcb-randr0
  ensure_venv "[dev]"
  exec xvfb-run -a -s "-screen 0 1280x800x24" env SCREENSHOT_DISPLAY=1 bash "${BASH_SOURCE[0]}"
fi
cd "$ROOT"
demo="$(mktemp -d)"
trap 'kill "$app" 2>/dev/null; rm -rf "$demo"' EXIT

"$VENV/bin/python" - "$demo/works" <<'EOF'
import sys
from pathlib import Path
from tests.media import SCRIPT, make_picture, make_recording
works = Path(sys.argv[1])
works.mkdir()
for seed, title in enumerate(["Harbour at dawn", "Self-portrait with fox", "Lighthouse study", "Cover art — Night Swim"]):
    make_picture(works / f"{title}.png", seed=seed + 3, size=(640, 480))
for seed, title in enumerate(["Night Swim (final mix)", "Opening theme", "Voice reel 2025"]):
    make_recording(works / f"{title}.wav", seed=seed, seconds=4)
(works / "The Long Way Home — pilot.fountain").write_text(SCRIPT, encoding="utf-8")
(works / "Short story — Paper Boats.md").write_text(
    "# Paper Boats\n\n" + "The river carried every boat we folded that summer, and none came back. " * 30)
EOF
"$VENV/bin/creatorwatch" --home "$demo/home" add "$demo/works"
"$VENV/bin/creatorwatch" --home "$demo/home" &
app=$!
window=""
for _ in $(seq 100); do  # the main window is the one with the app's WM_CLASS
  window="$(xwininfo -root -tree | awk '/\("creatorwatch" "CreatorWatch"\)/ {print $1; exit}')"
  [ -n "$window" ] && break
  sleep 0.1
done
[ -n "$window" ] || { echo "the window did not appear" >&2; exit 1; }
sleep 3  # the library loads in the background; let it paint
import -window "$window" resources/screenshots/main-window.png
echo "saved resources/screenshots/main-window.png ($(identify -format '%wx%h' resources/screenshots/main-window.png))"
