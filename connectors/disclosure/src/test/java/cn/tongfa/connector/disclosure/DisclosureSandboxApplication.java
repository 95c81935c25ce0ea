package cn.tongfa.connector.disclosure;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boots the sandbox (and nothing else) for the disclosure connector's tests. */
@SpringBootApplication
class DisclosureSandboxApplication {
}
