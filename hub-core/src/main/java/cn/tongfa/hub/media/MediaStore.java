package cn.tongfa.hub.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Where the bytes of the media library live. Rows of {@code media} describe them; a store only keeps them. */
interface MediaStore {

    /** Takes the checked upload {@code staged} (a temporary file, which the store may move) as media {@code id}. */
    void put(String id, Path staged) throws IOException;

    /** The bytes of media {@code id}; {@link InputStream#skip} is cheap, as range requests need. */
    InputStream open(String id) throws IOException;

    void delete(String id) throws IOException;

    /** Where uploads are staged before {@link #put}: next to the files when a move is cheaper than a copy. */
    default Path staging() throws IOException {
        return null;
    }
}
