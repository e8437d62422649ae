package dev.millrace.platform;

import dev.millrace.workers.CreditWorkers;
import dev.millrace.workers.DeploymentWorkers;
import dev.millrace.workers.MessageWorkers;
import dev.millrace.workers.TrainingWorkers;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The job workers of {@code engine-workers} whose ports the platform implements: credits
 * (credits.DoubleEntryLedger, credits.ChargesByTariff), training (training.RunSteps,
 * datasets.DatasetTrainingChecks, training.RunRegistration), deployments
 * (deployments.DeploymentSteps) and message publishing. They run in both engine modes.
 */
@Configuration(proxyBeanMethods = false)
@Import({CreditWorkers.class, TrainingWorkers.class, DeploymentWorkers.class, MessageWorkers.class})
class LifecycleWorkers {}
