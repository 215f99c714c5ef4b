/**
 * The {@code soen-cloud} command line, built on the public API of soen-cloud only. Start at
 * {@link org.soen.cloud.cli.SoenCloudCli}.
 */
package org.soen.cloud.cli;
