# Sourced by the project's bash scripts: helpers they share.  The caller
# sets PROG (its name, for messages).

# Run a command as root: directly, or through sudo when we are not root.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "$PROG: need root (or sudo) to run: $*" >&2
		return 1
	fi
}

# Run quietly; show the captured output only if the command fails.
quiet() {
	local out rc=0
	out=$(mktemp)
	"$@" >"$out" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "$PROG: failed ($rc): $*" >&2
		cat "$out" >&2
	fi
	rm -f "$out"
	return "$rc"
}
