#!/usr/bin/env bash
# Charts and PDFs must never show empty boxes: make sure a CJK font is installed.
# Installs Debian's fonts-noto-cjk when none is found and we are root; otherwise fails loudly.
set -euo pipefail
has_cjk_font() {
  local d
  for d in /usr/share/fonts /usr/local/share/fonts "$HOME/.fonts" "$HOME/.local/share/fonts"; do
    [ -d "$d" ] || continue
    if find "$d" \( -iname '*CJK*' -o -iname '*wqy*' -o -iname '*SourceHan*' \) -print -quit | grep -q .; then
      return 0
    fi
  done
  return 1
}
if has_cjk_font; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "未找到中文字体，正在安装 fonts-noto-cjk / no CJK font found, installing fonts-noto-cjk" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q fonts-noto-cjk >/dev/null
  has_cjk_font && exit 0
fi
echo "错误：未找到中文（CJK）字体。请安装，例如：sudo apt-get install fonts-noto-cjk" >&2
echo "Error: no CJK font found. Install one, e.g.: sudo apt-get install fonts-noto-cjk" >&2
exit 1
