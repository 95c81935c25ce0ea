package cn.tongfa.hub.connector.wechat;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.core.instrument.MeterRegistry;

import tools.jackson.databind.json.JsonMapper;

import cn.tongfa.connector.api.Topics;
import cn.tongfa.connector.wechat.PublishJobFinished;
import cn.tongfa.connector.wechat.WechatCallbackRejected;
import cn.tongfa.connector.wechat.WechatCallbacks;

/**
 * The server URL (服务器地址) of each agency's WeChat official account: {@code {public-url}/callbacks/wechat/{agency}}.
 * WeChat checks it once with a GET ({@code echostr}), then pushes events to it; the hub uses
 * {@code PUBLISHJOBFINISH}. A request whose signature (or, in safe mode, message signature, key and AppID) does not
 * check out is answered 403 and nothing of it is used. A checked event goes onto
 * {@value Topics#WECHAT_PUBLISH_JOBS}, which the WeChat connector reads in whichever process runs it; the answer
 * {@code success} is given only once Kafka has the event, so that WeChat tries again otherwise. Every other
 * message is answered {@code success} and ignored.
 *
 * <p>Served by every process (the endpoint needs no database), so the account's URL may point at any of them.
 */
@RestController
@RequestMapping("/callbacks/wechat")
class WechatCallbackController {

    private static final Logger log = LoggerFactory.getLogger(WechatCallbackController.class);
    /** WeChat gives up on an answer after 5 s (and tries again): answer before. */
    private static final long KAFKA_WAIT_MILLIS = 3_000;

    private final WechatCallbacks callbacks;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final MeterRegistry registry;

    WechatCallbackController(WechatCallbacks callbacks, KafkaTemplate<String, byte[]> kafka, JsonMapper json,
            MeterRegistry registry) {
        this.callbacks = callbacks;
        this.kafka = kafka;
        this.json = json;
        this.registry = registry;
    }

    @GetMapping(value = "/{agency}", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> verify(@PathVariable String agency, @RequestParam(required = false) String signature,
            @RequestParam(required = false) String timestamp, @RequestParam(required = false) String nonce,
            @RequestParam(required = false) String echostr) {
        try {
            return ResponseEntity.ok(callbacks.verifyUrl(agency,
                    new WechatCallbacks.Request(signature, timestamp, nonce, null, null), echostr));
        } catch (WechatCallbackRejected e) {
            return refused(agency, e);
        }
    }

    @PostMapping(value = "/{agency}", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> receive(@PathVariable String agency, @RequestParam(required = false) String signature,
            @RequestParam(required = false) String timestamp, @RequestParam(required = false) String nonce,
            @RequestParam(name = "encrypt_type", required = false) String encryptType,
            @RequestParam(name = "msg_signature", required = false) String msgSignature,
            @RequestBody(required = false) String body) {
        Optional<PublishJobFinished> event;
        try {
            event = callbacks.receive(agency,
                    new WechatCallbacks.Request(signature, timestamp, nonce, encryptType, msgSignature), body);
        } catch (WechatCallbackRejected e) {
            return refused(agency, e);
        }
        if (event.isEmpty()) {
            count(agency, "ignored");
            return ResponseEntity.ok("success");
        }
        PublishJobFinished finished = event.get();
        try {
            kafka.send(Topics.WECHAT_PUBLISH_JOBS, finished.publishId(), json.writeValueAsBytes(finished))
                    .get(KAFKA_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            count(agency, "unavailable");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("retry");
        } catch (Exception e) {
            count(agency, "unavailable");
            // Not lost: WeChat tries again, and the connector polls the job anyway.
            log.warn("WeChat publish job {} of {} finished (status {}), but the event could not be passed on: {}",
                    finished.publishId(), agency, finished.publishStatus(), e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("retry");
        }
        log.info("WeChat pushed the end of publish job {} of {}: status {}{}", finished.publishId(), agency,
                finished.publishStatus(), finished.authenticated() ? "" : " (plain mode: to be confirmed)");
        count(agency, "accepted");
        return ResponseEntity.ok("success");
    }

    private ResponseEntity<String> refused(String agency, WechatCallbackRejected rejected) {
        if (callbacks.knows(agency)) {
            log.warn("Refused a WeChat callback for agency {}: {}", agency, rejected.getMessage());
        } else {
            // The path is the caller's to choose: never echo it into the log.
            log.warn("Refused a WeChat callback for an agency without a WeChat account");
        }
        count(agency, "refused");
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body("forbidden");
    }

    /** The agency label only for configured agencies: the path is the caller's to choose. */
    private void count(String agency, String outcome) {
        registry.counter("tongfa.wechat.callbacks", "agency", callbacks.knows(agency) ? agency : "unknown",
                "outcome", outcome).increment();
    }
}
