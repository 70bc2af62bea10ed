#!/usr/bin/env bash
# bench-site.sh: how fast `infradoc build` is on a large repository, and how
# that compares with Hugo building the same number of plain markdown pages.
#
#   scripts/bench-site.sh                       # 1,000 items, 10,000 obligations, 100 docs
#   RUNS=3 OBLIGATIONS=2000 scripts/bench-site.sh
#
# It generates the synthetic repository (go run ./cmd/infradoc-synth) into a
# temporary folder and measures three cases, RUNS times each (default 5), and
# prints the MEDIANS of wall time, CPU time (user plus system), peak memory
# (maximum resident set size, as /usr/bin/time reports it) and files written:
#   cold        empty output folder; the diagram cache is warm (one build
#               warms it first: the very first run on a machine renders every
#               diagram once, about 150 ms each on 2 cores)
#   no change   the same build again over its own output (infradoc finds
#               nothing it read changed and stops: see "up to date" in the
#               README)
#   one file    one obligation's title edited, then build
# Hugo builds the same content as one markdown page per item, obligation and
# doc (infradoc-synth -markdown) with minimal layouts and no syntax
# highlighting, and the script prints
# infradoc's time divided by Hugo's for each case.
#
# Each cold case starts after `sync`, so that writing back the deleted
# output of the run before is not charged to it. The work folder is under
# $TMPDIR (default /tmp): TMPDIR=/dev/shm measures both tools on tmpfs,
# without the disk's cost of creating 11,000 files.
#
# Needs Go; builds infradoc and infradoc-graphviz (the diagram worker) into
# the work folder; installs GNU time and Hugo with apt-get when they are
# missing.
# INFRADOC_CACHE_DIR chooses the diagram cache (default: infradoc's own).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
ITEMS=${ITEMS:-1000}
OBLIGATIONS=${OBLIGATIONS:-10000}
DOCS=${DOCS:-100}

need() { # need COMMAND DEBIAN-PACKAGE
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "installing $2 (apt-get)…" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}
need /usr/bin/time time
need hugo hugo

