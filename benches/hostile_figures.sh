#!/usr/bin/env bash
# Time and peak memory of `brief` on the hostile inputs of issue 8, release build:
#   bash benches/hostile_figures.sh
# Each line: the case, wall time, peak resident memory, exit status, and the first line brief
# printed about the file.
set -uo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BRIEF=$PWD/target/release/brief
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

python3 - "$DIR" <<'PY'
import sys, os
d = sys.argv[1]
def w(name, text):
    open(os.path.join(d, name), 'w').write(text)
head = 'title: x\ndate: 2023-01-01\n'
w('dash-nesting.yaml', head + 'foo:\n' + '- ' * 10000 + 'x\n')
w('key-nesting.yaml', head + 'foo:\n  ' + '? ' * 10000 + 'x\n')
w('indent-nesting.yaml', head + ''.join(' ' * i + 'k%d:\n' % i for i in range(1000)))
w('alias-165k.yaml', 'title: &a "%s"\ndate: 2023-01-01\nparticipants:\n' % ('A' * 100000) + '  - name: *a\n' * 5000)
w('alias-890k.yaml', 'title: &a "%s"\ndate: 2023-01-01\nparticipants:\n' % ('A' * 100000) + '  - {name: *a, role: *a, notes: *a, organization: *a}\n' * 15000)
w('unknown-deep.yaml', head + 'zzz:\n' + ''.join(' ' * (i + 1) + 'k%d:\n' % i for i in range(400)))
names = head + 'participants:\n' + ''.join('  - name: Person Number %d\n' % i for i in range(1900))
names += 'timeline:\n' + ''.join('  - event: e\n    participants: [Persen Numbar %d]\n' % i for i in range(1900))
w("1900-strangers.yaml", names)
w('long-names.yaml', head + 'participants:\n  - name: %s\ntimeline:\n  - event: e\n    participants: [%s]\n' % ('x' * 100000, 'y' * 100000))
w('unknown-keys.yaml', head + ''.join('k%d: 1\n' % i for i in range(100000))[:1040000])
w('many-participants.yaml', head + 'participants:\n' + ''.join('  - name: p%d\n' % i for i in range(60000)))
w('huge-name.yaml', head + 'participants:\n  - name: %s\n' % ('x' * 900000))
PY

run() {
    local label=$1; shift
    local out
    out=$( { /usr/bin/time -f '%e s %M KB' "$@" >"$DIR/stdout" 2>"$DIR/stderr"; echo "exit $?"; } 2>&1 )
    local first
    first=$(grep -m1 -E 'error|warning|briefing' "$DIR/stdout" | sed "s|$DIR/||" | cut -c1-110)
    printf '%-34s %s | %s\n' "$label" "$(tail -2 "$DIR/stderr" | grep KB | tr '\n' ' ')$(echo "$out" | tail -1)" "$first"
}

for f in dash-nesting key-nesting indent-nesting alias-165k alias-890k unknown-deep 1900-strangers long-names unknown-keys many-participants huge-name; do
    run "check $f.yaml" "$BRIEF" check "$DIR/$f.yaml"
done
run "search: 10,000-character query" "$BRIEF" search "$(head -c 10000 /dev/zero | tr '\0' a)" briefings
run "search: 255 characters vs huge name" "$BRIEF" search "$(head -c 255 /dev/zero | tr '\0' x)" "$DIR/huge-name.yaml"
