/**
 * A fake Lambda Cloud for tests: the REST API on 127.0.0.1 with the real paths, shapes and error
 * bodies, and one embedded SSH server per launched instance whose commands really run in a
 * sandbox folder. Start it with {@link org.soen.cloud.testkit.lambda.FakeLambdaCloud#start}.
 */
package org.soen.cloud.testkit.lambda;
