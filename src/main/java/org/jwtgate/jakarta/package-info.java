/**
 * The JwtGate filter for {@code jakarta.servlet} containers (Servlet 5.0, 6.0, 6.1: Tomcat 10.1
 * and 11, Jetty 12 ee10). Register {@link org.jwtgate.jakarta.JwtAuthenticationFilter} in web.xml.
 */
package org.jwtgate.jakarta;
