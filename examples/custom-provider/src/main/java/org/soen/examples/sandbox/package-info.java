/** A provider added through the SPI: {@code sandbox} runs jobs on this machine with a scrubbed environment. */
package org.soen.examples.sandbox;
