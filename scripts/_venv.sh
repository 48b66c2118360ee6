# Sourced by scripts/start and scripts/test: make .venv with a Python >= 3.11 and install CreatorWatch into it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CREATORWATCH_VENV:-$ROOT/.venv}"

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  echo "CreatorWatch needs Python 3.11 or newer; please install it first." >&2
  return 1
}

ensure_venv() {  # $1: the pip extras, e.g. "" or "[dev]"; $2…: packages to install first (exact builds)
  local extras="$1"
  shift
  if [ ! -x "$VENV/bin/python" ]; then
    echo "Creating a private Python environment in $VENV …"
    "$(find_python)" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
  fi
  local stamp="$VENV/.installed$extras"
  if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
    echo "Installing CreatorWatch and what it needs (first time only) …"
    [ $# -eq 0 ] || "$VENV/bin/python" -m pip install --quiet "$@"
    # The locked versions, each checked against its hash (requirements.lock: see README, "For developers").
    [ ! -f "$ROOT/requirements.lock" ] || "$VENV/bin/python" -m pip install --quiet -r "$ROOT/requirements.lock"
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT$extras"
    case "$extras" in  # resemblyzer without its `webrtcvad` (source only): the extra brings webrtcvad-wheels
      *voice*) "$VENV/bin/python" -m pip install --quiet --no-deps "resemblyzer>=0.1.4" ;;
    esac
    touch "$stamp"
  fi
}

ensure_system_packages() {  # Debian/Ubuntu packages; installed when missing and we may (root or sudo)
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"; } >/dev/null; then
    echo "Could not install ${missing[*]}; please install them with your package manager." >&2
    return 1
  fi
}
