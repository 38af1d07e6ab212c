#!/usr/bin/env bash
# CLI start-up figures (issue 15), side by side in one run: a hello-world `java` start, cold
# `--version` and single-file `scan` (java -jar, and bin/aiprov with its flags and archive), a cold
# graph command without and with class-data sharing, the same through `aiprov serve` (thin client
# over the socket, and over Bolt), and the files/s of a scan of many files.
# Usage: scripts/bench-cli.sh [RUNS] [FILES]   (best of RUNS, default 3; FILES for the large scan, default 3000)
# Needs the jar (mvn -B -q package -DskipTests), python3 for the fixtures. Writes only to a temp dir.
# PICKLESCAN_SRC=DIR adds picklescan rows (run from a source checkout: PYTHONPATH=DIR python3 -m picklescan).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${AIPROV_JAR:-$root/cli/target/aiprov.jar}"
runs="${1:-3}"
files="${2:-3000}"
work="$(mktemp -d)"
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill -TERM "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export AIPROV_HOME="$work/home"
[ -f "$jar" ] || { echo "no $jar: build it with mvn -B -q package -DskipTests" >&2; exit 3; }

now_ms() { date +%s%3N; }
# best of $runs: wall-clock seconds, and CPU seconds (user + system, all threads) that load does not inflate
best() {
  local i
  : > "$work/times"
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f "%e %U %S" -o "$work/t" "$@" >/dev/null 2>&1 || true
    tail -1 "$work/t" | awk '{printf "%.2f %.2f\n", $1, $2 + $3}' >> "$work/times"
  done
  printf '%s s  (cpu %s s)' "$(cut -d' ' -f1 "$work/times" | sort -n | head -1)" "$(cut -d' ' -f2 "$work/times" | sort -n | head -1)"
}
row() { printf '  %-56s %s\n' "$1" "$2"; }
# best of $runs: wall milliseconds (for the side-by-side ratios)
best_ms() {
  local i s e b=""
  for ((i = 0; i < runs; i++)); do
    s=$(now_ms); "$@" >/dev/null 2>&1 || true; e=$(now_ms)
    if [ -z "$b" ] || [ $((e - s)) -lt "$b" ]; then b=$((e - s)); fi
  done
  echo "$b"
}

mkdir -p "$work/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$work/hello/Hello.java"
javac -d "$work/hello" "$work/hello/Hello.java"
python3 -c "import pickle,sys; pickle.dump({'w': list(range(100))}, open(sys.argv[1], 'wb'))" "$work/one.pkl"

echo "aiprov CLI start-up, $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), best of $runs"
echo "  $(java -version 2>&1 | head -1)"
export AIPROV_JAR="$jar"
launcher="$root/bin/aiprov"
hello=$(best java -cp "$work/hello" Hello)
row "hello-world java start" "$hello"
row "aiprov --version (java -jar)" "$(best java -jar "$jar" --version)"
row "aiprov --version (bin/aiprov, no archive yet)" "$(AIPROV_CDS=off best "$launcher" --version)"
scan=$(best java -jar "$jar" scan "$work/one.pkl")
row "aiprov scan ONE.pkl (java -jar)" "$scan"
row "aiprov scan ONE.pkl (bin/aiprov: C1, serial GC; no archive)" "$(AIPROV_CDS=off best "$launcher" scan "$work/one.pkl")"
s=$(now_ms)
"$launcher" scan "$work/one.pkl" >/dev/null 2>&1 || true   # the first scan through bin/aiprov writes the light archive
e=$(now_ms)
row "  (first scan through bin/aiprov, writing its archive)" "$(printf '%d.%03d s' $(((e - s) / 1000)) $(((e - s) % 1000)))"
row "aiprov scan ONE.pkl (bin/aiprov, with its archive)" "$(best "$launcher" scan "$work/one.pkl")"
row "aiprov --version (bin/aiprov, with the scan archive)" "$(best "$launcher" --version)"
row "  goal for scan: hello-world + 0.5 s" "$(echo "$hello" | awk '{printf "%.2f s  (cpu %.2f s)", $1 + 0.5, $4 + 0.5}')"
# picklescan from a source checkout, when given: PICKLESCAN_SRC=DIR (the directory holding picklescan/)
if [ -n "${PICKLESCAN_SRC:-}" ]; then
  row "picklescan ONE.pkl (python3, source checkout)" "$(PYTHONPATH="$PICKLESCAN_SRC" best python3 -m picklescan -p "$work/one.pkl")"