work=$(mktemp -d "${TMPDIR:-/tmp}/infradoc-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
# infradoc and its Graphviz worker side by side: infradoc finds the worker
# beside itself, so no first-use build lands in the measurements.
go build -o "$work/" ./cmd/infradoc ./cmd/infradoc-graphviz
go run ./cmd/infradoc-synth -items "$ITEMS" -obligations "$OBLIGATIONS" -docs "$DOCS" -out "$work/repo" >/dev/null
go run ./cmd/infradoc-synth -items "$ITEMS" -obligations "$OBLIGATIONS" -docs "$DOCS" -markdown -out "$work/hugo" >/dev/null

# A minimal Hugo site: one template per page kind, no theme.
page='<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>'
mkdir -p "$work/hugo/layouts/_default"
printf '%s{{ .Content }}</main></body></html>\n' "$page" >"$work/hugo/layouts/_default/single.html"
printf '%s<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n' "$page" >"$work/hugo/layouts/_default/list.html"
cat >"$work/hugo/config.toml" <<'TOML'
baseURL = "https://synthetic.example.org/"
title = "Synthetic baseline"
disableKinds = ["taxonomy", "term"]
# Highlighting stays off for Hugo: infradoc highlights only the docs' code
# blocks (one small block per doc), while Hugo's pages also hold every
# obligation's migration SQL, and Chroma would triple Hugo's time on it.
[markup.highlight]
codeFences = false
TOML

repo_out="$work/public"
hugo_out="$work/hugo-public"
changed="$work/repo/obligations/OB-00001.yaml"
hugo_changed="$work/hugo/content/obligations/ob-00001.md"
edit=0

# run LABEL: runs "$@" under /usr/bin/time, appends "seconds kilobytes files
# cpu-seconds" to $work/LABEL. Files are what infradoc reports written, or
# for Hugo the files in its output after the run.
run() {
  local label=$1; shift
  /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
  local files
  if [[ $label == infradoc* ]]; then
    files=$(sed -n 's/^built .*: \([0-9]*\) files written.*/\1/p' "$work/out")
  else
    files=$(find "$hugo_out" -type f | wc -l)
  fi
  tail -n 1 "$work/time" | awk -v f="${files:-0}" '{printf "%s %s %s %.2f\n", $1, $2, f, $3 + $4}' >>"$work/$label"
}

infradoc=("$work/infradoc" build --config "$work/repo/infradoc.yaml" --out "$repo_out")
hugo_build=(hugo --quiet --source "$work/hugo" --destination "$hugo_out")
touch_one() { # edits a title so that exactly one input changes
  edit=$((edit + 1))
  sed -i "s/^  title: \(.*\)/  title: \1 $edit/" "$changed"
  sed -i "s/^title: \"\(.*\)\"/title: \"\1 $edit\"/" "$hugo_changed"
}

echo "warming the diagram cache…" >&2
"${infradoc[@]}" >/dev/null 2>&1 || { "${infradoc[@]}"; exit 1; }

# A cold build starts without an output folder. The old one is moved aside,
# not deleted, and the moved folders are deleted at the end: on a journal-less
# ext4 (this machine's disk), for a minute or more after 11,000 files are
# deleted, every file created is slowed by a search past their inodes (about
# 300 µs a file, both tools alike), which would measure the deletion rather
# than the build.
aside=0
set_aside() { # set_aside DIR: moves DIR out of the way, if it exists
  aside=$((aside + 1))
  if [[ -e $1 ]]; then mv "$1" "$work/old.$aside"; fi
}

for i in $(seq "$RUNS"); do
  echo "run $i of $RUNS…" >&2
  set_aside "$repo_out"; sync; run "infradoc-cold" "${infradoc[@]}"
  run "infradoc-nochange" "${infradoc[@]}"
  touch_one; run "infradoc-onefile" "${infradoc[@]}"
  set_aside "$hugo_out"; rm -rf "$work/hugo/resources"; sync; run "hugo-cold" "${hugo_build[@]}"
  run "hugo-nochange" "${hugo_build[@]}"
  touch_one; run "hugo-onefile" "${hugo_build[@]}"
done

median() { # median FILE COLUMN
  cut -d' ' -f"$2" "$1" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

echo
echo "infradoc build vs Hugo: $ITEMS items, $OBLIGATIONS obligations, $DOCS docs; medians of $RUNS runs"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1); $(go version | cut -d' ' -f3); $(hugo version | cut -d' ' -f2)"
echo
printf '%-10s %11s %11s %11s %11s %9s %9s %9s %7s %7s\n' "case" "infradoc s" "CPU s" "MB" "files" "hugo s" "CPU s" "MB" "ratio" "CPU"
for c in cold nochange onefile; do
  is=$(median "$work/infradoc-$c" 1); ik=$(median "$work/infradoc-$c" 2); iw=$(median "$work/infradoc-$c" 3)
  ic=$(median "$work/infradoc-$c" 4)
  hs=$(median "$work/hugo-$c" 1); hk=$(median "$work/hugo-$c" 2); hc=$(median "$work/hugo-$c" 4)
  name=$c; [[ $c == nochange ]] && name="no change"; [[ $c == onefile ]] && name="one file"
  awk -v n="$name" -v is="$is" -v ic="$ic" -v ik="$ik" -v iw="$iw" -v hs="$hs" -v hc="$hc" -v hk="$hk" 'BEGIN {
    printf "%-10s %11.2f %11.2f %11.0f %11d %9.2f %9.2f %9.0f %7.2f %7.2f\n", n, is, ic, ik/1024, iw, hs, hc, hk/1024,
      (hs > 0 ? is/hs : 0), (hc > 0 ? ic/hc : 0)
  }'
done
echo
echo "ratio = infradoc time / Hugo time (below 1: infradoc is faster); CPU = the same for CPU time."
echo "Hugo writes $(median "$work/hugo-cold" 3) files."
# The runs of both tools alternate, so run i of one and of the other met
# the same machine: the spread of these paired ratios shows how far this
# machine's noise moves the one above.
paired() { # paired COLUMN WHAT: the spread of the cold runs' paired ratios
  paste -d' ' <(cut -d' ' -f"$1" "$work/infradoc-cold") <(cut -d' ' -f"$1" "$work/hugo-cold") |
    awk '$2 > 0 {print $1 / $2}' | sort -n |
    awk -v w="$2" '{v[NR]=$1} END {if (NR) printf "cold %s run by run: min %.2f, median %.2f, max %.2f (%d runs)\n", w, v[1], v[int((NR+1)/2)], v[NR], NR}'
}
paired 1 ratio
paired 4 "CPU ratio"

