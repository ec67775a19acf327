package dev.lineup.server;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;

/**
 * Lineup's roles composed into one Spring context, with what every deployment of them shares:
 * the choice of roles and the management port. The production server ({@link LineupServer}) and
 * the standalone app both import it; only the standalone adds an embedded PostgreSQL and the
 * {@code demo} producer. Defaults live in {@code lineup-server.properties}.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:lineup-server.properties")
@Import(LineupRoles.class)
public class LineupPlatform {}
