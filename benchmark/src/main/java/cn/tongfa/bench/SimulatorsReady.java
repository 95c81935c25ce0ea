package cn.tongfa.bench;

import java.io.IOException;

import cn.tongfa.bench.env.ChildJvm;
import cn.tongfa.bench.env.Http;

/** Waits until the simulators' web server answers. */
final class SimulatorsReady {

    private SimulatorsReady() {
    }

    static void await(String url, ChildJvm simulators) throws InterruptedException {
        Http http = new Http(url, null);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            simulators.checkAlive();
            try {
                if (http.get("/sandbox/weibo/posts").status() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the simulators did not start; see " + simulators.log());
    }
}
