package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// runCompletion prints a shell completion script: bash (also read by zsh's
// bashcompinit).
func runCompletion(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || args[0] != "bash" {
		fmt.Fprintln(stderr, "usage: cookiemonster completion bash   (then: source <(cookiemonster completion bash))")
		return exitUsage
	}
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	fmt.Fprintf(stdout, `# bash completion for cookiemonster
_cookiemonster() {
  local cur prev
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "%s" -- "$cur"))
    return
  fi
  case "$prev" in
    --from|--to) COMPREPLY=($(compgen -W "%s" -- "$cur")); return ;;
    --context) COMPREPLY=($(compgen -W "navigation link subresource iframe script" -- "$cur")); return ;;
    --platform) COMPREPLY=($(compgen -W "linux macos windows" -- "$cur")); return ;;
  esac
  COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _cookiemonster cookiemonster
`, strings.Join(names, " "), strings.Join(formats, " "))
	return exitOK
}
