package dev.millrace.platform.tenants;

import dev.millrace.platform.web.ConflictException;
import java.time.Clock;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating and listing tenants. */
@Service
public class Tenants {

  private final TenantRepository repository;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Tenants(TenantRepository repository, ApplicationEventPublisher events, Clock clock) {
    this.repository = repository;
    this.events = events;
    this.clock = clock;
  }

  /**
   * @throws ConflictException if the name is taken
   */
  @Transactional
  public Tenant create(Caller caller, String name) {
    caller.requireAdmin("create tenants");
    if (repository.findByName(name).isPresent()) {
      throw nameTaken(name);
    }
    try {
      Tenant tenant = repository.saveAndFlush(new Tenant(name, clock.instant()));
      events.publishEvent(new TenantCreated(tenant.id()));
      return tenant;
    } catch (DataIntegrityViolationException raced) {
      throw nameTaken(name);
    }
  }

  /** All tenants for an admin; a member sees only its own. */
  @Transactional(readOnly = true)
  public List<Tenant> visibleTo(Caller caller) {
    if (caller.isAdmin()) {
      return repository.findAll(Sort.by("createdAt", "id"));
    }
    return repository.findById(caller.tenantId()).stream().toList();
  }

  private static ConflictException nameTaken(String name) {
    return new ConflictException("name-taken", "A tenant named '" + name + "' already exists");
  }
}
