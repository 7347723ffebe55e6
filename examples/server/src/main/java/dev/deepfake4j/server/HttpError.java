package dev.deepfake4j.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** An answer other than 200: its status, the {@code error.code} and message of the JSON body. */
final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;

    HttpError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** @return {@code {"error": {"code", "message"}}} followed by a newline */
    byte[] body() {
        return json(code, getMessage());
    }

    static byte[] json(String code, String message) {
        ObjectNode o = ReportJson.MAPPER.createObjectNode();
        ObjectNode err = o.putObject("error");
        err.put("code", code);
        err.put("message", message);
        return (o + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
