package org.soen.cloud.lambdalabs.internal;

import java.util.Map;
import java.util.Optional;

/** An instance as the API reports it. {@code sshPort} is 22 unless the answer names another. */
record LambdaInstance(String id, String name, String status, Optional<String> ip, int sshPort,
    String region, String instanceType, int priceCentsPerHour, Map<String, String> tags) {}
