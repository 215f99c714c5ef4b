package org.soen.cloud.testkit.lambda.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.sshd.server.SshServer;

/**
 * One instance of a fake Lambda Cloud: what it was launched with, its sandbox and SSH server, and
 * how it stands. Guarded by the {@link FakeAccount} that holds it.
 */
public final class FakeInstance {
  final String id;
  final String name;
  final String type;
  final String region;
  final String keyName;
  final Map<String, String> tags;
  final Instant launchedAt;
  final Path sandbox;
  final SshServer ssh;
  final List<String> commands = Collections.synchronizedList(new ArrayList<>());
  final SwitchableLink link;
  String forcedStatus;
  Instant terminatedAt;

  FakeInstance(String id, String name, String type, String region, String keyName, Map<String, String> tags,
      Instant launchedAt, Path sandbox, SshServer ssh) {
    this.id = id;
    this.name = name;
    this.type = type;
    this.region = region;
    this.keyName = keyName;
    this.tags = tags;
    this.launchedAt = launchedAt;
    this.sandbox = sandbox;
    this.ssh = ssh;
    this.link = SwitchableLink.to(ssh.getPort());
  }

  /** Lambda's status at {@code now}: {@code booting} for {@code bootDelay} after the launch, then {@code active}. */
  String status(Instant now, Duration bootDelay) {
    if (terminatedAt != null) {
      return "terminated";
    }
    if (forcedStatus != null) {
      return forcedStatus;
    }
    return now.isBefore(launchedAt.plus(bootDelay)) ? "booting" : "active";
  }

  /** The instance id. */
  public String id() {
    return id;
  }

  /** The name given at launch. */
  public String name() {
    return name;
  }

  /** The instance type. */
  public String type() {
    return type;
  }

  /** The region. */
  public String region() {
    return region;
  }

  /** The tags given at launch. */
  public Map<String, String> tags() {
    return tags;
  }

  /** When it was launched, on the fake's clock. */
  public Instant launchedAt() {
    return launchedAt;
  }

  /** When it was terminated, or null. */
  public Instant terminatedAt() {
    return terminatedAt;
  }

  /** The folder its commands run in. */
  public Path sandbox() {
    return sandbox;
  }

  /** The port clients reach its SSH server on. */
  public int sshPort() {
    return link.port();
  }

  /** Every command its SSH server was asked to run, in order. */
  public List<String> commands() {
    synchronized (commands) {
      return List.copyOf(commands);
    }
  }

  /** Forces a status; null returns to the clock's. */
  public void forceStatus(String status) {
    this.forcedStatus = status;
  }
}
