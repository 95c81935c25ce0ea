package cn.tongfa.hub.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

import cn.tongfa.hub.web.ProblemWriter;

/** 401 as problem details, with the Basic challenge so that browsers and curl know what to send. */
@Component
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final ProblemWriter writer;

    ProblemAuthenticationEntryPoint(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"tongfa\", charset=\"UTF-8\"");
        writer.write(request, response, HttpStatus.UNAUTHORIZED, "problem.unauthorized.detail");
    }
}
