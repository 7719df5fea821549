package nl.hartketen.testsupport;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that hands out one connection, which its borrowers neither close nor commit nor roll back: every
 * adapter (and JPA) then works in the same database transaction, which the fixture ends, as in production they all
 * join the container's JTA transaction.
 */
final class OneConnection implements DataSource {

    private final Connection shared;

    OneConnection(Connection connection) {
        shared = (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                    if (endsOrChangesTheTransaction(method)) {
                        return null; // the transaction is the fixture's: it goes on until the fixture ends it
                    }
                    try {
                        return method.invoke(connection, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** What a borrower may not do to the one connection: close it, or end or change its transaction. */
    private static boolean endsOrChangesTheTransaction(Method method) {
        return switch (method.getName()) {
            case "close", "commit", "setAutoCommit" -> true;
            case "rollback" -> method.getParameterCount() == 0; // to a savepoint stays within the transaction
            default -> false;
        };
    }

    @Override
    public Connection getConnection() {
        return shared;
    }

    @Override
    public Connection getConnection(String user, String password) {
        return shared;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
