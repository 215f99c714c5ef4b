/**
 * The service-provider interface: how a cloud plugs into soen-cloud.
 *
 * <p>A provider jar ships a tiny, stateless {@link org.soen.cloud.spi.TrainingBackendProvider}
 * registered in {@code META-INF/services/org.soen.cloud.spi.TrainingBackendProvider}. For each
 * {@link org.soen.cloud.CloudTrainer} it creates one {@link org.soen.cloud.spi.TrainingBackend},
 * given a {@link org.soen.cloud.spi.BackendContext} with the clock, the journal, the event sink,
 * the pricing catalog and the environment. The testkit's {@code TrainingBackendContract} is the
 * suite every backend must pass.
 */
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    // Users' -Xlint:all finds no org.immutables.value.Generated (a compile-only dependency) on
    // our classes, and the generated builder stays hidden: its documented methods show in each
    // public X.Builder that extends it, as if declared there.
    allowedClasspathAnnotations = Override.class,
    builderVisibility = Value.Style.BuilderVisibility.PACKAGE,
    overshadowImplementation = true,
    redactedMask = "****",
    jdkOnly = true)
package org.soen.cloud.spi;

import org.immutables.value.Value;
