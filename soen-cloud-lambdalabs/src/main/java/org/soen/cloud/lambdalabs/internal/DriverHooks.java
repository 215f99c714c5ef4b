package org.soen.cloud.lambdalabs.internal;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The hooks a test sets on a {@link LambdaBackend}, handed to every job it drives: each driver
 * reads them as they are when it calls them, so a hook set after a job started still applies.
 * Untouched, they do nothing and keep the production timings.
 */
final class DriverHooks implements LambdaJob.Hooks {
  private volatile Consumer<Step> afterStep = s -> {};
  private volatile BiConsumer<Step, Integer> afterCommand = (s, i) -> {};
  private volatile Duration watchdogPoll = Autodown.POLL;
  private volatile LaunchGuardProcess.Timing guardTiming = LaunchGuardProcess.Timing.SYSTEM;
  private volatile Consumer<LaunchGuardProcess> guardStarted = g -> {};

  void onStep(Consumer<Step> hook) {
    this.afterStep = hook;
  }

  void onCommand(BiConsumer<Step, Integer> hook) {
    this.afterCommand = hook;
  }

  void watchdogPoll(Duration poll) {
    this.watchdogPoll = poll;
  }

  void launchGuards(LaunchGuardProcess.Timing timing, Consumer<LaunchGuardProcess> started) {
    this.guardTiming = timing;
    this.guardStarted = started;
  }

  @Override
  public void afterStep(Step step) {
    afterStep.accept(step);
  }

  @Override
  public void afterCommand(Step step, int index) {
    afterCommand.accept(step, index);
  }

  @Override
  public Duration watchdogPoll() {
    return watchdogPoll;
  }

  @Override
  public LaunchGuardProcess.Timing guardTiming() {
    return guardTiming;
  }

  @Override
  public void guardStarted(LaunchGuardProcess guard) {
    guardStarted.accept(guard);
  }
}
