package org.soen.cloud.aws.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.soen.cloud.aws.rules.ServiceRules;
import org.soen.cloud.aws.rules.Violation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * An SDK interceptor that checks every request against {@link ServiceRules} before it is sent:
 * each call of an operation the rules describe is handed, with its violations (none if it is
 * valid), to a listener. Tests pass one to {@link AwsClients#create(org.soen.cloud.CloudConfig, Map, List)}
 * to prove that every request soen-cloud sends (S3, STS, Secrets Manager and the Price List included) satisfies the
 * published models; {@link #refusing()} makes a violation an error instead.
 */
final class ModelCheckingInterceptor implements ExecutionInterceptor {
  /** The SDK's service names, by the rules' service keys. */
  private static final Map<String, String> SERVICES = Map.of("sagemaker", "sagemaker", "cloudwatchlogs", "logs",
      "s3", "s3", "sts", "sts", "secretsmanager", "secretsmanager", "pricing", "pricing");

  private final ServiceRules rules;
  private final BiConsumer<String, List<Violation>> listener;

  /** An interceptor that hands {@code service.Operation} and its violations to {@code listener}. */
  ModelCheckingInterceptor(ServiceRules rules, BiConsumer<String, List<Violation>> listener) {
    this.rules = rules;
    this.listener = listener;
  }

  /** An interceptor that refuses a request breaking its model with AWS's validation message. */
  static ModelCheckingInterceptor refusing() {
    return new ModelCheckingInterceptor(SageMakerRequestRules.RULES, (call, violations) -> {
      if (!violations.isEmpty()) {
        throw new IllegalStateException(call + " would be refused by AWS: " + ServiceRules.validationMessage(violations));
      }
    });
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String sdkService = Optional.ofNullable(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)).orElse("");
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    String service = SERVICES.get(sdkService.toLowerCase(Locale.ROOT));
    if (service == null || operation == null || !rules.operations(service).contains(operation)) {
      return;
    }
    listener.accept(service + "." + operation, rules.check(service, operation, SdkJson.of(context.request())));
  }
}
