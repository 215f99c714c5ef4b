/**
 * soen-cloud: send a training run to a GPU cloud and bring the results back.
 *
 * <p>Start with {@link org.soen.cloud.CloudTrainer}: it loads a training YAML's {@code cloud:}
 * section (or takes a {@link org.soen.cloud.CloudConfig} built in code), estimates the cost,
 * submits the job to a provider found through {@link java.util.ServiceLoader}, and lets you
 * follow, stop, attach to and download from it. Every failure is a
 * {@link org.soen.cloud.SoenCloudException}.
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    // Users' -Xlint:all finds no org.immutables.value.Generated (a compile-only dependency) on
    // our classes, and the generated builder stays hidden: its documented methods show in each
    // public X.Builder that extends it, as if declared there.
    allowedClasspathAnnotations = Override.class,
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE,
    overshadowImplementation = true,
    defaults = @Value.Immutable(copy = true),
    redactedMask = "****",
    jdkOnly = true)
package org.soen.cloud;

import org.immutables.value.Value;
