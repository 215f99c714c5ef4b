package org.soen.cloud.lambdalabs.internal;

import java.util.List;

/** One entry of {@code GET /instance-types}: price and where capacity exists now. */
record InstanceTypeInfo(String name, String gpuDescription, int priceCentsPerHour, List<String> regionsWithCapacity) {}
