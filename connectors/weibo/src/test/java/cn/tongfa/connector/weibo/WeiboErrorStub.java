package cn.tongfa.connector.weibo;

import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers what the simulator cannot be made to answer to a well-behaved client: {@code share.json} refuses
 * with the error code the token names ({@code code-20012}) or fails with the HTTP status it names
 * ({@code http-502}); the timeline is always empty.
 */
@RestController
@RequestMapping("/stub/weibo/2/statuses")
class WeiboErrorStub {

    @PostMapping("/share.json")
    ResponseEntity<?> share(@RequestParam("access_token") String token) {
        if (token.startsWith("http-")) {
            return ResponseEntity.status(Integer.parseInt(token.substring(5))).contentType(MediaType.TEXT_HTML)
                    .body("<html><body>Bad Gateway</body></html>");
        }
        int code = Integer.parseInt(token.substring("code-".length()));
        return ResponseEntity.badRequest().body(Map.of("error", "stubbed error " + code, "error_code", code,
                "request", "/2/statuses/share.json"));
    }

    @GetMapping("/user_timeline.json")
    Map<String, Object> timeline() {
        return Map.of("statuses", List.of(), "total_number", 0);
    }
}
