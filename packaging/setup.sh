#!/usr/bin/env bash
# Sets up a Debian 12 machine for Scriptorium and builds it. This is the one place that
# installs system packages.
#
#   packaging/setup.sh [deps]   install missing packages only
#   packaging/setup.sh build    … then configure and build the release preset
#   packaging/setup.sh run      … then run the app: the GUI with a display, else the headless demo
#   packaging/setup.sh test     … then build the CI preset (ASan+UBSan, -Werror) and run all tests
#
# Idempotent: packages already installed are skipped, and builds are incremental.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

# What each package is for is listed in README.md ("Dependencies").
packages=(
  build-essential cmake ninja-build pkg-config git file dpkg-dev
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev libgl-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
  qt6-svg-dev libqt6svg6 qt6-qpa-plugins qtkeychain-qt6-dev
  libcurl4-openssl-dev ca-certificates curl nlohmann-json3-dev libsqlite3-dev
  libcpp-httplib-dev libcli11-dev libzip-dev
  clang-16 libclang-rt-16-dev clang-format
  xvfb xauth fonts-noto-cjk epubcheck python3 python3-docx poppler-utils desktop-file-utils
  appstream
)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    say "need root to install packages: run as root or install sudo"; exit 1
  fi
}

install_deps() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "all ${#packages[@]} Debian packages already installed"
    return
  fi
  say "installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  local preset=$1
  say "configuring preset '$preset' in build/$preset"
  cmake --preset "$preset" >/dev/null
  say "building preset '$preset' ($(nproc) cores)"
  cmake --build --preset "$preset"
}

has_display() {
  [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]
}

cmd=${1:-deps}
[ $# -gt 0 ] && shift
case "$cmd" in
  deps)
    install_deps ;;
  build)
    install_deps; build release ;;
  run)
    install_deps; build release
    if has_display; then
      say "starting the Scriptorium window"
      exec build/release/app/gui/scriptorium "$@"
    fi
    say "no display found (\$DISPLAY and \$WAYLAND_DISPLAY are empty): running the headless demo"
    say "(the whole pipeline offline against the embedded simulator; see scriptorium-cli --help)."
    say "for the window, run this again from a desktop session, or: xvfb-run $0 run"
    exec build/release/app/cli/scriptorium-cli demo ;;
  test)
    install_deps; build ci
    say "running the test suite (ASan+UBSan)"
    ctest --preset ci "$@" ;;
  *)
    echo "usage: $0 [deps|build|run|test]" >&2; exit 2 ;;
esac
