package dev.millrace.platform.web;

import dev.millrace.platform.tenants.ApiKeys;
import dev.millrace.platform.tenants.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer <API key>}. No header: the request goes on anonymously (the
 * authorisation rules then decide). A header that is not a valid, active key: 401 at once, on any
 * path (RFC 6750: a presented but invalid token is an error, not anonymity).
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";

  private final ApiKeys keys;
  private final ProblemResponses problems;

  ApiKeyAuthenticationFilter(ApiKeys keys, ProblemResponses problems) {
    this.keys = keys;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      chain.doFilter(request, response);
      return;
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      reject(response, "The Authorization header must be 'Bearer <API key>'");
      return;
    }
    Optional<Caller> caller = keys.authenticate(header.substring(BEARER.length()).trim());
    if (caller.isEmpty()) {
      reject(response, "Unknown or revoked API key");
      return;
    }
    var authentication =
        UsernamePasswordAuthenticationToken.authenticated(
            caller.get(),
            null,
            List.of(new SimpleGrantedAuthority("ROLE_" + caller.get().role().name())));
    SecurityContextHolder.getContext().setAuthentication(authentication);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }

  private void reject(HttpServletResponse response, String detail) throws IOException {
    response.setHeader(
        HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"millrace\", error=\"invalid_token\"");
    problems.write(response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", detail));
  }
}
