package cn.tongfa.hub.item;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Whether a GIF is animated: more than one image in its block structure (GIF89a: header, screen descriptor,
 * colour table, then extension and image blocks up to the trailer). Streams the file and stops at the second
 * image, so that a large animation costs no more than its first frame; decodes no pixels.
 */
final class GifFrames {

    private GifFrames() {
    }

    /** True for two images or more; a truncated or malformed file counts what was read. */
    static boolean isAnimated(InputStream stream) throws IOException {
        InputStream in = new BufferedInputStream(stream);
        byte[] header = in.readNBytes(13);
        if (header.length < 13 || header[0] != 'G' || header[1] != 'I' || header[2] != 'F') {
            return false;
        }
        try {
            skipColourTable(in, header[10]);
            int images = 0;
            while (true) {
                int block = in.read();
                if (block == 0x2C) {
                    if (++images > 1) {
                        return true;
                    }
                    byte[] descriptor = in.readNBytes(9);
                    if (descriptor.length < 9) {
                        return false;
                    }
                    skipColourTable(in, descriptor[8]);
                    in.skipNBytes(1); // LZW minimum code size
                    skipSubBlocks(in);
                } else if (block == 0x21) {
                    in.skipNBytes(1); // label
                    skipSubBlocks(in);
                } else {
                    return false; // trailer (0x3B), end of file or garbage
                }
            }
        } catch (EOFException truncated) {
            return false;
        }
    }

    private static void skipColourTable(InputStream in, byte packed) throws IOException {
        if ((packed & 0x80) != 0) {
            in.skipNBytes(3L * (1 << ((packed & 0x07) + 1)));
        }
    }

    private static void skipSubBlocks(InputStream in) throws IOException {
        int size;
        while ((size = in.read()) > 0) {
            in.skipNBytes(size);
        }
        if (size < 0) {
            throw new EOFException();
        }
    }
}
