package cn.tongfa.hub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The module boundaries of DESIGN.md, checked on the compiled classes. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("cn.tongfa");

    private static final JavaClasses WITH_JARS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.tongfa");

    @Test
    void theConnectorApiDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("cn.tongfa.connector.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "cn.tongfa.connector.api..")
                .check(WITH_JARS);
    }

    @Test
    void channelModulesSeeTheApiButNeitherTheRuntimeNorKafkaNorTheHub() {
        noClasses().that().resideInAnyPackage("cn.tongfa.connector.portal..", "cn.tongfa.connector.disclosure..",
                        "cn.tongfa.connector.wechat..", "cn.tongfa.connector.weibo..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.tongfa.connector.runtime..",
                        "org.apache.kafka..", "org.springframework..", "cn.tongfa.hub..", "cn.tongfa.sandbox..")
                .check(WITH_JARS);
    }

    @Test
    void theImagingLibraryForChannelsSeesTheApiAndThumbnailatorOnly() {
        classes().that().resideInAPackage("cn.tongfa.connector.imaging..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.imageio..",
                        "cn.tongfa.connector.api..", "cn.tongfa.connector.imaging..", "net.coobird.thumbnailator..")
                .check(WITH_JARS);
    }

    @Test
    void theRuntimeKnowsNoChannelAndNoHub() {
        noClasses().that().resideInAPackage("cn.tongfa.connector.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.tongfa.connector.portal..",
                        "cn.tongfa.connector.disclosure..", "cn.tongfa.connector.wechat..",
                        "cn.tongfa.connector.weibo..", "cn.tongfa.connector.imaging..", "cn.tongfa.hub..")
                .check(WITH_JARS);
    }

    @Test
    void onlyTheHubsConnectorHostConstructsChannelConnectors() {
        noClasses().that().resideInAPackage("cn.tongfa.hub..")
                .and().resideOutsideOfPackage("cn.tongfa.hub.connector..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.tongfa.connector.portal..",
                        "cn.tongfa.connector.disclosure..", "cn.tongfa.connector.wechat..",
                        "cn.tongfa.connector.weibo..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void onlyTheKafkaPackageTouchesKafkasServerInternals() {
        noClasses().that().resideInAPackage("cn.tongfa..").and().resideOutsideOfPackage("cn.tongfa.hub.kafka..")
                .should().dependOnClassesThat().resideInAnyPackage("kafka..")
                .check(WITH_JARS);
    }
}
