package dev.lineup.worker.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An SMTP server on 127.0.0.1 that answers every RCPT TO with one fixed reply, e.g. a 550 for
 * a mailbox that does not exist. GreenMail accepts every recipient, so it cannot play this part.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final String rcptReply;
    private final Thread thread;

    ScriptedSmtpServer(String rcptReply) {
        this.rcptReply = rcptReply;
        try {
            socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "scripted-smtp");
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept();
                    var in = new BufferedReader(
                            new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                    var out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
                converse(in, out);
            } catch (IOException closed) {
                // the test closed the server, or the client hung up
            }
        }
    }

    private void converse(BufferedReader in, PrintWriter out) throws IOException {
        out.print("220 scripted ESMTP\r\n");
        out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String command = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(java.util.Locale.ROOT);
            String reply =
                    switch (command) {
                        case "EHLO", "HELO" -> "250 scripted";
                        case "RCPT" -> rcptReply;
                        case "QUIT" -> "221 bye";
                        case "MAIL", "RSET", "NOOP" -> "250 OK";
                        default -> "502 not implemented";
                    };
            out.print(reply + "\r\n");
            out.flush();
            if (command.equals("QUIT")) return;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
