package dev.lineup.api.auth;

import dev.lineup.api.JobsApiApplication;
import dev.lineup.testing.TestDatabase;
import dev.lineup.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key settings are checked when the app starts, not when the first producer calls. */
@ExtendWith(OutputCaptureExtension.class)
class ApiStartupTest {

    /** Started as the command line would, so these settings win over every properties file. */
    private static ConfigurableApplicationContext start(String keys, String... settings) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties(TestPostgres.newDatabase()));
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("lineup.api.keys", keys);
        for (String setting : settings)
            properties.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(JobsApiApplication.class).run(args);
    }

    @Test
    void aBadKeySettingStopsTheStartWithAMessageThatSaysWhatToFix() {
        assertThatThrownBy(
                        () -> start("salon:salon-key-123,Clinic:clinic-key-456").close())
                .rootCause()
                .hasMessageContaining("LINEUP_API_KEYS")
                .hasMessageContaining("entry 2 of 2")
                .hasMessageContaining("producer name 'Clinic'");
    }

    @Test
    void aBodyLimitOfZeroStopsTheStart() {
        assertThatThrownBy(() -> start("salon:salon-key-123", "lineup.api.max-body-bytes=0")
                        .close())
                .hasStackTraceContaining("maxBodyBytes")
                .hasStackTraceContaining("set LINEUP_API_MAX_BODY_BYTES");
    }

    @Test
    void noKeysWarnsAndRefusesEveryCall(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext context = start("")) {
            String port = context.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/job-types"))
                                    .header("Authorization", "Bearer anything-goes")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(output).contains("WARN").contains("No API keys are configured");
            assertThat(response.statusCode()).isEqualTo(401);
        }
    }
}
