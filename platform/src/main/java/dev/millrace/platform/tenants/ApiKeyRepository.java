package dev.millrace.platform.tenants;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

  Optional<ApiKey> findBySecretHash(String secretHash);

  List<ApiKey> findByTenantIdOrderByCreatedAt(UUID tenantId);

  List<ApiKey> findAllByOrderByCreatedAt();

  /** Counts revoked keys too: "an admin key was ever created" decides the bootstrap. */
  boolean existsByRole(Role role);

  long countByRoleAndRevokedAtIsNull(Role role);
}
