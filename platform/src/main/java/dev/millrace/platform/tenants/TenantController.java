package dev.millrace.platform.tenants;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tenants")
@Tag(name = "tenants", description = "Organisations using the platform")
class TenantController {

  private final Tenants tenants;
  private final TenantAccess access;

  TenantController(Tenants tenants, TenantAccess access) {
    this.tenants = tenants;
    this.access = access;
  }

  record CreateTenant(
      @NotBlank
          @Size(max = 100)
          @Pattern(
              regexp = "[a-z0-9]([a-z0-9-]*[a-z0-9])?",
              message = "must be lower-case letters, digits and inner hyphens")
          String name) {}

  record TenantView(UUID id, String name, Instant createdAt) {
    static TenantView of(Tenant tenant) {
      return new TenantView(tenant.id(), tenant.name(), tenant.createdAt());
    }
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create a tenant (admin)")
  TenantView create(Caller caller, @Valid @RequestBody CreateTenant body) {
    return TenantView.of(tenants.create(caller, body.name()));
  }

  @GetMapping
  @Operation(summary = "List tenants: all for an admin, one's own for a member")
  List<TenantView> list(Caller caller) {
    return tenants.visibleTo(caller).stream().map(TenantView::of).toList();
  }

  @GetMapping("/{tenantId}")
  @Operation(summary = "One tenant (a member sees only its own; others answer 404)")
  TenantView get(Caller caller, @PathVariable UUID tenantId) {
    return TenantView.of(access.visibleTenant(caller, tenantId));
  }
}
