/**
 * The JwtGate filter for {@code javax.servlet} containers (Servlet 3.1 and 4.0: Tomcat 8.5 and 9,
 * Jetty 9.4 and 10, Jetty 12 ee8). Register {@link org.jwtgate.javax.JwtAuthenticationFilter} in
 * web.xml. It is the twin of {@code org.jwtgate.jakarta.JwtAuthenticationFilter}: same behaviour,
 * same core, only the servlet namespace differs. Or, for container-managed security, declare
 * {@link org.jwtgate.javax.JwtAuthModuleInstaller} as a {@code <listener>}: it registers a JASPIC 1.1
 * module for the application (Tomcat 9).
 */
package org.jwtgate.javax;
