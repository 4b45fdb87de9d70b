package org.jwtgate.container.javax;

import javax.servlet.http.HttpSessionEvent;
import javax.servlet.http.HttpSessionListener;

import org.jwtgate.container.TestBridge;

/**
 * Counts the sessions the container creates for the application, whoever asks for them: the
 * contract says the filter creates none. Twin of {@code container.jakarta.SessionCounter}.
 */
public class SessionCounter implements HttpSessionListener {

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        TestBridge.sessionCreated(event.getSession().getServletContext().getContextPath());
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        // Only creation matters.
    }
}
