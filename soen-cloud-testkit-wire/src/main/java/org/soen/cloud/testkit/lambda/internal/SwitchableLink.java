package org.soen.cloud.testkit.lambda.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The network path to a fake instance's SSH server: a TCP relay on 127.0.0.1 that can be switched
 * off the way a terminated machine goes away. Switched off, it resets every connection still open
 * (RST, not an orderly close), so a client that kept its session open sees "Connection reset", as
 * it would from a real instance; one that closed its session first sees nothing.
 */
public final class SwitchableLink implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  /** The client's end of each open connection, which a switch-off resets. */
  private final List<Socket> clients = new ArrayList<>();
  /** Our end towards the SSH server of each open connection, which a switch-off just closes. */
  private final List<Socket> servers = new ArrayList<>();
  private boolean off;

  private SwitchableLink(ServerSocket listener, int targetPort) {
    this.listener = listener;
    this.targetPort = targetPort;
  }

  /** Starts relaying connections to 127.0.0.1:{@code targetPort}. */
  public static SwitchableLink to(int targetPort) {
    try {
      SwitchableLink link = new SwitchableLink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
      Thread accept = new Thread(link::acceptLoop, "fake-lambda-link-" + targetPort);
      accept.setDaemon(true);
      accept.start();
      return link;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (true) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      try {
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        synchronized (this) {
          if (off) {
            reset(client);
            server.close();
            continue;
          }
          clients.add(client);
          servers.add(server);
        }
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        reset(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // one side went away; closing both below ends the other pump
      }
      forget(from);
      forget(to);
    }, "fake-lambda-link-pump");
    t.setDaemon(true);
    t.start();
  }

  private synchronized void forget(Socket s) {
    clients.remove(s);
    servers.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  /**
   * Resets every open connection towards its client and refuses new ones: the machine is gone.
   * The fake's own SSH server sees an orderly close, as there is no server left to see anything.
   */
  public synchronized void switchOff() {
    off = true;
    for (Socket s : clients) {
      reset(s);
    }
    for (Socket s : servers) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
    clients.clear();
    servers.clear();
    try {
      listener.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
      s.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() {
    switchOff();
  }
}
