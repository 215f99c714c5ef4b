package org.soen.cloud.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link java.nio.file.Path} test parameter that receives the soen home folder (holding
 * {@code jobs/}, the journal) the {@link SoenCloudExtension} made for the test.
 *
 * <pre>{@code
 * @Test
 * void journal(CloudTrainer trainer, @SoenHome Path home) {
 *   ...
 *   assertThat(home.resolve("jobs")).isDirectory();
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface SoenHome {}
