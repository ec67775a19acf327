package dev.lineup.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleTest {

    @Test
    void readsACommaSeparatedListInAnyCase() {
        assertThat(Role.parse(" worker , Scheduler")).containsExactly(Role.WORKER, Role.SCHEDULER);
        assertThat(Role.parse(Role.ALL)).containsExactly(Role.values());
        assertThat(Role.ALL).isEqualTo("api,worker,scheduler,dashboard");
    }

    @Test
    void anUnknownRoleIsNamedWithTheRolesThereAre() {
        assertThatThrownBy(() -> Role.parse("api,wrker"))
                .hasMessage("LINEUP_ROLES names an unknown role 'wrker'; the roles are api,worker,scheduler,dashboard"
                        + " (a comma-separated list, e.g. LINEUP_ROLES=worker)");
    }

    @Test
    void noRoleAtAllIsRefused() {
        assertThatThrownBy(() -> Role.parse(" , ")).hasMessageStartingWith("LINEUP_ROLES names no role;");
    }
}
