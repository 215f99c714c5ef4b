package org.soen.cloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.CostSoFar;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.JobHandle;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.TrainingBackend;
import org.soen.cloud.spi.TrainingBackendProvider;

/** A job's cost so far is priced once per trainer, however often it is asked (a console refreshes it). */
class CostSoFarPricingTest {
  @TempDir Path dir;

  @Test
  void costSoFar_askedRepeatedly_asksTheProviderForTheJobsPriceOnce() {
    ManualClock clock = ManualClock.create();
    FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
    AtomicInteger livePrices = new AtomicInteger();
    try (CloudTrainer trainer = CloudTrainer.builder().provider(counting(fake.provider(), livePrices))
        .discoverProviders(false).clock(clock).sleeper(clock).home(dir.resolve("home"))
        .environment(Map.of()).build()) {
      fake.enqueue(FakeJob.completesAfterPolls(100));
      JobHandle job = trainer.submit(CloudConfig.builder().provider("fake")
          .instance(InstanceSpec.builder().instanceType("fake-gpu-1x").build())
          .command(List.of("train")).baseDirectory(dir).build());
      int afterSubmit = livePrices.get();

      clock.advance(Duration.ofMinutes(30));
      CostSoFar first = trainer.costSoFar(job);
      clock.advance(Duration.ofMinutes(30));
      CostSoFar second = trainer.costSoFar(job);
      trainer.costSoFar(job);

      assertThat(livePrices.get() - afterSubmit).as("live price lookups after the submission").isEqualTo(1);
      assertThat(first.totalUsd()).hasValueSatisfying(t -> assertThat(t).isEqualByComparingTo("0.50"));
      assertThat(second.totalUsd()).hasValueSatisfying(t -> assertThat(t).isEqualByComparingTo("1.00"));
    }
  }

  /** {@code provider} whose backends count their {@code livePrice} calls in {@code calls}. */
  private static TrainingBackendProvider counting(TrainingBackendProvider provider, AtomicInteger calls) {
    return new TrainingBackendProvider() {
      @Override
      public String id() {
        return provider.id();
      }

      @Override
      public String defaultInstanceType() {
        return provider.defaultInstanceType();
      }

      @Override
      public List<org.soen.cloud.Setting<?>> settings() {
        return provider.settings();
      }

      @Override
      public TrainingBackend create(BackendContext context) {
        TrainingBackend backend = provider.create(context);
        return (TrainingBackend) Proxy.newProxyInstance(TrainingBackend.class.getClassLoader(),
            new Class<?>[] {TrainingBackend.class}, (proxy, method, args) -> {
              if (method.getName().equals("livePrice")) {
                calls.incrementAndGet();
              }
              try {
                return method.invoke(backend, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
      }
    };
  }
}
