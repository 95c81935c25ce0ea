package cn.tongfa.connector.wechat;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Hosts the sandbox's WeChat simulator for the connector's tests, plus an image for article bodies, a
 * callback endpoint that hands checked {@code PUBLISHJOBFINISH} events to the connector a test registered (in
 * the hub the endpoint goes through Kafka; here the connector is in the same process), and a count of the API
 * calls the simulator received.
 */
@SpringBootApplication
class WechatSandboxApplication {

    /** Counts the WeChat API calls by endpoint ({@code draft/add}, {@code freepublish/submit}…), answered or not. */
    @Component
    static class ApiCalls extends OncePerRequestFilter {

        private static final String API = "/sandbox/wechat/cgi-bin/";

        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        int count(String endpoint) {
            AtomicInteger count = counts.get(endpoint);
            return count == null ? 0 : count.get();
        }

        void clear() {
            counts.clear();
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = request.getRequestURI();
            if (path.startsWith(API)) {
                counts.computeIfAbsent(path.substring(API.length()), endpoint -> new AtomicInteger()).incrementAndGet();
            }
            chain.doFilter(request, response);
        }
    }

    /** An image outside the hub's media library, counting who asks for it: no connector may. */
    @RestController
    static class TestImages {

        static final AtomicInteger HITS = new AtomicInteger();

        @GetMapping("/test-media/picture.jpg")
        ResponseEntity<byte[]> picture() {
            HITS.incrementAndGet();
            return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).body(WechatImages.defaultCover().bytes());
        }
    }

    @RestController
    static class TestCallbacks {

        /** Per agency: the callback checks and the connector that gets the events. */
        static final Map<String, Map.Entry<WechatCallbacks, WechatConnector>> RECEIVERS = new ConcurrentHashMap<>();

        @PostMapping(value = "/test-callbacks/wechat/{agency}", produces = MediaType.TEXT_PLAIN_VALUE)
        ResponseEntity<String> receive(@PathVariable String agency,
                @RequestParam(required = false) String signature, @RequestParam(required = false) String timestamp,
                @RequestParam(required = false) String nonce,
                @RequestParam(name = "encrypt_type", required = false) String encryptType,
                @RequestParam(name = "msg_signature", required = false) String msgSignature,
                @RequestBody(required = false) String body) {
            Map.Entry<WechatCallbacks, WechatConnector> receiver = RECEIVERS.get(agency);
            if (receiver == null) {
                return ResponseEntity.status(404).body("no receiver");
            }
            try {
                receiver.getKey().receive(agency,
                        new WechatCallbacks.Request(signature, timestamp, nonce, encryptType, msgSignature), body)
                        .ifPresent(receiver.getValue()::publishJobFinished);
                return ResponseEntity.ok("success");
            } catch (WechatCallbackRejected e) {
                return ResponseEntity.status(403).body(e.getMessage());
            }
        }
    }
}
