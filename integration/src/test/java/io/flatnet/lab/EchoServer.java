package io.flatnet.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Child-JVM payload for {@link LabIT}: binds an address that exists only in its namespace. */
public final class EchoServer {
  private EchoServer() {}

  public static void main(String[] args) throws IOException {
    try (ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 1, InetAddress.getByName(args[0]))) {
      System.out.println("listening on " + server.getLocalSocketAddress());
      System.out.flush();
      try (Socket s = server.accept()) {
        s.getInputStream().transferTo(s.getOutputStream());
      }
    }
  }
}
