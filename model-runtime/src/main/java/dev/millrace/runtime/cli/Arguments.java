package dev.millrace.runtime.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options, repeatable {@code --param k=v}, and value-less flags. */
final class Arguments {

  private final Map<String, List<String>> options = new HashMap<>();
  private final Set<String> flags;

  Arguments(String[] args, int from, Set<String> flags) {
    this.flags = flags;
    for (int i = from; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value;
      int equals = name.indexOf('=');
      if (equals > 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else if (flags.contains(name)) {
        value = "true";
      } else {
        if (i + 1 >= args.length) {
          throw new UsageException("--" + name + " needs a value");
        }
        value = args[++i];
      }
      options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
  }

  void allow(String... names) {
    Set<String> known = new HashSet<>(List.of(names));
    known.addAll(flags);
    for (String name : options.keySet()) {
      if (!known.contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
    }
  }

  String required(String name) {
    String value = optional(name);
    if (value == null) {
      throw new UsageException("--" + name + " is required");
    }
    return value;
  }

  String optional(String name) {
    List<String> values = options.get(name);
    return values == null ? null : values.get(values.size() - 1);
  }

  Path path(String name) {
    return Path.of(required(name));
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  int integer(String name, int fallback) {
    String value = optional(name);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be an integer, not '" + value + "'");
    }
  }

  Integer integerOrNull(String name) {
    return optional(name) == null ? null : integer(name, 0);
  }

  double decimal(String name, double fallback) {
    String value = optional(name);
    try {
      return value == null ? fallback : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number, not '" + value + "'");
    }
  }

  /** {@code --param k=v} pairs, in order. */
  Map<String, String> params() {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : options.getOrDefault("param", List.of())) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new UsageException("--param takes name=value, not '" + pair + "'");
      }
      params.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
    }
    return params;
  }

  /** A command-line mistake: exit code 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
