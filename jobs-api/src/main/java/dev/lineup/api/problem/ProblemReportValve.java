package dev.lineup.api.problem;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Tomcat's own refusals as {@code application/problem+json}: what the web server rejects before
 * Spring sees the request (headers or a request line over the size limit, an encoded slash in a
 * path, a malformed request) would otherwise be answered with Tomcat's HTML error page.
 */
public class ProblemReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
        ProblemDetail problem = ApiProblem.problem(HttpStatusCode.valueOf(status), detail(status), List.of());
        ObjectNode body = JSON.createObjectNode();
        body.put("type", String.valueOf(problem.getType()));
        body.put("title", problem.getTitle());
        body.put("status", status);
        body.put("detail", problem.getDetail());
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(body));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response already committed; nothing more to tell it
        }
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 ->
                "The web server could not read the request: its request line, a header or the path is malformed "
                        + "(an encoded slash %2F or backslash %5C in a path is refused), or the request line and headers are too large.";
            case 408 -> "The request was not sent in time; send the whole request without pausing.";
            case 413 -> "The request body is too large.";
            case 414 -> "The request URL is too long.";
            case 431 -> "The request headers are too large.";
            case 505 -> "The HTTP version is not supported; use HTTP/1.1.";
            default ->
                status >= 500 ? "The server failed to handle the request." : "The web server refused the request.";
        };
    }
}
