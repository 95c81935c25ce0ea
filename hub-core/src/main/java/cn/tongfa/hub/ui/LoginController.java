package cn.tongfa.hub.ui;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security checks the form it posts to {@code /login}. */
@Controller
class LoginController {

    private final UiFormat format;

    LoginController(UiFormat format) {
        this.format = format;
    }

    @GetMapping("/login")
    String login(Model model) {
        UiAdvice.addCommon(model, format);
        return "login";
    }
}
