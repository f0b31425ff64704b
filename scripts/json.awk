# Helpers for reading the one-line JSON objects our tools print (awk -f
# scripts/json.awk -f PROGRAM): numbers and strings by key, in the current
# line ($0) or in an object's text.
function onum(o, key,   m) {
	if (match(o, "\"" key "\":-?[0-9.]+")) {
		m = substr(o, RSTART, RLENGTH); sub(/.*:/, "", m); return m + 0
	}
	return 0
}
function num(key) { return onum($0, key) }
function str(key,   m) {
	if (match($0, "\"" key "\":\"[^\"]*\"")) {
		m = substr($0, RSTART, RLENGTH); sub(/^[^:]*:"/, "", m); sub(/"$/, "", m); return m
	}
	return ""
}
# The object "key":{...} of the current line, as text.
function obj(key) {
	if (!match($0, "\"" key "\":\\{[^}]*\\}")) return ""
	return substr($0, RSTART, RLENGTH)
}
