package dev.lineup.worker.delivery;

import dev.lineup.testing.TestPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.core.io.ClassPathResource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A fresh database on the test PostgreSQL server holding only the send ledger, made by the
 * real migration: the ledger needs none of JobRunr's tables.
 */
final class LedgerDatabase {

    private LedgerDatabase() {}

    static DataSource create() {
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(TestPostgres.newDatabase());
        dataSource.setUser(TestPostgres.USER);
        try (Connection c = dataSource.getConnection()) {
            c.createStatement()
                    .execute(new ClassPathResource("db/migration/V5__send_ledger.sql")
                            .getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException | SQLException e) {
            throw new IllegalStateException(e);
        }
        return dataSource;
    }
}
