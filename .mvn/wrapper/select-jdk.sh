# Sourced by ./mvnw before it starts Maven: Millrace builds with a JDK >= 21, and Maven itself must
# run on it (the formatter parses Java 21 syntax with the running JDK's compiler). Machines of our
# kind default to Java 17 with a newer JDK under /usr/lib/jvm, so pick the newest JDK >= 21 found
# there when JAVA_HOME / PATH give an older one. JAVA_HOME pointing at a JDK >= 21 always wins.
millrace_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n 1
}

millrace_select_jdk() {
  current=""
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    current="$JAVA_HOME/bin/java"
  else
    current="$(command -v java 2>/dev/null || :)"
  fi
  current_major=0
  if [ -n "$current" ]; then
    current_major="$(millrace_java_major "$current")"
    [ -n "$current_major" ] || current_major=0
  fi
  if [ "$current_major" -ge 21 ]; then
    millrace_quiet_unsafe "$current_major"
    return 0
  fi

  best="" best_major=0
  set +f # mvnw runs with globbing off
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "${HOME-}"/.sdkman/candidates/java/*; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major="$(millrace_java_major "$home/bin/java")"
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$home" best_major="$major"
    fi
  done
  set -f
  if [ -z "$best" ]; then
    echo "Millrace needs a JDK 21 or newer: found Java ${current_major} ('${current:-no java}') and none >= 21 under /usr/lib/jvm; install one or set JAVA_HOME to it." >&2
    exit 1
  fi
  [ "${MVNW_VERBOSE-}" != true ] || echo "mvnw: using JDK $best_major at $best (Java $current_major is the default here)" >&2
  JAVA_HOME="$best"
  export JAVA_HOME
  millrace_quiet_unsafe "$best_major"
}

# Maven 3.9's Guice calls sun.misc.Unsafe, which JDK 24+ warns about on every run; the flag that
# allows it quietly only exists from JDK 23 on.
millrace_quiet_unsafe() {
  if [ "$1" -ge 23 ]; then
    case "${MAVEN_OPTS-}" in
    *sun-misc-unsafe-memory-access*) ;;
    *) MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS-}" && export MAVEN_OPTS ;;
    esac
  fi
}

millrace_select_jdk
