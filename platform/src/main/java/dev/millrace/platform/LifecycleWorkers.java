package dev.millrace.platform;

import dev.millrace.workers.CreditWorkers;
import dev.millrace.workers.MessageWorkers;
import dev.millrace.workers.TrainingWorkers;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The job workers of {@code engine-workers} whose ports the platform implements: credits
 * (credits.DoubleEntryLedger, credits.ChargesByTariff), training (training.RunSteps,
 * datasets.DatasetTrainingChecks, training.RunRegistration) and message publishing. They run in
 * both engine modes. {@code DeploymentWorkers} joins once the {@code Deployments} port has an
 * implementation; until then no deployment job is worked (the processes wait, nothing fails).
 */
@Configuration(proxyBeanMethods = false)
@Import({CreditWorkers.class, TrainingWorkers.class, MessageWorkers.class})
class LifecycleWorkers {}
