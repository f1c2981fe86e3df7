# bash completion for dbaas. System.CommandLine answers the [suggest:<cursor>] directive with the words that can
# follow (commands, options, argument values), so no separate dotnet-suggest tool is needed.
_dbaas_complete() {
  local IFS=$'\n'
  # shellcheck disable=SC2207
  COMPREPLY=($(dbaas "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null | grep -- "^${COMP_WORDS[COMP_CWORD]}"))
}
complete -o default -F _dbaas_complete dbaas