fi

g="$work/graph"
AIPROV_CDS=off java -jar "$jar" query --graph "$g" "RETURN 1" >/dev/null 2>&1 || true   # create the small graph (untimed)
AIPROV_CDS=off java -jar "$jar" --graph "$g" inventory import "$root/cli/src/test/resources/inventory/aiprov.yaml" >/dev/null 2>&1 || true
q=(query --graph "$g" "MATCH (d:Deployment) RETURN count(d)")
row "graph command, no class-data sharing (java -jar)" "$(AIPROV_CDS=off best java -jar "$jar" "${q[@]}")"
row "graph command, no class-data sharing (bin/aiprov: C1, serial)" "$(AIPROV_CDS=off best "$launcher" "${q[@]}")"

size=$(stat -c %s "$jar"); mtime=$(stat -c %Y "$jar")
archive="$AIPROV_HOME/cds/aiprov-$size-$mtime.jsa"
mkdir -p "$AIPROV_HOME/cds" "$work/train"
s=$(now_ms)
java -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -Daiprov.cds=train -jar "$jar" cds-train "$work/train" >/dev/null 2>&1 || true
e=$(now_ms)
row "  (making the archive once, in the background normally)" "$(printf '%d.%03d s' $(((e - s) / 1000)) $(((e - s) % 1000)))"
row "graph command, with the archive (bin/aiprov)" "$(best "$launcher" "${q[@]}")"
row "graph command, with the archive (java -jar, re-run)" "$(best java -jar "$jar" "${q[@]}")"
row "  goal for a graph command" "3.00 s"

AIPROV_CDS=off java -jar "$jar" serve --graph "$g" >/dev/null 2>&1 &
serve_pid=$!
for ((i = 0; i < 3000; i++)); do [ -f "$g/aiprov.serve" ] && break; sleep 0.1; done
row "graph command through aiprov serve (java -jar)" "$(best java -jar "$jar" "${q[@]}")"
row "graph command through aiprov serve (bin/aiprov)" "$(best "$launcher" "${q[@]}")"
row "  the same through serve's Bolt port (socket hidden)" "$(mv "$g/aiprov.sock" "$g/aiprov.sock.off"; best "$launcher" "${q[@]}"; mv "$g/aiprov.sock.off" "$g/aiprov.sock")"
kill -TERM "$serve_pid"; wait "$serve_pid" && serve_exit=0 || serve_exit=$?
serve_pid=""
echo "  (serve stopped on SIGTERM with exit $serve_exit)"

python3 - "$work/many" "$files" <<'PY'
import json, os, pickle, random, struct, sys
root, n = sys.argv[1], int(sys.argv[2]); random.seed(1)
for i in range(n):
    d = os.path.join(root, f"d{i % 30}"); os.makedirs(d, exist_ok=True); k = i % 6
    if k == 0: pickle.dump({'w': list(range(random.randint(10, 2000)))}, open(f"{d}/m{i}.pkl", "wb"))
    elif k == 1: json.dump({"model_type": "bert", "hidden": i}, open(f"{d}/config{i}.json", "w"))
    elif k == 2: open(f"{d}/mod{i}.py", "w").write(("import os\n\ndef f(x):\n    return x + %d\n" % i) * 20)
    elif k == 3: open(f"{d}/readme{i}.md", "w").write("# model\n" + "text line\n" * random.randint(5, 500))
    elif k == 4:
        h = json.dumps({"w": {"dtype": "F32", "shape": [16], "data_offsets": [0, 64]}}).encode()
        open(f"{d}/t{i}.safetensors", "wb").write(struct.pack("<Q", len(h)) + h + bytes(64))
    else: open(f"{d}/blob{i}.bin", "wb").write(os.urandom(random.randint(100, 50000)))
PY
s=$(now_ms)
rate=$(java -jar "$jar" scan "$work/many" 2>&1 >/dev/null | grep 'files/s' || true)
e=$(now_ms)
row "aiprov scan of $files mixed files (whole command)" "$(printf '%d.%03d s' $(((e - s) / 1000)) $(((e - s) % 1000)))"
echo "  ${rate:-no rate line}"
if [ -n "${PICKLESCAN_SRC:-}" ]; then
  # picklescan stops at the first file it cannot parse (the random blobs above), so the side-by-side
  # run is on a corpus both judge in full: FILES pickles of 1-30 KB (bytes payloads and lists)
  python3 - "$work/pickles" "$files" <<'PY'
