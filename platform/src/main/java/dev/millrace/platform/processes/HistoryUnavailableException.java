package dev.millrace.platform.processes;

import dev.millrace.platform.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * Process history comes from the embedded engine's exporter; a remote Zeebe gateway has no such
 * feed into this platform, so in remote mode the history resources say so instead of answering
 * empty lists.
 */
class HistoryUnavailableException extends ApiException {

  HistoryUnavailableException() {
    super(
        HttpStatus.NOT_IMPLEMENTED,
        "history-unavailable",
        "Process instance history needs the embedded engine (millrace.engine.mode=embedded);"
            + " with millrace.engine.mode=remote, read it from the cluster's Operate");
  }
}
