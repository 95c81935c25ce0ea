package cn.tongfa.connector.portal;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boots the sandbox (and nothing else) for the portal connector's tests. */
@SpringBootApplication
class PortalSandboxApplication {
}
