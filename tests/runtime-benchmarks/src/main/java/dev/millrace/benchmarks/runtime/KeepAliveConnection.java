package dev.millrace.benchmarks.runtime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client for load generation: the load generator shares the machine's
 * cores with the server, so it must cost as little as possible per request.
 */
final class KeepAliveConnection implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] head;
  private byte[] request = new byte[0];

  KeepAliveConnection(int port, String path) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 8192);
    head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: ")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Sends a body and reads the response; returns the status code. The request goes out in one
   * write: the socket stream is unbuffered and TCP_NODELAY is on, so separate writes for the head,
   * the length and the body cost three system calls and three segments per request.
   */
  int post(byte[] body) throws IOException {
    byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    int size = head.length + length.length + body.length;
    if (request.length < size) {
      request = new byte[size];
    }
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(length, 0, request, head.length, length.length);
    System.arraycopy(body, 0, request, head.length + length.length, body.length);
    out.write(request, 0, size);
    String status = line();
    int contentLength = 0;
    String header;
    while (!(header = line()).isEmpty()) {
      if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
        contentLength = Integer.parseInt(header.substring(15).strip());
      }
    }
    long skipped = 0;
    while (skipped < contentLength) {
      long n = in.skip(contentLength - skipped);
      if (n <= 0) {
        if (in.read() < 0) {
          throw new IOException("connection closed mid-body");
        }
        n = 1;
      }
      skipped += n;
    }
    return Integer.parseInt(status.substring(9, 12));
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
