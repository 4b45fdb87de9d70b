package org.jwtgate.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.1 client small enough to trust with exact bytes: duplicate headers, tabs, odd spacing
 * and unnormalised paths reach the server as written, which {@code java.net.http} would not allow.
 * The request must ask for {@code Connection: close}; the reply is read to the end of the stream.
 */
final class RawHttp {

    private RawHttp() {
    }

    static HttpReply exchange(int port, String request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpReply parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new IllegalStateException("no complete response head in " + bytes.length + " bytes");
        }
        String[] head = text.substring(0, headEnd).split("\r\n");
        String[] statusLine = head[0].split(" ", 3);
        List<String[]> pairs = new ArrayList<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            pairs.add(new String[] {head[i].substring(0, colon).trim(), head[i].substring(colon + 1).trim()});
        }
        var headers = HttpReply.headerMap(pairs);
        String rest = text.substring(headEnd + 4);
        List<String> encoding = headers.get("Transfer-Encoding");
        List<String> length = headers.get("Content-Length");
        // A reply to HEAD has the head of a GET's reply and no body (RFC 9110 section 9.3.2).
        if (rest.isEmpty()) {
            return new HttpReply(Integer.parseInt(statusLine[1]), headers, "");
        }
        if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            rest = dechunk(rest);
        } else if (length != null) {
            rest = rest.substring(0, Integer.parseInt(length.get(0)));
        }
        String body = new String(rest.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return new HttpReply(Integer.parseInt(statusLine[1]), headers, body);
    }

    private static String dechunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            String sizeField = chunked.substring(at, lineEnd);
            int semicolon = sizeField.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeField : sizeField.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
            out.writeBytes(chunked.substring(lineEnd + 2, lineEnd + 2 + size).getBytes(StandardCharsets.ISO_8859_1));
            at = lineEnd + 2 + size + 2;
        }
    }
}
