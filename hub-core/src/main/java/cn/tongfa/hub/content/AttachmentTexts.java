package cn.tongfa.hub.content;

import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import cn.tongfa.hub.media.MediaFile;
import cn.tongfa.hub.media.MediaLibrary;

/**
 * The text of media files for the content checks, read by the {@link AttachmentReader} the first time a file is
 * checked and kept in {@code media_text}: the checks run at submission and again at publication, and a file is
 * the same bytes for its whole life (a changed file is a new media id), so it is parsed once.
 *
 * <p>The text is written in a transaction of its own: the check that reads it often refuses the item, and that
 * refusal rolls back the item's transaction, which must not take the extracted text with it.
 */
@Component
public class AttachmentTexts {

    /** Raise when the reader's output changes (labels, splitting), so stored text is read again. */
    static final int READER_VERSION = 1;

    private static final Logger log = LoggerFactory.getLogger(AttachmentTexts.class);

    private final AttachmentReader reader;
    private final MediaLibrary library;
    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    AttachmentTexts(AttachmentReader reader, MediaLibrary library, JdbcClient jdbc,
            PlatformTransactionManager transactions, Clock clock) {
        this.reader = reader;
        this.library = library;
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * The file's text under the name the item shows it by.
     *
     * @param shownName the attachment's display name, or null for the file's original name
     */
    public AttachmentText of(MediaFile file, String shownName) {
        String name = shownName == null || shownName.isBlank() ? file.originalName() : shownName;
        Optional<AttachmentText> stored = stored(file.id());
        if (stored.isPresent()) {
            return stored.get().named(name);
        }
        AttachmentText read;
        try {
            read = reader.read(file.originalName(), library.open(file));
        } catch (UncheckedIOException e) {
            // The store's fault, not the file's: say so without keeping it, the next check tries again.
            log.warn("Cannot read media {} to check its text: {}", file.id(), e.getCause().toString());
            return AttachmentText.unreadable(name, "文件暂时无法从存储中读取，请稍后重试");
        }
        store(file.id(), read);
        return read.named(name);
    }

    private Optional<AttachmentText> stored(String mediaId) {
        Optional<Object[]> head = jdbc.sql("select reader_version, unreadable, truncated from media_text "
                        + "where media_id = ?")
                .param(mediaId)
                .query((rs, row) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getBoolean(3)})
                .optional();
        if (head.isEmpty() || (int) head.get()[0] != READER_VERSION) {
            return Optional.empty();
        }
        if (head.get()[1] != null) {
            return Optional.of(AttachmentText.unreadable(null, (String) head.get()[1]));
        }
        List<AttachmentText.Part> parts = jdbc.sql("select label, text, unreadable from media_text_part "
                        + "where media_id = ? order by position")
                .param(mediaId)
                .query((rs, row) -> new AttachmentText.Part(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
        return Optional.of(AttachmentText.readable(null, parts, (boolean) head.get()[2]));
    }

    private void store(String mediaId, AttachmentText text) {
        ownTransaction.executeWithoutResult(status -> {
            jdbc.sql("delete from media_text where media_id = ? and reader_version <> ?")
                    .params(mediaId, READER_VERSION).update();
            int inserted = jdbc.sql("insert into media_text (media_id, reader_version, unreadable, truncated, read_at) "
                            + "values (?, ?, ?, ?, ?) on conflict do nothing")
                    .params(mediaId, READER_VERSION, text.unreadable(), text.truncated(),
                            Timestamp.from(clock.instant()))
                    .update();
            if (inserted == 0) {
                return;
            }
            for (int i = 0; i < text.parts().size(); i++) {
                AttachmentText.Part part = text.parts().get(i);
                jdbc.sql("insert into media_text_part (media_id, position, label, text, unreadable) "
                                + "values (?, ?, ?, ?, ?)")
                        .params(mediaId, i, part.label(), part.text(), part.unreadable()).update();
            }
        });
    }
}