import os, pickle, random, sys
root, n = sys.argv[1], int(sys.argv[2]); random.seed(2)
for i in range(n):
    d = os.path.join(root, f"d{i % 40}"); os.makedirs(d, exist_ok=True)
    obj = {'w': os.urandom(random.randint(1000, 30000)), 'n': list(range(random.randint(10, 500))), 'name': f"layer{i}"}
    pickle.dump(obj, open(f"{d}/m{i}.pkl", "wb"), protocol=random.choice([2, 4]))
PY
  a=$(best_ms java -jar "$jar" scan "$work/pickles")
  l=$(best_ms "$launcher" scan "$work/pickles")
  p=$(PYTHONPATH="$PICKLESCAN_SRC" best_ms python3 -m picklescan -p "$work/pickles")
  PYTHONPATH="$PICKLESCAN_SRC" python3 -m picklescan -p "$work/pickles" >"$work/ps.out" 2>&1 || true
  row "aiprov scan of $files pickles (whole command, java -jar)" "$(printf '%d.%03d s' $((a / 1000)) $((a % 1000)))"
  row "picklescan of the same $files pickles (whole command)" "$(printf '%d.%03d s' $((p / 1000)) $((p % 1000)))  ($(grep -o 'Scanned files: [0-9]*' "$work/ps.out" || echo 'no summary'))"
  row "aiprov scan of the same $files pickles (bin/aiprov)" "$(printf '%d.%03d s' $((l / 1000)) $((l % 1000)))"
  row "  ratio aiprov / picklescan (java -jar; bin/aiprov)" "$(awk -v a="$a" -v l="$l" -v p="$p" 'BEGIN {printf "%.2f; %.2f", a / p, l / p}')"
fi
# issue 15.2's folder: PyTorch checkpoints (zip), pickles and .npy arrays, FILES of them, made by real
# torch/numpy (Debian's python3-torch and python3-numpy) when /usr/bin/python3 has them
if [ -n "${PICKLESCAN_SRC:-}" ] && /usr/bin/python3 -c "import torch, numpy" 2>/dev/null; then
  /usr/bin/python3 - "$work/mixed" "$files" <<'PY'
import os, pickle, random, sys
import numpy as np, torch
root, n = sys.argv[1], int(sys.argv[2]); random.seed(3); torch.manual_seed(3); np.random.seed(3)
for i in range(n):
    d = os.path.join(root, f"d{i % 40}"); os.makedirs(d, exist_ok=True); k = i % 3
    if k == 0: torch.save({"w": torch.randn(random.randint(16, 3000)), "b": torch.zeros(8)}, f"{d}/m{i}.pt")
    elif k == 1: pickle.dump({"w": os.urandom(random.randint(1000, 30000)), "n": list(range(random.randint(10, 500)))}, open(f"{d}/p{i}.pkl", "wb"), protocol=random.choice([2, 4]))
    else: np.save(f"{d}/a{i}.npy", np.random.rand(random.randint(16, 2000)))
PY
  a=$(best_ms java -jar "$jar" scan "$work/mixed")
  l=$(best_ms "$launcher" scan "$work/mixed")
  j=$(best_ms "$launcher" scan --format json "$work/mixed")
  p=$(PYTHONPATH="$PICKLESCAN_SRC" best_ms python3 -m picklescan -p "$work/mixed")
  PYTHONPATH="$PICKLESCAN_SRC" python3 -m picklescan -p "$work/mixed" >"$work/ps.out" 2>&1 || true
  row "aiprov scan of $files .pt/.pkl/.npy (java -jar)" "$(printf '%d.%03d s' $((a / 1000)) $((a % 1000)))"
  row "aiprov scan of the same (bin/aiprov)" "$(printf '%d.%03d s' $((l / 1000)) $((l % 1000)))"
  row "aiprov scan --format json of the same (bin/aiprov, every file hashed)" "$(printf '%d.%03d s' $((j / 1000)) $((j % 1000)))"
  row "picklescan of the same" "$(printf '%d.%03d s' $((p / 1000)) $((p % 1000)))  ($(grep -o 'Scanned files: [0-9]*' "$work/ps.out" || echo 'no summary'))"
  row "  ratio aiprov / picklescan (java -jar; bin/aiprov; bin/aiprov json)" "$(awk -v a="$a" -v l="$l" -v j="$j" -v p="$p" 'BEGIN {printf "%.2f; %.2f; %.2f", a / p, l / p, j / p}')"
fi
echo "  load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
