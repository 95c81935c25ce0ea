package cn.tongfa.hub.item;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Hands out the serial numbers of 索引号, per agency and year, without making one agency's publications wait for
 * each other.
 *
 * <p>The counter is one row per agency and year ({@code index_sequence}). Taken inside the publishing
 * transaction, its lock was held until that transaction committed, so an agency's publications ran one at a time
 * (the benchmark's first bottleneck: request threads spent most of their time waiting for that row). Here the
 * counter is moved in a transaction of its own, on a connection pool of its own (a publishing transaction already
 * holds a connection of the main pool; waiting for a second one from the same pool could starve it). And numbers
 * are taken in groups: while one counter transaction runs, the publications that ask meanwhile wait together and
 * the next transaction moves the counter once for all of them.
 *
 * <p>Numbers are unique and increase in the order they are taken. A publication whose transaction fails after it
 * took a number leaves that number unused (a gap in the year's serials); nothing else does.
 */
@Component
public class IndexSerials implements DisposableBean {

    private static final String INCREMENT =
            "update index_sequence set last_value = last_value + ? where agency = ? and index_year = ?";
    private static final String CREATE =
            "insert into index_sequence (agency, index_year, last_value) values (?, ?, 0) on conflict do nothing";
    private static final String READ = "select last_value from index_sequence where agency = ? and index_year = ?";

    private final DataSource counters;
    private final HikariDataSource ownPool;
    private final Map<String, Counter> byYear = new ConcurrentHashMap<>();

    IndexSerials(DataSource dataSource) {
        HikariDataSource main = unwrapHikari(dataSource);
        if (main == null) {
            // Not a pool we can copy (a test's plain data source): its connections are not pooled, so a second
            // one never waits for the first.
            this.counters = dataSource;
            this.ownPool = null;
        } else {
            HikariConfig config = new HikariConfig();
            config.setPoolName("tongfa-index-serials");
            config.setJdbcUrl(main.getJdbcUrl());
            config.setUsername(main.getUsername());
            config.setPassword(main.getPassword());
            if (main.getDriverClassName() != null) {
                config.setDriverClassName(main.getDriverClassName());
            }
            config.setDataSourceProperties(main.getDataSourceProperties());
            // One counter transaction per agency at a time; two connections let two agencies number at once.
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(0);
            config.setAutoCommit(false);
            // Created lazily: a process that never publishes (tongfa.roles=connectors) opens no connection.
            config.setInitializationFailTimeout(-1);
            this.ownPool = new HikariDataSource(config);
            this.counters = ownPool;
        }
    }

    private static HikariDataSource unwrapHikari(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari) {
            return hikari;
        }
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /** The next serial of the agency in the year (1 for its first publication of the year). */
    public long next(String agency, int year) {
        Counter counter = byYear.computeIfAbsent(agency + "\u0000" + year, key -> new Counter(agency, year));
        return counter.next();
    }

    @Override
    public void destroy() {
        if (ownPool != null) {
            ownPool.close();
        }
    }

    /** The numbers asked for while a counter transaction ran, taken together by the next one. */
    private static final class Group {
        int size;
        boolean done;
        long first;
        RuntimeException failure;
    }

    /** One agency's counter of one year: at most one counter transaction at a time, groups queue behind it. */
    private final class Counter {
        private final String agency;
        private final int year;
        private Group waiting;
        private boolean running;

        Counter(String agency, int year) {
            this.agency = agency;
            this.year = year;
        }

        long next() {
            Group mine;
            int slot;
            synchronized (this) {
                if (waiting == null) {
                    waiting = new Group();
                }
                mine = waiting;
                slot = mine.size++;
                boolean interrupted = false;
                while (running && !mine.done) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // The number is needed all the same; the interrupt is kept for the caller.
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                if (!mine.done) {
                    // Nobody is moving the counter: this thread moves it for its whole group, closed from now on.
                    running = true;
                    waiting = null;
                }
            }
            if (!mine.done) {
                try {
                    long last = reserve(mine.size);
                    mine.first = last - mine.size + 1;
                } catch (RuntimeException e) {
                    mine.failure = e;
                } finally {
                    synchronized (this) {
                        mine.done = true;
                        running = false;
                        notifyAll();
                    }
                }
            }
            synchronized (this) {
                if (mine.failure != null) {
                    throw mine.failure;
                }
                return mine.first + slot;
            }
        }

        /** Moves the counter by {@code count} in its own transaction; answers its new value. */
        private long reserve(int count) {
            try (Connection connection = counters.getConnection()) {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                try {
                    if (increment(connection, count) == 0) {
                        // The agency's first publication of the year. Two may race for the row: the insert ignores
                        // a conflict (a failed plain insert would abort the transaction on PostgreSQL).
                        try (PreparedStatement create = connection.prepareStatement(CREATE)) {
                            create.setString(1, agency);
                            create.setInt(2, year);
                            create.executeUpdate();
                        }
                        increment(connection, count);
                    }
                    long last;
                    try (PreparedStatement read = connection.prepareStatement(READ)) {
                        read.setString(1, agency);
                        read.setInt(2, year);
                        try (ResultSet rs = read.executeQuery()) {
                            rs.next();
                            last = rs.getLong(1);
                        }
                    }
                    connection.commit();
                    return last;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(autoCommit);
                }
            } catch (SQLException e) {
                throw new DataAccessResourceFailureException("索引号计数器无法更新：" + e.getMessage(), e);
            }
        }

        private int increment(Connection connection, int count) throws SQLException {
            try (PreparedStatement increment = connection.prepareStatement(INCREMENT)) {
                increment.setInt(1, count);
                increment.setString(2, agency);
                increment.setInt(3, year);
                return increment.executeUpdate();
            }
        }
    }
}
