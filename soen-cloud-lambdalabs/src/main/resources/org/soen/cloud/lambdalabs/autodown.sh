# soen-cloud's autodown watchdog, started on the instance before the job's first command and
# detached from every SSH session. POSIX sh and curl only. It reads the job's folder ($RUN):
#   .soen/pid, .soen/started, .soen/exit_code  the training command (see RemoteScripts)
#   .soen/steps/<name>.pid/.exit               setup and after commands
#   .soen/attending.pid                        a long launcher action (upload, download) in progress
#   .soen/attended                             rewritten by the launcher at every step it starts
#   .soen/keep                                 the launcher leaves the instance running on purpose
# At the deadline it stops the training (its process group: TERM, then KILL after 30 s) and, with
# autodown on, terminates the instance through the API. With autodown on it also terminates the
# instance once nothing has run and no launcher has attended it for $IDLE seconds (after the
# training ended, or before it started). The API key is read by curl from .soen/autodown.key (mode
# 600, a curl config holding the Authorization header): never on a command line, in a log or in the
# training's environment. Times are `date +%s`.
cd "$RUN" || exit 1
echo $$ > .soen/autodown.pid

now() { date +%s; }
log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $*" >> .soen/autodown.log; }
alive() { p=$(cat "$1" 2>/dev/null) && [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# Prints what keeps the instance busy, if anything: the training, a launcher action, a step.
busy() {
  if [ -e .soen/started ] && [ ! -e .soen/exit_code ]; then
    if [ ! -e .soen/pid ] || alive .soen/pid; then echo training; return; fi
  fi
  if alive .soen/attending.pid; then echo "a launcher action (pid $p)"; return; fi
  for f in .soen/steps/*.pid; do
    if [ -e "$f" ] && [ ! -e "${f%.pid}.exit" ] && alive "$f"; then echo "step ${f#.soen/steps/}"; return; fi
  done
}

stop_training() {
  p=$(cat .soen/pid 2>/dev/null)
  [ -n "$p" ] || return 0
  kill -s TERM -- "-$p" 2>/dev/null || return 0
  log "stopped the training (process group $p)"
  n=0
  while kill -0 "$p" 2>/dev/null && [ "$n" -lt 30 ]; do sleep 1; n=$((n + 1)); done
  kill -s KILL -- "-$p" 2>/dev/null
  if [ ! -e .soen/exit_code ]; then echo 124 > .soen/exit_code.tmp && mv .soen/exit_code.tmp .soen/exit_code; fi
}

terminate() {
  log "$1"
  if [ "$AUTODOWN" != on ]; then log "autodown is off: the instance is left running"; exit 0; fi
  while :; do
    # Logged first: once the API has done it, this machine and this script are gone.
    log "asking Lambda Cloud to terminate instance $INSTANCE"
    curl -sS -f -m 30 -K .soen/autodown.key -H 'Content-Type: application/json' \
        -d "{\"instance_ids\": [\"$INSTANCE\"]}" "${API}instance-operations/terminate" \
        > /dev/null 2>> .soen/autodown.log
    sleep "$POLL"
  done
}

log "watching: deadline $DEADLINE ($WHY), idle $IDLE s, autodown $AUTODOWN"
seen=
was=
idle_since=
while :; do
  if [ -e .soen/keep ]; then log "the launcher keeps this instance running; the watchdog ends"; exit 0; fi
  t=$(now)
  case "$t" in
    ''|*[!0-9]*) log "cannot read the clock (date +%s): $t"; sleep "$POLL"; continue ;;
  esac
  [ -n "$idle_since" ] || idle_since=$t
  if [ "$t" -ge "$DEADLINE" ]; then
    stop_training
    terminate "the job's deadline has passed: $WHY"
  fi
  mark=$(cat .soen/attended 2>/dev/null)
  doing=$(busy)
  if [ "$doing" != "$was" ]; then log "busy: ${doing:-nothing}"; was=$doing; fi
  if [ "$mark" != "$seen" ] || [ -n "$doing" ]; then
    seen=$mark
    idle_since=$t
  elif [ $((t - idle_since)) -ge "$IDLE" ]; then
    terminate "nothing ran and no launcher attended for $IDLE s"
  fi
  sleep "$POLL"
done
