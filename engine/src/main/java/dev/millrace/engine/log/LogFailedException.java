package dev.millrace.engine.log;

import java.io.IOException;

/**
 * An earlier write or fsync failed, so the log accepts nothing more: after a failed fsync the
 * kernel may have dropped the dirty pages, and retrying could report success for data that never
 * reached the disk. Close the log and open it again; recovery re-reads what is really stored.
 */
public final class LogFailedException extends IOException {

  LogFailedException(Throwable cause) {
    super(
        "The log failed earlier and accepts no more entries; close and reopen it: " + cause, cause);
  }
}
