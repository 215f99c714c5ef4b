package org.soen.cloud.testkit.lambda;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one instance of a {@link FakeLambdaCloud}, for assertions.
 *
 * @param id the instance id
 * @param name the name given at launch
 * @param instanceType the instance type name
 * @param region the region name
 * @param status Lambda's status ({@code booting}, {@code active}, {@code terminated} ...)
 * @param sshPort the port of the instance's SSH server on 127.0.0.1
 * @param sandbox the folder the instance's commands run in (its {@code HOME})
 * @param launchedAt when it was launched, on the fake's clock
 * @param terminatedAt when it was terminated, if it was
 * @param tags the tags given at launch
 * @param commands every command the instance's SSH server was asked to run, in order
 */
public record FakeLambdaInstance(String id, String name, String instanceType, String region,
    String status, int sshPort, Path sandbox, Instant launchedAt, Optional<Instant> terminatedAt,
    Map<String, String> tags, java.util.List<String> commands) {}
