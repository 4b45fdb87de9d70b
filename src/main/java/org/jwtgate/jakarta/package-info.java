/**
 * The JwtGate filter for {@code jakarta.servlet} containers (Servlet 5.0, 6.0, 6.1: Tomcat 10.1
 * and 11, Jetty 12 ee10). Register {@link org.jwtgate.jakarta.JwtAuthenticationFilter} in web.xml.
 * Or, for container-managed security (the application's own {@code <security-constraint>}s enforced with the token's roles), declare
 * {@link org.jwtgate.jakarta.JwtAuthModuleInstaller} as a {@code <listener>}: it registers a Jakarta
 * Authentication 3.0 module for the application.
 */
package org.jwtgate.jakarta;
