package dev.lineup.api.problem;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Makes Tomcat answer its own refusals with problem+json ({@link ProblemReportValve}). The size
 * and time limits that keep slow or oversized requests from holding the API's threads are
 * Spring Boot's {@code server.*} settings, bound in {@code lineup-api.properties}.
 */
@Component
class ServerLimits implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host)
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
        });
    }
}
