#!/usr/bin/env bash
# Reproduces the bundled script faces in fonts/ from their package sources:
#
#   Debian fonts-noto-cjk   → fonts/noto-cjk-{sc,tc,jp}/ (subset, see below)
#   Debian fonts-noto-core  → fonts/noto-scripts/ (Arabic, Hebrew,
#                             Devanagari, Thai; unmodified)
#   npm @expo-google-fonts/noto-emoji → fonts/noto-emoji/ (unmodified)
#
# The Korean subset (fonts/noto-cjk-kr/) is described in fonts/README.md.
# Needs apt-get (Debian 12), npm, python3 with venv. Nothing is installed
# system-wide: the .deb files are unpacked into a scratch folder, so the
# build machine's own fonts stay as they were.
#
#   scripts/fonts.sh            # rewrite the files in fonts/
#   scripts/fonts.sh --check    # rebuild into a scratch folder and compare
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/fonts
check=false
[ "${1:-}" = "--check" ] && check=true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Package sources. apt-get download fetches the .deb without installing it.
apt-get download fonts-noto-cjk=1:20220127+repack1-1 fonts-noto-core=20201225-1 >/dev/null
for deb in ./*.deb; do dpkg-deb -x "$deb" pkg; done
npm pack --silent @expo-google-fonts/noto-emoji@0.4.7 >/dev/null
tar xzf expo-google-fonts-noto-emoji-0.4.7.tgz
python3 -m venv venv
venv/bin/pip install --quiet fonttools==4.68.0

cjk=pkg/usr/share/fonts/opentype/noto
core=pkg/usr/share/fonts/truetype/noto
if $check; then dest=$work/fonts; else dest=$out; fi
mkdir -p "$dest"/noto-cjk-{sc,tc,jp} "$dest"/noto-scripts "$dest"/noto-emoji

# Han character sets, enumerated from Python's own legacy codecs:
#   sc  GB 2312 levels 1 and 2 (6,763 hanzi)
#   tc  Big5 frequently used characters, 0xA440–0xC67E (5,401 hanzi)
#   jp  JIS X 0208 level 1 (2,965 kanji); kana are added below
charset() {
    venv/bin/python - "$1" <<'EOF'
import sys

def rows(codec, lead, trail):
    out = set()
    for a in lead:
        for b in trail:
            try:
                s = bytes([a, b]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(s) == 1 and ord(s) >= 0x3400:
                out.add(ord(s))
    return out

big5_trail = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
sets = {
    "sc": lambda: rows("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF)),
    "tc": lambda: rows("big5", range(0xA4, 0xC7), big5_trail),
    "jp": lambda: rows("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF)),
}
print(",".join(f"U+{c:04X}" for c in sorted(sets[sys.argv[1]]())))
EOF
}

# Basic Latin, Latin-1, general punctuation, CJK symbols and punctuation,
# half- and full-width forms; kana only in the Japanese faces (so a run
# with kana is set in Japanese forms).
common="U+0020-007E,U+00A0-00FF,U+2000-206F,U+3000-303F,U+FF00-FFEF"
kana="U+3040-30FF,U+31F0-31FF"
# The region's own face (no `locl`: its default forms are the region's).
features="kern,liga,ccmp,palt,halt,vert"

subset() { # ttc face-index unicodes output
    venv/bin/pyftsubset "$1" --font-number="$2" --unicodes="$common,$3" \
        --layout-features="$features" --name-IDs='*' --name-languages='*' \
        --output-file="$4" 2>/dev/null
}

# Face order in Noto*CJK-Regular.ttc: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK.
sc=$(charset sc)
tc=$(charset tc)
jp="$kana,$(charset jp)"
for style in Serif Sans; do
    subset "$cjk/Noto${style}CJK-Regular.ttc" 2 "$sc" "$dest/noto-cjk-sc/Noto${style}SC-Regular.otf"
    subset "$cjk/Noto${style}CJK-Regular.ttc" 3 "$tc" "$dest/noto-cjk-tc/Noto${style}TC-Regular.otf"
    subset "$cjk/Noto${style}CJK-Regular.ttc" 0 "$jp" "$dest/noto-cjk-jp/Noto${style}JP-Regular.otf"
done
for d in sc tc jp; do
    cp pkg/usr/share/doc/fonts-noto-cjk/copyright "$dest/noto-cjk-$d/LICENSE"
done

for f in NotoNaskhArabic NotoSansArabic NotoSerifHebrew NotoSansHebrew \
    NotoSerifDevanagari NotoSansDevanagari NotoSerifThai NotoSansThai; do
    for w in Regular Bold; do cp "$core/$f-$w.ttf" "$dest/noto-scripts/"; done
done
cp pkg/usr/share/doc/fonts-noto-core/copyright "$dest/noto-scripts/LICENSE"

cp package/400Regular/NotoEmoji_400Regular.ttf "$dest/noto-emoji/NotoEmoji-Regular.ttf"
cp package/LICENSE_FONT "$dest/noto-emoji/LICENSE"

if $check; then
    for d in noto-cjk-sc noto-cjk-tc noto-cjk-jp noto-scripts noto-emoji; do
        diff -r "$dest/$d" "$out/$d"
    done
    echo "fonts/ matches its sources"
fi
