package dev.millrace.platform.tenants;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "api-keys", description = "API keys: shown once at creation, stored hashed")
class ApiKeyController {

  private final ApiKeys keys;

  ApiKeyController(ApiKeys keys) {
    this.keys = keys;
  }

  /**
   * @param tenantId the tenant of a member key (an admin must name it; a member may omit it)
   * @param role MEMBER (default) or ADMIN (admin keys only, without a tenant)
   */
  record CreateApiKey(@NotBlank @Size(max = 100) String name, UUID tenantId, Role role) {}

  record ApiKeyView(
      UUID id,
      String name,
      Role role,
      UUID tenantId,
      String prefix,
      Instant createdAt,
      Instant revokedAt) {
    static ApiKeyView of(ApiKey key) {
      return new ApiKeyView(
          key.id(),
          key.name(),
          key.role(),
          key.tenantId(),
          key.prefix(),
          key.createdAt(),
          key.revokedAt());
    }
  }

  /** The answer to a creation: the only response that ever carries the key itself. */
  record IssuedApiKeyView(
      UUID id,
      String name,
      Role role,
      UUID tenantId,
      String prefix,
      Instant createdAt,
      String key) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create a key; the response is the only time the key is shown")
  IssuedApiKeyView create(Caller caller, @Valid @RequestBody CreateApiKey body) {
    ApiKeys.Issued issued = keys.create(caller, body.name(), body.tenantId(), body.role());
    ApiKey key = issued.key();
    return new IssuedApiKeyView(
        key.id(),
        key.name(),
        key.role(),
        key.tenantId(),
        key.prefix(),
        key.createdAt(),
        issued.secret());
  }

  @GetMapping
  @Operation(summary = "List keys (never their secrets): a member sees its tenant's")
  List<ApiKeyView> list(Caller caller, @RequestParam(required = false) UUID tenantId) {
    return keys.visibleTo(caller, tenantId).stream().map(ApiKeyView::of).toList();
  }

  @GetMapping("/current")
  @Operation(summary = "The key making this call: its role and tenant")
  ApiKeyView current(Caller caller) {
    return ApiKeyView.of(keys.get(caller, caller.keyId()));
  }

  @GetMapping("/{keyId}")
  ApiKeyView get(Caller caller, @PathVariable UUID keyId) {
    return ApiKeyView.of(keys.get(caller, keyId));
  }

  @DeleteMapping("/{keyId}")
  @Operation(summary = "Revoke a key; it stops working at once")
  ApiKeyView revoke(Caller caller, @PathVariable UUID keyId) {
    return ApiKeyView.of(keys.revoke(caller, keyId));
  }
}
