package dev.lineup.engine.storage;

import org.jobrunr.storage.StorageException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionLossTest {

    @Test
    void aDatabaseOutOfReachIsToldFromABadStatement() {
        assertThat(ConnectionLoss.isCause(new StorageException(new SQLTransientConnectionException("pool timed out"))))
                .isTrue();
        assertThat(ConnectionLoss.isCause(
                        new CannotCreateTransactionException("no connection", new ConnectException("refused"))))
                .isTrue();
        assertThat(ConnectionLoss.isCause(new StorageException(new SQLException("terminating connection", "57P01"))))
                .isTrue();
        assertThat(ConnectionLoss.isCause(new StorageException(new SQLException("connection failure", "08006"))))
                .isTrue();

        assertThat(ConnectionLoss.isCause(new StorageException(new SQLException("duplicate key", "23505"))))
                .isFalse();
        assertThat(ConnectionLoss.isCause(
                        new BadSqlGrammarException("select", "selec 1", new SQLException("syntax", "42601"))))
                .isFalse();
        assertThat(ConnectionLoss.isCause(new IllegalStateException("bug"))).isFalse();
    }
}
