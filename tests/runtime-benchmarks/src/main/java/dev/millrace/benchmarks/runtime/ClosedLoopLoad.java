package dev.millrace.benchmarks.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop HTTP/1.1 load over keep-alive connections, all driven by one selector thread (as wrk
 * does): each connection has one request outstanding, and reading its whole response (status line,
 * headers up to the blank line, a body of Content-Length bytes) sends the next. The load generator
 * shares the cores with the server it measures; a thread per connection would spend more of them on
 * parking, unparking and poller wake-ups than on the requests.
 */
final class ClosedLoopLoad {

  private static final byte[] CONTENT_LENGTH =
      "\r\ncontent-length:".getBytes(StandardCharsets.US_ASCII);

  /** Requests answered 200 and requests answered otherwise. */
  record Counts(long ok, long failed) {}

  private ClosedLoopLoad() {}

  /**
   * Drives {@code connections} connections from {@code selectors} threads (each its own share of
   * the connections, as {@code wrk -t<selectors> -c<connections>} does).
   */
  static Counts run(
      int port, String path, List<byte[]> bodies, int connections, int selectors, long nanos)
      throws IOException, InterruptedException {
    if (selectors == 1) {
      return run(port, path, bodies, connections, nanos);
    }
    Counts[] counts = new Counts[selectors];
    IOException[] failures = new IOException[selectors];
    List<Thread> threads = new java.util.ArrayList<>();
    for (int s = 0; s < selectors; s++) {
      int index = s;
      int share = connections / selectors + (s < connections % selectors ? 1 : 0);
      threads.add(
          Thread.ofPlatform()
              .name("load-selector-" + s)
              .start(
                  () -> {
                    try {
                      counts[index] = run(port, path, bodies, share, nanos);
                    } catch (IOException e) {
                      failures[index] = e;
                    }
                  }));
    }
    long ok = 0;
    long failed = 0;
    for (int s = 0; s < selectors; s++) {
      threads.get(s).join();
      if (failures[s] != null) {
        throw failures[s];
      }
      ok += counts[s].ok();
      failed += counts[s].failed();
    }
    return new Counts(ok, failed);
  }

  static Counts run(int port, String path, List<byte[]> bodies, int connections, long nanos)
      throws IOException {
    byte[][] requests = new byte[bodies.size()][];
    for (int i = 0; i < bodies.size(); i++) {
      byte[] head =
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + bodies.get(i).length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      requests[i] = new byte[head.length + bodies.get(i).length];
      System.arraycopy(head, 0, requests[i], 0, head.length);
      System.arraycopy(bodies.get(i), 0, requests[i], head.length, bodies.get(i).length);
    }
    long ok = 0;
    long failed = 0;
    try (Selector selector = Selector.open()) {
      Connection[] all = new Connection[connections];
      for (int c = 0; c < connections; c++) {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        all[c] = new Connection(channel, c);
        all[c].key = channel.register(selector, SelectionKey.OP_READ, all[c]);
      }
      long deadline = System.nanoTime() + nanos;
      for (Connection connection : all) {
        connection.send(requests);
      }
      int open = connections;
      while (open > 0) {
        boolean stopping = System.nanoTime() >= deadline;
        selector.select(TimeUnit.NANOSECONDS.toMillis(Math.max(1, deadline - System.nanoTime())));
        for (SelectionKey key : selector.selectedKeys()) {
          Connection connection = (Connection) key.attachment();
          if (key.isWritable()) {
            connection.flush();
          }
          if (!key.isReadable()) {
            continue;
          }
          int status = connection.receive();
          if (status < 0) {
            continue;
          }
          if (status == 200) {
            ok++;
          } else {
            failed++;
          }
          if (stopping || System.nanoTime() >= deadline) {
            connection.channel.close();
            open--;
          } else {
            connection.send(requests);
          }
        }
        selector.selectedKeys().clear();
      }
    }
    return new Counts(ok, failed);
  }

  private static final class Connection {
    final SocketChannel channel;
    SelectionKey key;
    ByteBuffer out;
    ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    int next;

    Connection(SocketChannel channel, int first) {
      this.channel = channel;
      this.next = first;
    }

    void send(byte[][] requests) throws IOException {
      out = ByteBuffer.wrap(requests[next++ % requests.length]);
      flush();
    }

    void flush() throws IOException {
      channel.write(out);
      key.interestOps(
          out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** Reads what arrived; the status code once the whole response is in, else -1. */
    int receive() throws IOException {
      if (channel.read(in) < 0) {
        throw new IOException("connection closed by the server");
      }
      byte[] bytes = in.array();
      int length = in.position();
      int headEnd = indexOf(bytes, length, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
      if (headEnd < 0) {
        return -1;
      }
      int header = indexOfIgnoreCase(bytes, headEnd, CONTENT_LENGTH);
      if (header < 0) {
        throw new IOException("response without Content-Length");
      }
      int contentLength = 0;
      for (int i = header + CONTENT_LENGTH.length; i < headEnd && bytes[i] != '\r'; i++) {
        if (bytes[i] >= '0' && bytes[i] <= '9') {
          contentLength = contentLength * 10 + (bytes[i] - '0');
        }
      }
      int end = headEnd + 4 + contentLength;
      if (end > bytes.length) {
        throw new IOException("response larger than the read buffer: " + end + " bytes");
      }
      if (length < end) {
        return -1;
      }
      if (bytes[0] != 'H' || bytes[8] != ' ') {
        throw new IOException("not an HTTP/1.1 status line");
      }
      int status = (bytes[9] - '0') * 100 + (bytes[10] - '0') * 10 + (bytes[11] - '0');
      in.flip().position(end);
      in.compact();
      return status;
    }

    private static int indexOf(byte[] bytes, int length, byte[] pattern, int from) {
      outer:
      for (int i = from; i <= length - pattern.length; i++) {
        for (int j = 0; j < pattern.length; j++) {
          if (bytes[i + j] != pattern[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    private static int indexOfIgnoreCase(byte[] bytes, int length, byte[] lowerPattern) {
      outer:
      for (int i = 0; i <= length - lowerPattern.length; i++) {
        for (int j = 0; j < lowerPattern.length; j++) {
          byte b = bytes[i + j];
          if (b >= 'A' && b <= 'Z') {
            b += 'a' - 'A';
          }
          if (b != lowerPattern[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
