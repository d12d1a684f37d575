#!/usr/bin/env bash
# Start-up figures: for generated corpora of 1k, 10k and 100k briefings, the wall time and peak
# memory of `brief list` without a cache (cold) and with it (warm), each the range over three runs
# (BRIEF_STARTUP_RUNS) with the files in the page cache, and in the browser, driven
# in a pseudo-terminal, the time to the first frame and to the full list (cold and warm), and the
# time from writing one more briefing into the folder to the list showing it, and from editing
# it to the list showing its new title (warm, once the browser is idle after the load).
#
#   benches/startup.sh                 # all three sizes
#   BRIEF_STARTUP_SIZES="1000 10000" benches/startup.sh
#
# Needs /usr/bin/time and python3. Corpora are written under $TMPDIR (kept between runs).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin brief --example gen_corpus
target="${CARGO_TARGET_DIR:-$PWD/target}"
brief="$target/release/brief"
# The figures are brief's own, whatever the user's configuration says (empty: no config file).
export BRIEF_CONFIG=""
sizes="${BRIEF_STARTUP_SIZES:-1000 10000 100000}"
work="${TMPDIR:-/tmp}/brief-startup"
mkdir -p "$work"

tui_times() { # folder cache-dir -> "first-frame-ms full-list-ms peak-MB added/edited-ms"
  python3 - "$brief" "$1" "$2" <<'PY'
import os, pty, re, select, sys, time
brief, folder, cache = sys.argv[1:4]
start = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    os.environ.update(BRIEF_CACHE_DIR=cache, TERM="xterm-256color")
    os.environ.pop("BRIEF_PATH", None)
    os.execv(brief, [brief, "--no-mouse", folder])
import fcntl, struct, termios
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
seen, first, full = b"", None, None
while full is None and time.monotonic() - start < 600:
    r, _, _ = select.select([fd], [], [], 0.05)
    if r:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        seen = (seen + chunk)[-200000:]
        now = (time.monotonic() - start) * 1000
        if first is None and b"Briefings" in seen:
            first = now
        if re.search(rb"([\d,]+)/\1 briefings", seen):
            full = now
def shown_after_writing(path, title):
    """Writes a briefing titled `title` to `path`; ms until the screen shows the title."""
    seen = b""
    written = time.monotonic()
    with open(path, "wb") as out:
        out.write(b"title: " + title + b"\ndate: 2099-12-31\n")
    while time.monotonic() - written < 600:
        r, _, _ = select.select([fd], [], [], 0.02)
        if r:
            try:
                seen = (seen + os.read(fd, 65536))[-200000:]
            except OSError:
                return None
            if title in seen:
                return (time.monotonic() - written) * 1000
    return None
# A reload: one briefing written into the folder (dated after every generated briefing, so
# that it comes first in the list, whole), until the list shows it; then the same file edited,
# until the list shows its new title (one that differs from the first at every letter, since
# only the cells that change are drawn).
def cpu_ticks():
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])
def settle():
    """Waits (reading the screen meanwhile) until the browser is idle: what follows a load (the
    search index put in one piece) is done, so the reloads are timed as an analyst meets them."""
    until = time.monotonic() + 300
    before = cpu_ticks()
    while time.monotonic() < until:
        stop = time.monotonic() + 0.5
        while time.monotonic() < stop:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    os.read(fd, 65536)
                except OSError:
                    return
        now = cpu_ticks()
        if now - before <= 2:
            return
        before = now
reload = edited = None
if full is not None:
    settle()
    probe = os.path.join(folder, "zz-reload-probe.yaml")
    reload = shown_after_writing(probe, b"Reloadprobe")
    if reload is not None:
        time.sleep(1)
        edited = shown_after_writing(probe, b"EDITEDPROBE")
    os.remove(probe)
# The browser's peak memory with the whole corpus and its search index in it.
time.sleep(0.5)
peak = -1
try:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) // 1024
except OSError:
    pass
os.write(fd, b"q")
os.waitpid(pid, 0)
print(f"{first or -1:.0f} {full or -1:.0f} {peak} {reload or -1:.0f}/{edited or -1:.0f}")
PY
}

runs="${BRIEF_STARTUP_RUNS:-3}"
measure() { # cold|warm cache-dir args... -> "wall-s (range over $runs runs), peak-MB" of `brief args...`
  local mode=$1 cache=$2
  shift 2
  for _ in $(seq "$runs"); do
    if [ "$mode" = cold ]; then rm -rf "$cache"; fi
    /usr/bin/time -f "%e %M" env BRIEF_CACHE_DIR="$cache" "$brief" "$@" 2>&1 >/dev/null | tail -1
  done | awk 'NR == 1 { lo = $1; hi = $1; peak = $2 }
    { if ($1 < lo) lo = $1; if ($1 > hi) hi = $1; if ($2 > peak) peak = $2 }
    END { if (lo == hi) printf "%.2f s, %.0f MB", lo, peak / 1024
          else printf "%.2f-%.2f s, %.0f MB", lo, hi, peak / 1024 }'
}

printf "| briefings | YAML | list cold | list warm | TUI first frame (cold / warm) | TUI full list (cold / warm) | TUI peak memory | reload, one file added / edited |\n|---|---|---|---|---|---|---|---|\n"
for n in $sizes; do
  dir="$work/corpus-$n"
  [ -d "$dir" ] || "$target/release/examples/gen_corpus" "$dir" "$n" 7 > /dev/null
  yaml=$(du -sm --apparent-size "$dir" | cut -f1)
  cache="$work/cache-$n"
  # The files in the page cache first: the figures are brief's, not the disk's.
  find "$dir" -type f -print0 | xargs -0 cat > /dev/null
  cold=$(measure cold "$cache" list "$dir")
  warm=$(measure warm "$cache" list "$dir")
  rm -rf "$cache"
  read -r tui_first_cold tui_full_cold _ < <(tui_times "$dir" "$cache")
  read -r tui_first_warm tui_full_warm tui_peak tui_reload < <(tui_times "$dir" "$cache")
  printf "| %s | %s MB | %s | %s | %s / %s ms | %s / %s ms | %s MB | %s / %s ms |\n" "$n" "$yaml" "$cold" \
    "$warm" "$tui_first_cold" "$tui_first_warm" "$tui_full_cold" "$tui_full_warm" "$tui_peak" "${tui_reload%/*}" "${tui_reload#*/}"
done
