package cn.tongfa.sandbox;

import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns an injected fault into the HTTP status it asked for. */
@RestControllerAdvice(basePackageClasses = SandboxExceptionHandler.class)
class SandboxExceptionHandler {

    @ExceptionHandler(SandboxFaults.InjectedFailure.class)
    ResponseEntity<Map<String, Object>> injected(SandboxFaults.InjectedFailure failure) {
        return ResponseEntity.status(failure.status()).body(Map.of("error", failure.getMessage()));
    }
}
