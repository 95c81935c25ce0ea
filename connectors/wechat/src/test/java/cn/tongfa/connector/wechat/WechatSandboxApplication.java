package cn.tongfa.connector.wechat;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Hosts the sandbox's WeChat simulator for the connector's tests, plus an image for article bodies. */
@SpringBootApplication
class WechatSandboxApplication {

    @RestController
    static class TestImages {

        @GetMapping("/test-media/picture.jpg")
        ResponseEntity<byte[]> picture() {
            return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG).body(WechatImages.defaultCover().bytes());
        }
    }
}
