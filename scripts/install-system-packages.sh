#!/usr/bin/env bash
# Install the Debian packages vanban needs outside Python.
#
# Idempotent: packages already installed are skipped quietly, and `apt-get update`
# runs only when something is missing. Works as root; otherwise uses sudo when it
# is available. Add a package by appending it to SYSTEM_PACKAGES.
set -euo pipefail

# What each package is for (indexer/readers/, see docs/formats.md):
#   poppler-utils     pdftotext / pdfinfo / pdftoppm: PDF text layer, page count, page images for OCR
#   antiword          .doc (Word 97-2003) to UTF-8 text; the primary .doc reader
#   catdoc            .doc fallback when antiword refuses a file
#   tesseract-ocr     OCR engine for scanned PDFs
#   tesseract-ocr-vie Vietnamese model for tesseract
#   chromium          headless browser for the web UI tests (tests/browser)
#   chromium-driver   chromedriver for Selenium, matching Debian's chromium (no browser download)
#   fonts-noto-core   Vietnamese glyphs in browser screenshots
SYSTEM_PACKAGES=(
  poppler-utils
  antiword
  catdoc
  tesseract-ocr
  tesseract-ocr-vie
  chromium
  chromium-driver
  fonts-noto-core
)

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "missing Debian packages: ${missing[*]}; run this script as root (sudo is not available)" >&2
  exit 1
fi

echo "installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
