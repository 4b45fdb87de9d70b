package org.jwtgate.example;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The load test's peer ({@code spring-hot} and {@code spring-pool} in {@code run.sh}): the same
 * {@link HelloServlet} behind Spring Security's OAuth2 resource server, configured as a Spring user
 * configures an API that takes RS256 bearer tokens signed by a known key, and checked against the
 * same issuer and audience as JwtGate in {@code web-filter.xml}.
 *
 * <p>Plain Spring, not Spring Boot: {@code web-spring.xml} starts this configuration with Spring's
 * {@code ContextLoaderListener} and puts the chain in front of the servlet with a
 * {@code DelegatingFilterProxy} named {@code springSecurityFilterChain}, on the embedded Tomcat the
 * load test already starts for every server. Boot would bring its own embedded Tomcat and start-up
 * to bypass; what it would configure here is what this class configures: Boot's resource server
 * auto-configuration for {@code spring.security.oauth2.resourceserver.jwt.public-key-location},
 * {@code issuer-uri} and {@code audiences} builds the same decoder with the same validators, and the
 * request path (the filter chain, {@code BearerTokenAuthenticationFilter},
 * {@code JwtAuthenticationProvider}, {@code NimbusJwtDecoder}) is the same either way.
 *
 * <p>The public key is the PEM that {@code run.sh} puts in {@code JWTGATE_LOAD_PUBLIC_KEY} for
 * JwtGate, read with the converter Boot uses for {@code public-key-location}.
 */
@Configuration
@EnableWebSecurity
public class SpringPeerSecurity {

    /** As in {@code web-filter.xml} and {@link LoadTokens}. */
    static final String ISSUER = "https://login.example.com/realms/web";
    static final String AUDIENCE = "orders-api";

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        // An API of bearer tokens: every request authenticated, no session, no CSRF token (there
        // is no cookie to forge a request with). Everything else is Spring Security's default,
        // its response headers (Cache-Control, X-Content-Type-Options, X-Frame-Options, ...) too.
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> jwt.decoder(jwtDecoder())));
        return http.build();
    }

    @Bean
    JwtDecoder jwtDecoder() {
        String pem = System.getenv("JWTGATE_LOAD_PUBLIC_KEY");
        if (pem == null || pem.isBlank()) {
            throw new IllegalStateException("JWTGATE_LOAD_PUBLIC_KEY is not set: run.sh puts the load test's PEM public key there");
        }
        RSAPublicKey key = RsaKeyConverters.x509().convert(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key).signatureAlgorithm(SignatureAlgorithm.RS256).build();
        // Spring's defaults (exp and nbf, 60 s of clock skew where JwtGate allows 30) plus issuer and
        // audience: what Boot sets up for issuer-uri and audiences.
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(
                List.of(new JwtIssuerValidator(ISSUER), new JwtAudienceValidator(AUDIENCE))));
        return decoder;
    }
}
