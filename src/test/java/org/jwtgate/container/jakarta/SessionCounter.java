package org.jwtgate.container.jakarta;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import org.jwtgate.container.TestBridge;

/**
 * Counts the sessions the container creates for the application, whoever asks for them: the
 * contract says the filter creates none. Twin of {@code container.javax.SessionCounter}.
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
