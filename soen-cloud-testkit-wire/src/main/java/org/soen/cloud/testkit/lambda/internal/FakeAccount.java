package org.soen.cloud.testkit.lambda.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a fake Lambda Cloud account holds and what its tests scripted: instance types, SSH keys,
 * instances, the requests received, and the failures to inject. Its monitor guards all of it; the
 * REST routes, the SSH instances and the fake's own methods lock it, and waiters wait on it.
 */
public final class FakeAccount {
  /** An instance type: its price and the regions that have capacity now. */
  record TypeEntry(String name, int priceCents, List<String> regions) {}

  final Clock clock;
  final Map<String, TypeEntry> types = new LinkedHashMap<>();
  final Map<String, String> sshKeys = new LinkedHashMap<>();
  final Map<String, FakeInstance> instances = new LinkedHashMap<>();
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final List<String> tooManyRequests = Collections.synchronizedList(new ArrayList<>());
  final List<String[]> scriptedErrors = new ArrayList<>();
  final List<Predicate<String>> dropOnCommand = new ArrayList<>();
  int ids;
  Duration bootDelay = Duration.ofMinutes(2);
  int dropLaunchAnswers;
  int failLaunchesAfterCreating;
  int failLaunchStatus;
  int rateLimited;
  RateGate rateGate = new RateGate(Duration.ZERO, Duration.ZERO);
  long dropUploadAfterBytes = -1;
  long clockReads;

  /** An account whose boot delays and billing follow {@code clock}. */
  public FakeAccount(Clock clock) {
    this.clock = clock;
  }

  /** Adds or replaces a type with its price and the regions that have capacity now. */
  public synchronized void instanceType(String name, int priceCentsPerHour, List<String> regionsWithCapacity) {
    types.put(name, new TypeEntry(name, priceCentsPerHour, List.copyOf(regionsWithCapacity)));
  }

  /** Registers an SSH key (OpenSSH public key line) under {@code name}. */
  public synchronized void sshKey(String name, String publicKey) {
    sshKeys.put(name, publicKey);
  }

  /** How long instances stay {@code booting}. */
  public synchronized void bootDelay(Duration delay) {
    this.bootDelay = delay;
  }

  /** The next {@code count} launches happen but their answers are lost. */
  public synchronized void loseLaunchAnswers(int count) {
    this.dropLaunchAnswers = count;
  }

  /** The next {@code count} launches create their instance and then answer {@code status}. */
  public synchronized void failLaunchesAfterCreating(int count, int status) {
    this.failLaunchesAfterCreating = count;
    this.failLaunchStatus = status;
  }

  /** The next {@code count} requests get HTTP 429. */
  public synchronized void rateLimitNext(int count) {
    this.rateLimited = count;
  }

  /** Enforces these intervals between requests and between launches, on the clock. */
  public synchronized void rateLimits(Duration requestInterval, Duration launchInterval) {
    this.rateGate = new RateGate(requestInterval, launchInterval);
  }

  /** The next request to {@code pathPrefix} fails with {@code status} and error {@code code}. */
  public synchronized void failNext(String pathPrefix, int status, String code, String message) {
    scriptedErrors.add(new String[] {pathPrefix, Integer.toString(status), code, message});
  }

  /** The SSH session of an upload is closed once this many stdin bytes went through (once). */
  public synchronized void dropUploadAfter(long bytes) {
    this.dropUploadAfterBytes = bytes;
  }

  /** The SSH session is closed, once, when a command matching {@code command} starts. */
  public synchronized void dropSshOnCommand(Predicate<String> command) {
    dropOnCommand.add(command);
  }

  /** Instance {@code id}; an {@link IllegalArgumentException} naming the known ids when there is none. */
  public synchronized FakeInstance instance(String id) {
    FakeInstance i = instances.get(id);
    if (i == null) {
      throw new IllegalArgumentException("no instance " + id + "; known: " + instances.keySet());
    }
    return i;
  }

  /** Every instance ever launched, in launch order. */
  public synchronized List<FakeInstance> instances() {
    return List.copyOf(instances.values());
  }

  /** Lambda's status of {@code i} now. */
  public synchronized String status(FakeInstance i) {
    return i.status(clock.instant(), bootDelay);
  }

  /** Every request line received ({@code METHOD /path}), in order. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Every request answered HTTP 429, in order. */
  public List<String> tooManyRequests() {
    synchronized (tooManyRequests) {
      return List.copyOf(tooManyRequests);
    }
  }

  /** Counts a read of the clock by an instance and wakes those waiting for one. */
  synchronized void clockRead() {
    clockReads++;
    notifyAll();
  }

  /** Waits at most {@code timeout} (real time) until {@code done} holds; true when it does. */
  public synchronized boolean await(java.util.function.BooleanSupplier done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** How often the instances have read the clock so far. */
  public synchronized long clockReads() {
    return clockReads;
  }

  /** The billing meter: launch-to-terminate (or to now) time of every instance at its price. */
  public synchronized BigDecimal billedUsd() {
    BigDecimal total = BigDecimal.ZERO;
    for (FakeInstance i : instances.values()) {
      Instant end = i.terminatedAt != null ? i.terminatedAt : clock.instant();
      BigDecimal hours = BigDecimal.valueOf(Duration.between(i.launchedAt, end).toMillis())
          .divide(BigDecimal.valueOf(3_600_000L), 10, RoundingMode.HALF_UP);
      total = total.add(hours.multiply(BigDecimal.valueOf(types.get(i.type).priceCents())).movePointLeft(2));
    }
    return total.setScale(4, RoundingMode.HALF_UP);
  }
}
