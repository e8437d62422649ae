package dev.millrace.conformance.junit;

import dev.millrace.conformance.engine.EngineLauncher;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Names the engine a runner class runs every conformance suite against. Put it on a concrete
 * subclass of {@link EngineConformance}; the engine is launched once before the runner's first
 * scenario and closed after its last.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EngineExtension.class)
public @interface ConformanceEngine {

  Class<? extends EngineLauncher> value();
}
