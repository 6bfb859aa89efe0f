package dev.runbook.decisions.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on loopback that a test can cut and restore: {@link #refuse()} closes the listening socket and every
 * open connection (the database looks gone), {@link #accept()} listens again on the same port.
 */
public final class ToggleProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    public ToggleProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        ServerSocket first = listen(0);
        this.port = first.getLocalPort();
        start(first);
    }

    public int port() {
        return port;
    }

    public synchronized void refuse() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    public synchronized void accept() throws IOException {
        if (server.isClosed()) {
            start(listen(port));
        }
    }

    @Override
    public void close() throws IOException {
        refuse();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void start(ServerSocket listening) {
        server = listening;
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    open.add(client);
                    open.add(target);
                    pump(client, target);
                    pump(target, client);
                } catch (IOException e) {
                    // listening socket closed by refuse(), or the target refused: the client sees a dropped connection
                }
            }
        }, "toggle-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "toggle-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
