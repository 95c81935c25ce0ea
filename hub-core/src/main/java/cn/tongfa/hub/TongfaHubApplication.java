package cn.tongfa.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Tongfa hub: API, outbox relay, delivery ledger and, by default, the connectors, in one process. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TongfaHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(TongfaHubApplication.class, args);
    }
}
