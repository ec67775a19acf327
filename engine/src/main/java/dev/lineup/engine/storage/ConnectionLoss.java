package dev.lineup.engine.storage;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells an error caused by PostgreSQL being out of reach — refused, restarting, shutting down,
 * or no connection free in time — from one caused by the statement itself. Everything that
 * waits for the database to come back, and the API's 503, asks here.
 */
public final class ConnectionLoss {

    /** admin_shutdown, crash_shutdown, cannot_connect_now: the server is stopping or starting. */
    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");

    private ConnectionLoss() {}

    /** Whether {@code error} or one of its causes says the database cannot be reached now. */
    public static boolean isCause(Throwable error) {
        IdentityHashMap<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException
                    || t instanceof SocketException
                    || t instanceof EOFException
                    || t instanceof CannotGetJdbcConnectionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException) {
                return true;
            }
            // a rollback that failed on the dead connection hides the error that caused it
            if (t instanceof TransactionSystemException rollback
                    && rollback.getApplicationException() != null
                    && isCause(rollback.getApplicationException())) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_GOING_AWAY.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
