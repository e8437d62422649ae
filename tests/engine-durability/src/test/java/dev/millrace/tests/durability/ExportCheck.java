package dev.millrace.tests.durability;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What the built-in JSON-lines exporter left after the kills: every line a JSON record, and every
 * position up to the last one the engine recovered exported at least once, in order (a restart may
 * go back and export some positions again, never skip one).
 */
final class ExportCheck {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ExportCheck() {}

  /** Problems found, one line each (at most a few of each kind). */
  static List<String> problems(Path file, long mustCover) throws IOException {
    var problems = new ArrayList<String>();
    var seen = new BitSet();
    long previous = 0;
    int lineNumber = 0;
    int broken = 0;
    int backwards = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNumber++;
      long position;
      try {
        position = JSON.readTree(line).get("position").asLong();
      } catch (IOException | RuntimeException e) {
        if (broken++ < 3) {
          problems.add(
              "line "
                  + lineNumber
                  + " is not a JSON record: "
                  + abbreviate(line)
                  + " ("
                  + e.getMessage().lines().findFirst().orElse("")
                  + ")");
        }
        continue;
      }
      if (position > previous + 1 && !seen.get((int) previous + 1)) {
        problems.add(
            "line "
                + lineNumber
                + ": position "
                + position
                + " follows "
                + previous
                + ", skipping "
                + (previous + 1));
      }
      if (position <= previous) {
        backwards++;
      }
      seen.set((int) position);
      previous = position;
    }
    int firstMissing = seen.nextClearBit(1);
    if (firstMissing <= mustCover) {
      problems.add(
          "positions up to "
              + mustCover
              + " must all be exported; the first missing is "
              + firstMissing);
    }
    if (broken > 0) {
      problems.add(broken + " lines in all are not JSON records");
    }
    System.out.printf(
        "[crash-jar] export: %d lines, positions 1..%d covered, %d re-exported after restarts%n",
        lineNumber, seen.nextClearBit(1) - 1, backwards);
    return problems;
  }

  private static String abbreviate(String line) {
    return line.length() <= 120
        ? line
        : line.substring(0, 60) + " ... " + line.substring(line.length() - 60);
  }
}
