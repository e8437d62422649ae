package dev.millrace.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The platform's own settings (prefix {@code millrace}); the engine's are in {@code
 * engine.EngineProperties}.
 *
 * @param dataDir where the embedded database, engine, datasets and artifacts live
 * @param bootstrapApiKey the first admin key, taken on the very first start only (from {@code
 *     MILLRACE_BOOTSTRAP_API_KEY}); empty: one is generated and printed once
 */
@ConfigurationProperties("millrace")
public record PlatformProperties(Path dataDir, String bootstrapApiKey) {}
