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
    local lock="$ROOT/requirements.lock"
    case "$extras" in *dev*) lock="$ROOT/requirements-dev.lock" ;; esac
    if lock_fits "$lock"; then  # the locked versions first, each checked against its hash; they then satisfy
      "$VENV/bin/python" -m pip install --quiet --require-hashes -r "$lock"  # what CreatorWatch asks for
    fi
    # setuptools warns of every editable install in a screenful a creator cannot act on: not shown
    PYTHONWARNINGS=ignore::UserWarning "$VENV/bin/python" -m pip install --quiet -e "$ROOT$extras"
    case "$extras" in  # resemblyzer without its `webrtcvad` (source only): the extra brings webrtcvad-wheels
      *voice*) "$VENV/bin/python" -m pip install --quiet --no-deps "resemblyzer>=0.1.4" ;;
    esac
    touch "$stamp"
  fi
}

lock_fits() {  # $1: a lock file (scripts/lock); used only on the kind of machine it was resolved on
  local where
  [ -f "$1" ] || return 1
  where="$("$VENV/bin/python" -c 'import platform; print(platform.system(), platform.machine() + ", CPython",
                                                           ".".join(platform.python_version_tuple()[:2]))')"
  grep -q "^# Resolved on $where" "$1"
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
