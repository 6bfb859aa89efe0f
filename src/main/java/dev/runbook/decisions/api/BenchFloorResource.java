package dev.runbook.decisions.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.runbook.decisions.security.Roles;

/**
 * The floor of the HTTP benchmarks: the same route, authentication, rate limit and body reading as a decision, and a
 * constant answer instead of deciding. Off (404) unless {@code runbook.bench.floor-enabled=true}, which only
 * bench/run.sh sets.
 */
@Path("/api/v1/bench/floor")
public class BenchFloorResource {

    private static final String CONSTANT = "{\"incidentType\":\"UNCLASSIFIED\",\"severity\":\"P4\",\"responseTimeMinutes\":1440}";

    private final boolean enabled;

    public BenchFloorResource(@ConfigProperty(name = "runbook.bench.floor-enabled", defaultValue = "false") boolean enabled) {
        this.enabled = enabled;
    }

    @POST
    @RolesAllowed(Roles.EVALUATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String floor(byte[] body) {
        if (!enabled) {
            throw new NotFoundException("The benchmark floor is off");
        }
        return CONSTANT;
    }
}
