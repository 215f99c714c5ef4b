package org.soen.cloud.cli.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP port on 127.0.0.1 that every endpoint of a case points at (AWS, Lambda Cloud, MLflow). It
 * counts accepted connections and keeps the first line of each request (with its AWS JSON target,
 * {@code X-Amz-Target}, where it has one), then answers
 * {@code 404} and closes, so a client that was allowed to call (a good config's live price lookup)
 * moves on at once. {@link #close()} first accepts what is still queued, so a connection made just
 * before the process exited is counted too.
 */
final class ConnectionRecorder implements AutoCloseable {
  private static final byte[] NOT_FOUND = ("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
      + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final Thread acceptor;
  private final List<String> requests = new ArrayList<>();
  private volatile boolean closing;

  ConnectionRecorder() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    // A short accept timeout lets close() drain the queue and stop without closing under a client.
    server.setSoTimeout(25);
    acceptor = new Thread(this::acceptAll, "catalogue-recorder-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private void acceptAll() {
    while (true) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(2000);
        InputStream in = s.getInputStream();
        String first = firstLine(in);
        String target = target(in);
        first = target.isEmpty() ? first : first + " " + target;
        synchronized (requests) {
          requests.add(first);
        }
        OutputStream out = s.getOutputStream();
        out.write(NOT_FOUND);
        out.flush();
      } catch (SocketTimeoutException idle) {
        if (closing) {
          return;
        }
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  private static String firstLine(InputStream in) {
    StringBuilder b = new StringBuilder();
    try {
      int c;
      while ((c = in.read()) != -1 && c != '\n' && b.length() < 200) {
        if (c != '\r') {
          b.append(c >= 32 && c < 127 ? (char) c : '?');
        }
      }
    } catch (IOException e) {
      b.append(" (").append(e.getClass().getSimpleName()).append(')');
    }
    return b.length() == 0 ? "(connection without a request)" : b.toString();
  }

  /** The value of the {@code X-Amz-Target} header among the headers that follow, or empty. */
  private static String target(InputStream in) {
    for (int i = 0; i < 100; i++) {
      String header = firstLine(in);
      if (header.equals("(connection without a request)") || header.isEmpty()) {
        return "";
      }
      int colon = header.indexOf(':');
      if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("X-Amz-Target")) {
        return header.substring(colon + 1).trim();
      }
    }
    return "";
  }

  /** The first line of every request received so far. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() throws IOException {
    closing = true;
    try {
      acceptor.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.close();
    }
  }
}
