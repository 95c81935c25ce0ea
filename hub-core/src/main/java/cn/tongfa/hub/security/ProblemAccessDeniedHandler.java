package cn.tongfa.hub.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

import cn.tongfa.hub.web.ProblemWriter;

/** 403 as problem details. */
@Component
class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    private final ProblemWriter writer;

    ProblemAccessDeniedHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
            throws IOException {
        writer.write(request, response, HttpStatus.FORBIDDEN, "problem.forbidden.detail");
    }
}
