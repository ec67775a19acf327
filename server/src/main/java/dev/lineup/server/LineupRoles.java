package dev.lineup.server;

import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Imports the configuration of each role {@code lineup.roles} ({@code LINEUP_ROLES}) names into
 * the one Spring context of the process. Roles share that context, so two roles in one process
 * share one database pool, one job server and one set of engine beans.
 */
class LineupRoles implements ImportSelector, EnvironmentAware {

    static final String PROPERTY = "lineup.roles";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public String[] selectImports(AnnotationMetadata importingClass) {
        return Role.parse(environment.getProperty(PROPERTY, Role.ALL)).stream()
                .map(role -> role.configuration().getName())
                .toArray(String[]::new);
    }
}
