package cn.tongfa.hub.fetch;

import cn.tongfa.hub.agency.HubUser;

/** Where imported images go: the media library in the hub, a fake in unit tests. */
@FunctionalInterface
public interface ImageSink {

    /**
     * Stores the image for the agency.
     *
     * @return the media id
     * @throws FetchRefused when the library refuses the image (its words, prefixed with the URL)
     */
    String store(String agency, HubUser user, FetchedImage image);
}
