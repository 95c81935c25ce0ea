package cn.tongfa.hub.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The bytes in the database of record, in rows of {@value #CHUNK} bytes ({@code media_chunk}). Every hub process
 * on every machine reads the same files, and they are backed up with the items that use them. A file is written
 * and read one row at a time, so memory stays bounded by one chunk whatever the file's size.
 */
final class DatabaseMediaStore implements MediaStore {

    static final int CHUNK = 1024 * 1024;

    private final JdbcClient jdbc;

    DatabaseMediaStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(String id, Path staged) throws IOException {
        try (InputStream in = Files.newInputStream(staged)) {
            byte[] buffer = new byte[CHUNK];
            int seq = 0;
            while (true) {
                int filled = in.readNBytes(buffer, 0, CHUNK);
                if (filled == 0 && seq > 0) {
                    break;
                }
                byte[] data = filled == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, filled);
                jdbc.sql("insert into media_chunk (media_id, seq, data) values (?, ?, ?)")
                        .params(id, seq++, data).update();
                if (filled < CHUNK) {
                    break;
                }
            }
        }
        Files.deleteIfExists(staged);
    }

    @Override
    public InputStream open(String id) {
        return new ChunkStream(id);
    }

    @Override
    public void delete(String id) {
        jdbc.sql("delete from media_chunk where media_id = ?").param(id).update();
    }

    /** Reads chunk after chunk; a skip jumps over whole chunks without reading them. */
    private final class ChunkStream extends InputStream {

        private final String id;
        private int seq;
        private byte[] chunk = new byte[0];
        private int pos;
        private boolean ended;

        ChunkStream(String id) {
            this.id = id;
        }

        private boolean fill() {
            while (!ended && pos >= chunk.length) {
                Optional<byte[]> next = jdbc.sql("select data from media_chunk where media_id = ? and seq = ?")
                        .params(id, seq).query((rs, row) -> rs.getBytes(1)).optional();
                if (next.isEmpty()) {
                    ended = true;
                } else {
                    seq++;
                    chunk = next.get();
                    pos = 0;
                }
            }
            return !ended || pos < chunk.length;
        }

        @Override
        public int read() {
            return fill() && pos < chunk.length ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill() || pos >= chunk.length) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public long skip(long n) {
            if (n <= 0) {
                return 0;
            }
            long skipped = 0;
            long inChunk = Math.min(n, chunk.length - pos);
            pos += (int) inChunk;
            skipped += inChunk;
            // Whole chunks are skipped by number; every chunk but the last is full.
            while (n - skipped >= CHUNK && !ended && pos >= chunk.length) {
                boolean exists = jdbc.sql("select count(*) from media_chunk where media_id = ? and seq = ?")
                        .params(id, seq + 1).query(Integer.class).single() > 0;
                if (!exists) {
                    break;
                }
                seq++;
                skipped += CHUNK;
            }
            while (skipped < n && fill() && pos < chunk.length) {
                long step = Math.min(n - skipped, chunk.length - pos);
                pos += (int) step;
                skipped += step;
            }
            return skipped;
        }
    }
}
