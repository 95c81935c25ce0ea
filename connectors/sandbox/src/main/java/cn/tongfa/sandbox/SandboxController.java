package cn.tongfa.sandbox;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The sandbox's own API: what each simulated channel received, and its fault knobs. */
@RestController
@RequestMapping("/sandbox/{channel:portal|disclosure|wechat|weibo}")
class SandboxController {

    private final SandboxRecorder recorder;
    private final SandboxFaults faults;
    private final List<SandboxPostSource> sources;

    SandboxController(SandboxRecorder recorder, SandboxFaults faults, List<SandboxPostSource> sources) {
        this.recorder = recorder;
        this.faults = faults;
        this.sources = sources;
    }

    @GetMapping("/posts")
    List<SandboxPost> posts(@PathVariable String channel) {
        return sources.stream()
                .filter(source -> source.channel().equals(channel))
                .findFirst()
                .map(SandboxPostSource::posts)
                .orElseGet(() -> recorder.posts(channel));
    }

    @DeleteMapping("/posts")
    ResponseEntity<Void> clear(@PathVariable String channel) {
        sources.stream().filter(source -> source.channel().equals(channel)).forEach(SandboxPostSource::clear);
        recorder.clear(channel);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/faults")
    SandboxFaults.Faults faults(@PathVariable String channel) {
        return faults.get(channel);
    }

    @PutMapping("/faults")
    SandboxFaults.Faults setFaults(@PathVariable String channel, @RequestBody SandboxFaults.Faults wanted) {
        return faults.set(channel, wanted);
    }

    @DeleteMapping("/faults")
    ResponseEntity<Void> clearFaults(@PathVariable String channel) {
        faults.clear(channel);
        return ResponseEntity.noContent().build();
    }
}
