package cn.tongfa.connector.weibo;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boots the sandbox, plus {@link WeiboErrorStub}, for the Weibo connector's tests. */
@SpringBootApplication
class WeiboSandboxApplication {
}
