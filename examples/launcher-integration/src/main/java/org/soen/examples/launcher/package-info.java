/** A training launcher that submits to the cloud when its YAML's {@code cloud.active} is true. */
package org.soen.examples.launcher;
