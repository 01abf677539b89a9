#!/bin/bash
# test-completion.sh: the bash completion completes subcommands, options
# and option values, from a shell as a user would have it.
#
#   test-completion.sh SCRIM_BINARY COMPLETION_SCRIPT

set -u
PATH=$(dirname "$1"):$PATH
unset DISPLAY WAYLAND_DISPLAY
source "$2"
failures=0
expect () {
    local want=$1; shift
    COMP_WORDS=("$@")
    COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    COMPREPLY=()
    _scrim
    local got=" ${COMPREPLY[*]} "
    if [[ $got == *" $want "* ]]; then
        echo "ok: ${COMP_WORDS[*]} -> $want"
    else
        echo "FAIL: ${COMP_WORDS[*]} -> [${COMPREPLY[*]}], wanted $want"
        failures=$((failures + 1))
    fi
}
expect ingest scrim in
expect info scrim in
expect demo scrim de
expect --exhibit= scrim ingest case.scrim --ex
expect --problems scrim info case.scrim --pro
expect medium scrim demo --size m
expect jsonl scrim files case.scrim --format j
expect import scrim lists im
expect camera scrim groups case.scrim --kind ca
expect queue scrim help q
[[ $(complete -p scrim) == *_scrim* ]] || { echo "FAIL: not registered"; failures=$((failures + 1)); }
echo "$failures failed"
exit $(( failures > 0 ))
